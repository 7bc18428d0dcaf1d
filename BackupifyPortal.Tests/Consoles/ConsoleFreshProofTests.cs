using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>
/// The consoles' sensitive actions (Reset 2FA, Send setup link, turning the 2FA requirement off) need the acting
/// admin's or agent's fresh proof, checked by the services; and an organisation's 2FA requirement holds on the console.
/// </summary>
public class ConsoleFreshProofTests : IAsyncLifetime
{
    private ConsoleWorld world = default!;
    private PortalUser admin = default!, support = default!, customer = default!;

    public async Task InitializeAsync()
    {
        world = await ConsoleWorld.CreateAsync();
        admin = await world.AddPersonAsync("admin@a.test", world.OrgA, "Admin");
        support = await world.AddPersonAsync("support@corp.test", null, "Support");
        customer = await world.AddPersonAsync("pat@a.test", world.OrgA);
        await world.EnrolAsync(customer.Id);
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    /// <summary>A session of the actor whose last proof is 16 minutes old: signed in, but not fresh.</summary>
    private Task<string> StaleSessionAsync(string userId) => FreshSessions.CreateAsync(world.Database, userId, world.Clock.GetUtcNow(), TimeSpan.FromMinutes(16));

    [Fact]
    public async Task Reset_FromASessionWithoutFreshProof_IsRefused_AndTheCustomerKeepsEveryFactor()
    {
        var outcome = await world.Get<TwoFactorReset>().ResetAsync(admin.Id, await StaleSessionAsync(admin.Id),
            new ResetRequest(customer.Id, "New phone", AdminPassword: ConsoleWorld.Password));

        Assert.Equal(ResetOutcome.NeedsFreshProof, outcome);
        await using var db = world.Database.CreateDbContext();
        var profile = await FactorRows.OfAsync(db, customer.Id);
        Assert.Equal(PhoneState.Verified, profile.PhoneState);
        Assert.NotNull(profile.AuthenticatorSecretProtected);
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Type == AuditEventTypes.TwoFactorReset));
        Assert.Empty(await world.EmailsToAsync(customer.Email!));
    }

    [Fact]
    public async Task Reset_SendsExactlyOneEmail_WritesOneAuditEvent_AndRotatesTheStamp()
    {
        var stampBefore = await StampAsync(customer.Id);

        var outcome = await world.Get<TwoFactorReset>().ResetAsync(admin.Id, await world.SessionAsync(admin.Id),
            new ResetRequest(customer.Id, "New phone", AdminPassword: ConsoleWorld.Password));

        Assert.Equal(ResetOutcome.Done, outcome);
        var email = Assert.Single(await world.EmailsToAsync(customer.Email!));
        Assert.Contains("/setup/", email.Text);
        await using var db = world.Database.CreateDbContext();
        var audit = Assert.Single(await db.AuditEvents.Where(e => e.UserId == customer.Id).ToListAsync());
        Assert.Equal((AuditEventTypes.TwoFactorReset, admin.Id), (audit.Type, audit.ActorUserId));
        Assert.NotEqual(stampBefore, await StampAsync(customer.Id));
    }

    [Fact]
    public async Task Reset_WhenItsAuditRowCannotBeWritten_LeavesEveryFactorInPlace()
    {
        await using (var db = world.Database.CreateDbContext())
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER simulated_crash BEFORE INSERT ON AuditEvents WHEN NEW.Type = '2fa.reset' BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;");

        await Assert.ThrowsAnyAsync<Exception>(() => world.Get<TwoFactorReset>().ResetAsync(admin.Id, world.SessionAsync(admin.Id).Result,
            new ResetRequest(customer.Id, "New phone", AdminPassword: ConsoleWorld.Password)));

        await using var check = world.Database.CreateDbContext();
        var profile = await FactorRows.OfAsync(check, customer.Id);
        Assert.Equal(PhoneState.Verified, profile.PhoneState);
        Assert.NotNull(profile.AuthenticatorSecretProtected);
        Assert.Equal(10, await check.RecoveryCodes.CountAsync(c => c.UserId == customer.Id));
    }

    [Fact]
    public async Task SetupLink_FromASessionWithoutFreshProof_IsNotSent()
    {
        Assert.False((await world.Get<SetupLinks>().SendAsync(support.Id, await StaleSessionAsync(support.Id), customer.Id)).Sent);
        Assert.Empty(await world.EmailsToAsync(customer.Email!));
        Assert.True((await world.Get<SetupLinks>().SendAsync(support.Id, await world.SessionAsync(support.Id), customer.Id)).Sent);
        Assert.Single(await world.EmailsToAsync(customer.Email!));
    }

    [Fact]
    public async Task TurningTheRequirementOff_NeedsFreshProof_TurningItOnDoesNot()
    {
        await world.EnrolAsync(admin.Id);
        var policies = world.Get<OrganizationTwoFactorPolicy>();
        Assert.True((await policies.SetAsync(admin.Id, await StaleSessionAsync(admin.Id), true, 7))!.Required);

        var refused = await policies.SetAsync(admin.Id, await StaleSessionAsync(admin.Id), false, 7);

        Assert.True(refused!.NeedsFreshProof);
        Assert.True((await policies.GetAsync(admin.Id))!.Required);
        Assert.False((await policies.SetAsync(admin.Id, await world.SessionAsync(admin.Id), false, 7))!.Required);
    }

    [Fact]
    public async Task AdminWithout2fa_InAnOrganisationThatRequiresIt_CannotUseTheConsoleUntilTheySetItUp()
    {
        var policies = world.Get<OrganizationTwoFactorPolicy>();
        Assert.True((await policies.SetAsync(admin.Id, await world.SessionAsync(admin.Id), true, 14))!.Required);

        Assert.Empty((await world.Get<EnrollmentDirectory>().ListAsync(admin.Id, new EnrollmentQuery())).Rows);
        Assert.False((await world.Get<SetupLinks>().SendAsync(admin.Id, await world.SessionAsync(admin.Id), customer.Id)).Sent);
        var holder = await world.Get<ConsoleActors>().FindRoleAsync(admin.Id);
        Assert.True(await world.Get<ConsoleActors>().MustSetUpTwoFactorAsync(holder!));

        await world.EnrolAsync(admin.Id, PhoneState.Verified, app: false, recoveryCodes: 0);
        Assert.NotEmpty((await world.Get<EnrollmentDirectory>().ListAsync(admin.Id, new EnrollmentQuery())).Rows);
    }

    private async Task<string?> StampAsync(string userId)
    {
        await using var db = world.Database.CreateDbContext();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync();
    }
}
