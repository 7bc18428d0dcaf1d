using BackupifyPortal.Features.Admin;

namespace BackupifyPortal.Tests.Consoles;

public class TwoFactorStandingTests : IAsyncLifetime
{
    private ConsoleWorld world = default!;

    public async Task InitializeAsync() => world = await ConsoleWorld.CreateAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Standing_DuringAndAfterGrace_CountsDownThenRequiresSetup()
    {
        var admin = await world.AddPersonAsync("admin@a.test", world.OrgA, "Admin");
        var person = await world.AddPersonAsync("pat@a.test", world.OrgA);
        var enrolled = await world.AddPersonAsync("eve@a.test", world.OrgA);
        await world.EnrolAsync(enrolled.Id);
        var standing = world.Get<TwoFactorStanding>();
        Assert.False((await standing.GetAsync(person.Id)).Required);

        await world.Get<OrganizationTwoFactorPolicy>().SetAsync(admin.Id, await world.SessionAsync(admin.Id), true, 14);
        world.Clock.Advance(TimeSpan.FromDays(10));
        var during = await standing.GetAsync(person.Id);
        Assert.False(during.MustSetUpNow);
        Assert.Equal(4, during.DaysLeft(world.Clock.GetUtcNow()));

        world.Clock.Advance(TimeSpan.FromDays(4));
        Assert.True((await standing.GetAsync(person.Id)).MustSetUpNow);
        Assert.False((await standing.GetAsync(enrolled.Id)).MustSetUpNow);
    }
}
