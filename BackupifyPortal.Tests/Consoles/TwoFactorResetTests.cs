using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Consoles;

public class TwoFactorResetTests : IAsyncLifetime
{
    private ConsoleWorld world = default!;
    private PortalUser admin = default!, support = default!, customer = default!, otherAdmin = default!;

    public async Task InitializeAsync()
    {
        world = await ConsoleWorld.CreateAsync();
        (admin, otherAdmin, support, customer) = await world.AddCastAsync();
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Reset_BySupportWithCodeTheCustomerReadOut_ClearsFactorsRotatesStampAndAuditsReason()
    {
        var stampBefore = await StampAsync(customer.Id);
        TestClient.Enter("10.0.0.9");
        Assert.True((await world.Get<IdentityCheckCodes>().RequestForCustomerAsync(support.Id, customer.Id)).Sent);
        var code = await world.LastIdentityCodeSentToAsync(customer.Email!);

        var outcome = await world.Get<TwoFactorReset>().ResetAsync(support.Id, await world.SessionAsync(support.Id), new ResetRequest(customer.Id, "Lost phone, verified by callback", code));

        Assert.Equal(ResetOutcome.Done, outcome);
        await using var db = world.Database.CreateDbContext();
        var profile = await FactorRows.OfAsync(db, customer.Id);
        Assert.Null(profile.PhoneE164);
        Assert.Equal(PhoneState.None, profile.PhoneState);
        Assert.Null(profile.AuthenticatorSecretProtected);
        Assert.False(await db.AttemptCounters.AnyAsync(c => c.Key == "acct:" + customer.Id));
        Assert.Equal(0, await db.RecoveryCodes.CountAsync(c => c.UserId == customer.Id));
        var user = await db.Users.SingleAsync(u => u.Id == customer.Id);
        Assert.False(user.TwoFactorEnabled);
        Assert.NotEqual(stampBefore, user.SecurityStamp);
        var audit = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.TwoFactorReset);
        Assert.Equal(customer.Id, audit.UserId);
        Assert.Equal(support.Id, audit.ActorUserId);
        Assert.Contains("Lost phone, verified by callback", audit.Detail);
        Assert.Equal("10.0.0.9", audit.IpAddress);
        var notice = (await world.EmailsToAsync(customer.Email!)).Last();
        Assert.Contains("reset", notice.Text);
        Assert.Contains("/setup/", notice.Text);
        Assert.Contains("Not you?", notice.Text);
    }

    [Fact]
    public async Task Reset_ByAdminWithAnAuthenticatorApp_NeedsAFreshCodeFromItBesidesThePassword()
    {
        var enrollment = world.Get<IAuthenticatorEnrollment>();
        var setup = await enrollment.BeginAsync(admin.Id, "Authy");
        var enrolled = await enrollment.ConfirmAsync(admin.Id, await world.SessionAsync(admin.Id), Authenticator.RfcTotp.CodeAt(setup.SetupKey, world.Clock.GetUtcNow()));
        Assert.True(enrolled.Check.Succeeded);
        world.Clock.Advance(TimeSpan.FromSeconds(30));

        var passwordOnly = await world.Get<TwoFactorReset>().ResetAsync(admin.Id, await world.SessionAsync(admin.Id), new ResetRequest(customer.Id, "New phone", AdminPassword: ConsoleWorld.Password));
        var withCode = await world.Get<TwoFactorReset>().ResetAsync(admin.Id, await world.SessionAsync(admin.Id), new ResetRequest(customer.Id, "New phone",
            AdminPassword: ConsoleWorld.Password, AdminCode: Authenticator.RfcTotp.CodeAt(setup.SetupKey, world.Clock.GetUtcNow())));

        Assert.NotEqual(ResetOutcome.Done, passwordOnly);
        Assert.Equal(ResetOutcome.Done, withCode);
    }

    [Fact]
    public async Task Reset_ByAdminWithOwnPassword_Succeeds()
    {
        var outcome = await world.Get<TwoFactorReset>().ResetAsync(admin.Id, await world.SessionAsync(admin.Id), new ResetRequest(customer.Id, "New phone", AdminPassword: ConsoleWorld.Password));
        Assert.Equal(ResetOutcome.Done, outcome);
    }

