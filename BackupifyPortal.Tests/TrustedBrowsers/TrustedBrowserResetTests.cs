using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.TrustedBrowsers;
using BackupifyPortal.Tests.Consoles;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.TrustedBrowsers;

/// <summary>Issue 17 item 3: a 2FA reset by an admin or support leaves no browser that skips the second factor.</summary>
public class TrustedBrowserResetTests : IAsyncLifetime
{
    private ConsoleWorld world = default!;
    private PortalUser admin = default!, customer = default!;

    public async Task InitializeAsync()
    {
        world = await ConsoleWorld.CreateAsync();
        admin = await world.AddPersonAsync("admin@a.test", world.OrgA, "Admin");
        customer = await world.AddPersonAsync("pat@a.test", world.OrgA);
        await world.EnrolAsync(customer.Id);
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Reset2fa_ForgetsEveryTrustedBrowserOfThePerson_AndNoOneElses()
    {
        var now = world.Clock.GetUtcNow();
        await using (var db = world.Database.CreateDbContext())
        {
            db.TrustedBrowsers.AddRange(
                new TrustedBrowser { Id = Guid.NewGuid(), UserId = customer.Id, Browser = "Chrome on Linux", CreatedAt = now, ExpiresAt = now.AddDays(30) },
                new TrustedBrowser { Id = Guid.NewGuid(), UserId = customer.Id, Browser = "Firefox on Windows", CreatedAt = now, ExpiresAt = now.AddDays(30) },
                new TrustedBrowser { Id = Guid.NewGuid(), UserId = admin.Id, Browser = "Safari on macOS", CreatedAt = now, ExpiresAt = now.AddDays(30) });
            await db.SaveChangesAsync();
        }

        var outcome = await world.Get<TwoFactorReset>().ResetAsync(admin.Id, await world.SessionAsync(admin.Id),
            new ResetRequest(customer.Id, "Lost phone", AdminPassword: ConsoleWorld.Password));

        Assert.Equal(ResetOutcome.Done, outcome);
        await using var check = world.Database.CreateDbContext();
        Assert.Equal(0, await check.TrustedBrowsers.CountAsync(b => b.UserId == customer.Id));
        Assert.Equal(1, await check.TrustedBrowsers.CountAsync(b => b.UserId == admin.Id));
    }
}
