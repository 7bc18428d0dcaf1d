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
        var (admin, person, enrolled, standing) = await AdminPersonAndEnrolledAsync();
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

    // Issue 14, no rule in a .razor file: AccountShell and MultiAccountLogin only follow this detour.
    [Fact]
    public async Task RequiredDetour_IsSetup_OnlyAfterGrace_AndOnlyForThePersonWithoutAFactor()
    {
        var (admin, person, enrolled, standing) = await AdminPersonAndEnrolledAsync();
        Assert.Null(await standing.RequiredDetourAsync(person.Id));

        await world.Get<OrganizationTwoFactorPolicy>().SetAsync(admin.Id, await world.SessionAsync(admin.Id), true, 14);
        world.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        Assert.Null(await standing.RequiredDetourAsync(person.Id));

        world.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("/setup", await standing.RequiredDetourAsync(person.Id));
        Assert.Null(await standing.RequiredDetourAsync(enrolled.Id));
    }

    // Issue 14, no rule in a .razor file: SetupWizardPage only shows what this answers.
    [Fact]
    public async Task WizardWithoutALink_AsksForTheMailbox_OnlyAfterGrace_UntilALinkWasOpenedInTheLastDay()
    {
        var admin = await world.AddPersonAsync("admin@a.test", world.OrgA, "Admin");
        var person = await world.AddPersonAsync("pat@a.test", world.OrgA);
        var links = world.Get<SetupLinks>();
        await world.Get<OrganizationTwoFactorPolicy>().SetAsync(admin.Id, await world.SessionAsync(admin.Id), true, 14);
        Assert.False(await links.MustConfirmMailboxAsync(person.Id));

        world.Clock.Advance(TimeSpan.FromDays(14));
        Assert.True(await links.MustConfirmMailboxAsync(person.Id));

        await using (var db = world.Database.CreateDbContext())
        {
            var now = world.Clock.GetUtcNow();
            db.SetupLinks.Add(new BackupifyPortal.Data.SetupLink
            {
                Id = Guid.NewGuid(), UserId = person.Id, TokenHash = "opened", CreatedAt = now, ExpiresAt = now.AddDays(1), UsedAt = now, CreatedBy = admin.Id,
            });
            await db.SaveChangesAsync();
        }
        Assert.False(await links.MustConfirmMailboxAsync(person.Id));

        world.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.True(await links.MustConfirmMailboxAsync(person.Id));
    }

    /// <summary>An admin, a person without a factor and one enrolled, in organisation A; the standing service.</summary>
    private async Task<(Data.PortalUser Admin, Data.PortalUser Person, Data.PortalUser Enrolled, TwoFactorStanding Standing)> AdminPersonAndEnrolledAsync()
    {
        var admin = await world.AddPersonAsync("admin@a.test", world.OrgA, "Admin");
        var person = await world.AddPersonAsync("pat@a.test", world.OrgA);
        var enrolled = await world.AddPersonAsync("eve@a.test", world.OrgA);
        await world.EnrolAsync(enrolled.Id);
        return (admin, person, enrolled, world.Get<TwoFactorStanding>());
    }
}