    [Fact]
    public async Task Reset_ByAdminWithWrongPassword_IsRefusedAndFactorsStay()
    {
        var outcome = await world.Get<TwoFactorReset>().ResetAsync(admin.Id, await world.SessionAsync(admin.Id), new ResetRequest(customer.Id, "New phone", AdminPassword: "wrong-password-123"));

        Assert.Equal(ResetOutcome.IdentityCheckFailed, outcome);
        await AssertStillEnrolledAsync();
    }

    [Fact]
    public async Task Reset_BySupportWithWrongCode_IsRefusedAndFactorsStay()
    {
        await world.Get<IdentityCheckCodes>().RequestForCustomerAsync(support.Id, customer.Id);
        var code = await world.LastIdentityCodeSentToAsync(customer.Email!);
        var wrong = code == "000000" ? "111111" : "000000";

        var outcome = await world.Get<TwoFactorReset>().ResetAsync(support.Id, await world.SessionAsync(support.Id), new ResetRequest(customer.Id, "Lost phone", wrong));

        Assert.Equal(ResetOutcome.IdentityCheckFailed, outcome);
        await AssertStillEnrolledAsync();
    }

    [Fact]
    public async Task Reset_WithoutReason_AsksForReason()
    {
        var outcome = await world.Get<TwoFactorReset>().ResetAsync(admin.Id, await world.SessionAsync(admin.Id), new ResetRequest(customer.Id, "   ", AdminPassword: ConsoleWorld.Password));
        Assert.Equal(ResetOutcome.ReasonRequired, outcome);
        await AssertStillEnrolledAsync();
    }

    [Fact]
    public async Task Reset_ByAdminOfAnotherOrganisation_IsNotAllowed()
    {
        var outcome = await world.Get<TwoFactorReset>().ResetAsync(otherAdmin.Id, await world.SessionAsync(otherAdmin.Id), new ResetRequest(customer.Id, "Takeover attempt", AdminPassword: ConsoleWorld.Password));
        Assert.Equal(ResetOutcome.NotAllowed, outcome);
        await AssertStillEnrolledAsync();
    }

    [Fact]
    public async Task Reset_ByCustomer_IsNotAllowed()
    {
        var other = await world.AddPersonAsync("colleague@a.test", world.OrgA);
        var outcome = await world.Get<TwoFactorReset>().ResetAsync(other.Id, await world.SessionAsync(other.Id), new ResetRequest(customer.Id, "Because", AdminPassword: ConsoleWorld.Password));
        Assert.Equal(ResetOutcome.NotAllowed, outcome);
    }

    [Fact]
    public async Task Reset_OfOwnAccountByAdmin_IsNotAllowed()
    {
        await world.EnrolAsync(admin.Id);
        var outcome = await world.Get<TwoFactorReset>().ResetAsync(admin.Id, await world.SessionAsync(admin.Id), new ResetRequest(admin.Id, "Lost my phone", AdminPassword: ConsoleWorld.Password));
        Assert.Equal(ResetOutcome.NotAllowed, outcome);
    }

    [Fact]
    public async Task IdentityCode_ThreeWrongTries_VoidsTheCode()
    {
        var codes = world.Get<IdentityCheckCodes>();
        await codes.RequestForCustomerAsync(support.Id, customer.Id);
        var code = await world.LastIdentityCodeSentToAsync(customer.Email!);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 3; i++) Assert.False(await codes.VerifyAsync(customer.Id, wrong, support.Id));

        Assert.False(await codes.VerifyAsync(customer.Id, code, support.Id));
    }

    [Fact]
    public async Task IdentityCode_RequestedByAdmin_IsRefused()
    {
        Assert.False((await world.Get<IdentityCheckCodes>().RequestForCustomerAsync(admin.Id, customer.Id)).Sent);
        Assert.Empty(await world.EmailsToAsync(customer.Email!));
    }

    private async Task<string?> StampAsync(string id)
    {
        await using var db = world.Database.CreateDbContext();
        return await db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync();
    }

    private async Task AssertStillEnrolledAsync()
    {
        await using var db = world.Database.CreateDbContext();
        var profile = await FactorRows.OfAsync(db, customer.Id);
        Assert.NotNull(profile.AuthenticatorSecretProtected);
        Assert.Equal(10, await db.RecoveryCodes.CountAsync(c => c.UserId == customer.Id));
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Type == AuditEventTypes.TwoFactorReset));
    }
}
