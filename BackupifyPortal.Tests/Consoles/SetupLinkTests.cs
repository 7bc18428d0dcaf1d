using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Consoles;

public class SetupLinkTests : IAsyncLifetime
{
    private ConsoleWorld world = default!;
    private PortalUser admin = default!, customer = default!, colleague = default!;

    public async Task InitializeAsync()
    {
        world = await ConsoleWorld.CreateAsync();
        admin = await world.AddPersonAsync("admin@a.test", world.OrgA, "Admin");
        customer = await world.AddPersonAsync("pat@a.test", world.OrgA);
        colleague = await world.AddPersonAsync("sam@a.test", world.OrgA);
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task SetupLink_UsedTwice_SecondTimeIsRefused()
    {
        var token = await SendAsync();
        var links = world.Get<SetupLinks>();

        Assert.Equal(SetupLinkStatus.Accepted, await links.RedeemAsync(token, customer.Id));
        Assert.Equal(SetupLinkStatus.Invalid, await links.RedeemAsync(token, customer.Id));
    }

    [Fact]
    public async Task SetupLink_After24Hours_IsRefused()
    {
        var token = await SendAsync();
        world.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        Assert.Equal(SetupLinkStatus.Invalid, await world.Get<SetupLinks>().RedeemAsync(token, customer.Id));
    }

    [Fact]
    public async Task SetupLink_Within24Hours_IsAccepted()
    {
        var token = await SendAsync();
        world.Clock.Advance(TimeSpan.FromHours(23));

        Assert.Equal(SetupLinkStatus.Accepted, await world.Get<SetupLinks>().RedeemAsync(token, customer.Id));
    }

    [Fact]
    public async Task SetupLink_OpenedByAnotherPerson_IsRefusedAndStaysUsable()
    {
        var token = await SendAsync();
        var links = world.Get<SetupLinks>();

        Assert.Equal(SetupLinkStatus.OtherPerson, await links.RedeemAsync(token, colleague.Id));
        Assert.Equal(SetupLinkStatus.Accepted, await links.RedeemAsync(token, customer.Id));
    }

    [Fact]
    public async Task SetupLink_NewerLinkSent_RetiresTheOlderOne()
    {
        var first = await SendAsync();
        var second = await SendAsync();
        var links = world.Get<SetupLinks>();

        Assert.Equal(SetupLinkStatus.Invalid, await links.RedeemAsync(first, customer.Id));
        Assert.Equal(SetupLinkStatus.Accepted, await links.RedeemAsync(second, customer.Id));
    }

    [Fact]
    public async Task SetupLink_StoresOnlyTheHash_AndEmailTellsWhatToDoIfNotYou()
    {
        var token = await SendAsync();
        await using var db = world.Database.CreateDbContext();
        var row = await db.SetupLinks.SingleAsync();
        Assert.NotEqual(token, row.TokenHash);
        Assert.DoesNotContain(token, row.TokenHash);
        Assert.Equal(admin.Id, row.CreatedBy);
        Assert.Contains("Not you?", (await world.EmailsToAsync(customer.Email!)).Single().Text);
    }

    private async Task<string> SendAsync()
    {
        Assert.True((await world.Get<SetupLinks>().SendAsync(admin.Id, await world.SessionAsync(admin.Id), customer.Id)).Sent);
        return await world.LastSetupTokenSentToAsync(customer.Email!);
    }
}
