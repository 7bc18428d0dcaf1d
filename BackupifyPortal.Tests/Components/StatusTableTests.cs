using BackupifyPortal.Components.Status;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Status;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BackupifyPortal.Tests.Components;

public class StatusTableTests : PortalComponentTest
{
    private readonly FakeTimeProvider clock = new();

    public StatusTableTests()
    {
        Services.AddSingleton<TimeProvider>(clock);
    }

    [Fact]
    public async Task Search_QuickKeystrokes_FilterByTheLastAndRenderTheTableOnce()
    {
        var (user, accounts) = await SignInPersonAsync("Dana Direct", AccountKind.Backupify2);
        await AddServicesAsync(accounts[0].Id, "Finance Shared Drive", "Marketing Mailbox", "Sales Drive");
        var cut = Render<StatusTable>(p => p.AddCascadingValue(accounts[0]).AddCascadingValue(user));
        var rows = () => cut.FindAll("tbody tr").Select(r => r.TextContent).ToList();
        cut.WaitForAssertion(() => Assert.Equal(3, rows().Count));
        var rendersBefore = cut.RenderCount;

        var search = cut.Find("input#status-search");
        var typing = new[] { "F", "Fi", "Fin" }.Select(text => search.InputAsync(new ChangeEventArgs { Value = text })).ToList();
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(3, rows().Count);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        await Task.WhenAll(typing);

        cut.WaitForAssertion(() => Assert.Single(rows(), r => r.Contains("Finance Shared Drive")));
        Assert.Single(rows());
        Assert.Equal(rendersBefore + 1, cut.RenderCount);
        Assert.Equal("Search", cut.Find("label[for=status-search]").TextContent.Trim());
    }

    private async Task AddServicesAsync(Guid accountId, params string[] names)
    {
        await using var db = Database.CreateDbContext();
        db.ProtectedServices.AddRange(names.Select(name => new ProtectedService
        {
            Id = Guid.NewGuid(), AccountId = accountId, Platform = "Google Workspace", Kind = "Drive", Name = name,
            LastBackupAt = DateTimeOffset.UtcNow, State = BackupState.Succeeded, ItemsProtected = 10,
        }));
        await db.SaveChangesAsync();
    }
}
