using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Authenticator;

/// <summary>Setting up, swapping and turning off an app.</summary>
public sealed class AuthenticatorEnrollmentTests : IAsyncLifetime
{
    private AuthenticatorTestHost host = default!;

    public async Task InitializeAsync() => host = await AuthenticatorTestHost.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private DateTimeOffset Now => host.Clock.GetUtcNow();

    [Fact]
    public async Task Begin_Twice_ReturnsSamePendingSecret()
    {
        var first = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var reloaded = await host.Enrollment.GetPendingAsync(host.UserId);
        var again = await host.Enrollment.BeginAsync(host.UserId, "Duo Mobile");

        Assert.Equal(first.SetupKey, reloaded!.SetupKey);
        Assert.Equal(first.SetupKey, again.SetupKey);
        Assert.Equal("Duo Mobile", again.AppName);
    }

    [Fact]
    public async Task Begin_AfterPendingExpired_MakesNewSecret()
    {
        var first = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        host.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Null(await host.Enrollment.GetPendingAsync(host.UserId));
        Assert.NotEqual(first.SetupKey, (await host.Enrollment.BeginAsync(host.UserId, "Authy")).SetupKey);
    }

    [Fact]
    public async Task Begin_Secret_Is160BitsOfBase32()
    {
        var setup = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        Assert.Equal(20, RfcTotp.FromBase32(setup.SetupKey).Length);
        Assert.Matches("^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$", setup.SetupKeyGroups);
    }

    [Fact]
    public async Task Confirm_RightCode_TurnsAppOnRotatesStampAndAudits()
    {
        var stampBefore = (await host.LoadUserAsync()).SecurityStamp;
        var setup = await host.Enrollment.BeginAsync(host.UserId, "Microsoft Authenticator");

        var result = await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), RfcTotp.CodeAt(setup.SetupKey, Now));

        Assert.True(result.Check.Succeeded);
        Assert.Equal(10, result.RecoveryCodes.Count);
        var user = await host.LoadUserAsync();
        Assert.True(user.TwoFactorEnabled);
        Assert.NotEqual(stampBefore, user.SecurityStamp);
        await using var db = await host.Db.CreateDbContextAsync();
        var profile = await db.TwoFactorProfiles.SingleAsync(p => p.UserId == host.UserId);
        var app = await db.Factors.SingleAsync(f => f.UserId == host.UserId && f.Kind == FactorKind.AuthenticatorApp);
        Assert.Equal("Microsoft Authenticator", app.Name);
        Assert.NotNull(app.SecretProtected);
        Assert.Null(profile.PendingAuthenticatorSecretProtected);
        Assert.Contains(AuditEventTypes.AuthenticatorEnabled, await host.AuditTypesAsync());
    }

    [Fact]
    public async Task Confirm_WrongCode_LeavesAppOffWithMessage()
    {
        var setup = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        var right = RfcTotp.CodeAt(setup.SetupKey, Now);

        var result = await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), right == "123456" ? "654321" : "123456");

        Assert.Equal(TotpCheckOutcome.WrongCode, result.Check.Outcome);
        Assert.Empty(result.RecoveryCodes);
        Assert.False((await host.LoadUserAsync()).TwoFactorEnabled);
        Assert.NotNull(await host.Enrollment.GetPendingAsync(host.UserId));
    }

    [Fact]
    public async Task Confirm_PhoneClockAhead_RefusedWithDriftAndAuditedForSupport()
    {
        var setup = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        var result = await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), RfcTotp.CodeAt(setup.SetupKey, Now.AddSeconds(120)));
        Assert.Equal(TotpCheckOutcome.ClockDrift, result.Check.Outcome);
        Assert.Equal(120, result.Check.DriftSeconds);
        await using var db = await host.Db.CreateDbContextAsync();
        var detail = await db.AuditEvents.Where(e => e.UserId == host.UserId && e.Type == AuditEventTypes.TotpClockDrift).Select(e => e.Detail).SingleAsync();
        Assert.Equal(120, BackupifyPortal.Features.Support.ClockDrift.ParseSeconds(detail));
    }

    [Fact]
    public async Task Confirm_EnrolmentCodeUsedAgainAtSignIn_IsReplay()
    {
        var setup = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        var code = RfcTotp.CodeAt(setup.SetupKey, Now);
        Assert.True((await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), code)).Check.Succeeded);

        Assert.Equal(TotpCheckOutcome.Replayed, (await host.Codes.VerifyAsync(host.UserId, code)).Outcome);
    }

    [Fact]
    public async Task Confirm_AfterCancel_SetupExpired()
    {
        var setup = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        await host.Enrollment.CancelAsync(host.UserId);
        var result = await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), RfcTotp.CodeAt(setup.SetupKey, Now));
        Assert.Equal(TotpCheckOutcome.SetupExpired, result.Check.Outcome);
    }

    [Fact]
    public async Task AnotherApp_IsAdded_BesideTheFirst_AndBothGiveCodes()
    {
        var (oldKey, _) = await host.EnrollAsync("Authy");
        var newSetup = await host.Enrollment.BeginAsync(host.UserId, "FreeOTP");

        Assert.True((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(oldKey, Now))).Succeeded);
        Assert.False((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(newSetup.SetupKey, Now))).Succeeded);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), RfcTotp.CodeAt(newSetup.SetupKey, Now))).Check.Succeeded);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(oldKey, Now))).Succeeded);
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(newSetup.SetupKey, Now))).Succeeded);
        Assert.Contains(AuditEventTypes.AuthenticatorEnabled, await host.AuditTypesAsync());
    }

    // Every app rule is per person: another person's five apps (one of the same name) neither count, swap nor go.
    [Fact]
    public async Task AnotherPersonsApps_AreNeitherCountedSwappedNorRemoved()
    {
        var other = await host.CreateUserAsync("other@example.test");
        var otherNames = new[] { "Authy", "FreeOTP", "Duo Mobile", "Aegis", "2FAS" };
        await using (var db = await host.Db.CreateDbContextAsync())
        {
            db.Factors.AddRange(otherNames.Select(name => TwoFactor.FactorRows.App(other, name, "other-secret-" + name)));
            await db.SaveChangesAsync();
        }
        Assert.Equal(TotpCheckOutcome.NotEnrolled, (await host.Enrollment.DisableAsync(host.UserId, await host.SessionAsync(), AuthenticatorTestHost.Password, null, confirmLastFactor: true)).Outcome);

        await host.EnrollAsync("Authy");
        Assert.Contains(AuditEventTypes.AuthenticatorEnabled, await host.AuditTypesAsync());
        Assert.DoesNotContain(AuditEventTypes.AuthenticatorReplaced, await host.AuditTypesAsync());
        Assert.True((await host.Enrollment.DisableAsync(host.UserId, await host.SessionAsync(), AuthenticatorTestHost.Password, null, confirmLastFactor: true)).Succeeded);

        await using var after = await host.Db.CreateDbContextAsync();
        var left = await after.Factors.Where(f => f.UserId == other).OrderBy(f => f.Name).Select(f => new { f.Name, f.SecretProtected }).ToListAsync();
        Assert.Equal(otherNames.Order().Select(n => new { Name = n, SecretProtected = (string?)("other-secret-" + n) }), left);
    }

    [Fact]
    public async Task Swap_OfTheAppOfTheSameName_OldSecretWorksUntilTheNewOneIsVerified()
    {
        var (oldKey, _) = await host.EnrollAsync("Authy");
        var newSetup = await host.Enrollment.BeginAsync(host.UserId, "Authy");

        Assert.True((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(oldKey, Now))).Succeeded);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), RfcTotp.CodeAt(newSetup.SetupKey, Now))).Check.Succeeded);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(oldKey, Now))).Succeeded);
        Assert.True((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(newSetup.SetupKey, Now))).Succeeded);
        Assert.Contains(AuditEventTypes.AuthenticatorReplaced, await host.AuditTypesAsync());
    }

    [Fact]
    public async Task Disable_WithPassword_DeletesSecretAndTurnsTwoFactorOff()
    {
        var (key, _) = await host.EnrollAsync();
        var stamp = (await host.LoadUserAsync()).SecurityStamp;

        var result = await host.Enrollment.DisableAsync(host.UserId, await host.SessionAsync(), AuthenticatorTestHost.Password, null, confirmLastFactor: true);

        Assert.True(result.Succeeded);
        Assert.Equal(TotpCheckOutcome.NotEnrolled, (await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(key, Now))).Outcome);
        var user = await host.LoadUserAsync();
        Assert.False(user.TwoFactorEnabled);
        Assert.NotEqual(stamp, user.SecurityStamp);
        Assert.Equal(0, await host.RecoveryCodes.CountLeftAsync(host.UserId));
        Assert.Contains(AuditEventTypes.AuthenticatorDisabled, await host.AuditTypesAsync());
    }

    [Fact]
    public async Task Disable_WithCurrentCode_DeletesSecret()
    {
        var (key, _) = await host.EnrollAsync();
        Assert.True((await host.Enrollment.DisableAsync(host.UserId, await host.SessionAsync(), null, RfcTotp.CodeAt(key, Now), confirmLastFactor: true)).Succeeded);
        await using var db = await host.Db.CreateDbContextAsync();
        Assert.False(await db.Factors.AnyAsync(f => f.UserId == host.UserId && f.Kind == FactorKind.AuthenticatorApp));
    }

    [Fact]
    public async Task Disable_WrongPassword_KeepsAppOn()
    {
        var (key, _) = await host.EnrollAsync();
        var result = await host.Enrollment.DisableAsync(host.UserId, await host.SessionAsync(), "not-the-password", null, confirmLastFactor: true);

        Assert.Equal(TotpCheckOutcome.WrongCode, result.Outcome);
        Assert.True((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(key, Now))).Succeeded);
    }

    private const string Ip = "203.0.113.44";
    private string Other(string key) => RfcTotp.CodeAt(key, Now) == "000000" ? "111111" : "000000";

    private async Task<TwoFactorProfile> ProfileAsync()
    {
        await using var db = await host.Db.CreateDbContextAsync();
        return await db.TwoFactorProfiles.AsNoTracking().SingleAsync(p => p.UserId == host.UserId);
    }

    private async Task<List<UserFactor>> AppsAsync()
    {
        await using var db = await host.Db.CreateDbContextAsync();
        return await db.Factors.AsNoTracking().Where(f => f.UserId == host.UserId && f.Kind == FactorKind.AuthenticatorApp).OrderBy(f => f.Name).ToListAsync();
    }

    [Fact]
    public async Task Begin_ABlankOrTooLongName_IsRefused_ANameIsKeptTrimmed_AndTheQrCodeNamesThePersonsEmail()
    {
        Assert.StartsWith("An app name is required.", (await Assert.ThrowsAsync<ArgumentException>(() => host.Enrollment.BeginAsync(host.UserId, "  "))).Message);
        Assert.StartsWith("Use at most 40 characters.",
            (await Assert.ThrowsAsync<ArgumentException>(() => host.Enrollment.BeginAsync(host.UserId, new string('a', 41)))).Message);
        Assert.Null(await host.Enrollment.GetPendingAsync(host.UserId));

        var setup = await host.Enrollment.BeginAsync(host.UserId, "  My Token  ");

        Assert.Equal("My Token", setup.AppName);
        Assert.Equal("My Token", (await host.Enrollment.GetPendingAsync(host.UserId))!.AppName);
        Assert.StartsWith("otpauth://totp/Backupify:person%40demo.test?secret=" + setup.SetupKey + "&issuer=Backupify", setup.OtpAuthUri);
        Assert.Contains(host.Logs.Entries, e => e.Message == $"Authenticator setup started for {host.UserId}");
    }

    [Fact]
    public async Task Pending_ExactlyThirtyMinutesOld_HasExpired_AndBeginMakesANewSecret()
    {
        var first = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        host.Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Null(await host.Enrollment.GetPendingAsync(host.UserId));
        Assert.Equal(TotpCheckOutcome.SetupExpired,
            (await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), RfcTotp.CodeAt(first.SetupKey, Now))).Check.Outcome);
        Assert.NotEqual(first.SetupKey, (await host.Enrollment.BeginAsync(host.UserId, "Authy")).SetupKey);
    }

    [Fact]
    public async Task Confirm_WithoutFreshProof_IsRefused_TheSetupWaits_AndBeforeAnySetupItHasExpired()
    {
        var setup = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        var code = RfcTotp.CodeAt(setup.SetupKey, Now);

        var refused = await host.Enrollment.ConfirmAsync(host.UserId, "no-such-session", code);

        Assert.Equal(TotpCheckOutcome.NeedsFreshProof, refused.Check.Outcome);
        Assert.Empty(await AppsAsync());
        Assert.True((await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), code)).Check.Succeeded);
        var other = await host.CreateUserAsync("other@demo.test");
        Assert.Equal(TotpCheckOutcome.SetupExpired, (await host.Enrollment.ConfirmAsync(other, await host.SessionAsync(other), code)).Check.Outcome);
    }

    [Fact]
    public async Task Confirm_TheSixthApp_IsRefused_ButReplacingOneOfTheFive_IsNot()
    {
        foreach (var name in new[] { "Google Authenticator", "Microsoft Authenticator", "Authy", "Duo Mobile", "1Password" }) await host.EnrollAsync(name);
        var sixth = await host.Enrollment.BeginAsync(host.UserId, "FreeOTP");

        var refused = await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), RfcTotp.CodeAt(sixth.SetupKey, Now));

        Assert.Equal(TotpCheckOutcome.TooManyApps, refused.Check.Outcome);
        Assert.Equal(5, (await AppsAsync()).Count);
        var swap = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        Assert.True((await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), RfcTotp.CodeAt(swap.SetupKey, Now))).Check.Succeeded);
        Assert.Equal(5, (await AppsAsync()).Count);
    }

    [Fact]
    public async Task Confirm_ACodeForAStepAlreadyUsedAtSignIn_IsRefusedAsReplay_TheLogSaysSo_AndNothingIsAdded()
    {
        TestClient.Enter(Ip); // the audit rows below name this address
        var (authy, _) = await host.EnrollAsync("Authy");
        Assert.True((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(authy, Now))).Succeeded);
        var duo = await host.Enrollment.BeginAsync(host.UserId, "Duo Mobile");

        var refused = await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), RfcTotp.CodeAt(duo.SetupKey, Now));

        Assert.Equal(TotpCheckOutcome.Replayed, refused.Check.Outcome);
        Assert.Equal(new[] { "Authy" }, (await AppsAsync()).Select(a => a.Name));
        Assert.NotNull(await host.Enrollment.GetPendingAsync(host.UserId));
        await using var db = await host.Db.CreateDbContextAsync();
        var row = await db.AuditEvents.SingleAsync(e => e.UserId == host.UserId && e.Type == AuditEventTypes.TotpReplayRefused);
        Assert.Equal(("setup code for an already used time step", Ip), (row.Detail, row.IpAddress));
    }

    [Fact]
    public async Task Confirm_ThePersonIsMailedWhichAppWasAddedOrReplaced_AndAReplacedAppStartsAsNew()
    {
        TestClient.Enter(Ip); // the audit rows below name this address
        var (oldKey, _) = await host.EnrollAsync("Authy");
        Assert.True((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(oldKey, Now))).Succeeded);
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var swap = await host.Enrollment.BeginAsync(host.UserId, "Authy");

        var result = await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), RfcTotp.CodeAt(swap.SetupKey, Now));

        Assert.Equal("Authy", result.Check.AppName);
        var app = Assert.Single(await AppsAsync());
        Assert.Equal(Now, app.CreatedAt);
        Assert.Null(app.LastUsedAt);
        var mails = await host.EmailsAsync();
        Assert.Contains(mails, m => m.Contains("An authenticator app (Authy) now gives your two-factor codes, and you have a new set of recovery codes."));
        Assert.Contains(mails, m => m.Contains("Your authenticator app Authy was replaced: the old Authy's codes no longer work. You have a new set of recovery codes."));
        await using var db = await host.Db.CreateDbContextAsync();
        var replaced = await db.AuditEvents.SingleAsync(e => e.UserId == host.UserId && e.Type == AuditEventTypes.AuthenticatorReplaced);
        Assert.Equal(("Authy", Ip), (replaced.Detail, replaced.IpAddress));
    }

    [Fact]
    public async Task Confirm_ClearsAnAdminsRequestToSetUpAnApp_AndASetupWithoutANameGivesAnAuthenticatorApp()
    {
        var setup = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        await using (var db = await host.Db.CreateDbContextAsync())
            await db.TwoFactorProfiles.Where(p => p.UserId == host.UserId).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.AuthenticatorSetupRequested, true).SetProperty(p => p.PendingAuthenticatorAppName, (string?)null));

        var result = await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), RfcTotp.CodeAt(setup.SetupKey, Now));

        Assert.Equal("Authenticator app", result.Check.AppName);
        Assert.Equal("Authenticator app", Assert.Single(await AppsAsync()).Name);
        var profile = await ProfileAsync();
        Assert.False(profile.AuthenticatorSetupRequested);
        Assert.Null(profile.PendingAuthenticatorSecretProtected);
        Assert.Null(profile.PendingAuthenticatorAppName);
        Assert.Null(profile.PendingAuthenticatorCreatedAt);
    }

    [Fact]
    public async Task RemoveApp_RemovesOnlyThatApp_TwoFactorAndTheRecoveryCodesStay_AndTheMailNamesIt()
    {
        await host.EnrollAsync("Authy");
        var (duo, codes) = await host.EnrollAsync("Duo Mobile");
        await host.Enrollment.BeginAsync(host.UserId, "FreeOTP");

        Assert.Equal(TotpCheckOutcome.NotEnrolled, (await host.Enrollment.RemoveAppAsync(host.UserId, await host.SessionAsync(), "Nope", AuthenticatorTestHost.Password, null)).Outcome);
        Assert.Equal(TotpCheckOutcome.NeedsFreshProof, (await host.Enrollment.RemoveAppAsync(host.UserId, "no-such-session", "Authy", AuthenticatorTestHost.Password, null)).Outcome);
        Assert.Equal(LastFactorVerdict.Allowed, await host.Enrollment.PreviewRemovalAsync(host.UserId, "Authy"));

        Assert.True((await host.Enrollment.RemoveAppAsync(host.UserId, await host.SessionAsync(), "Authy", AuthenticatorTestHost.Password, null)).Succeeded);

        Assert.Equal(new[] { "Duo Mobile" }, (await AppsAsync()).Select(a => a.Name));
        Assert.True((await host.LoadUserAsync()).TwoFactorEnabled);
        Assert.Equal(codes.Count, await host.RecoveryCodes.CountLeftAsync(host.UserId));
        Assert.Null(await host.Enrollment.GetPendingAsync(host.UserId));
        Assert.Contains(await host.EmailsAsync(), m => m.Contains("Your authenticator app Authy was removed: its codes no longer work."));
        Assert.True((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(duo, Now))).Succeeded);
    }

    [Fact]
    public async Task Disable_TheLastFactor_AsksFirst_IsRefusedWhenTheOrganisationRequires2fa_AndOnceConfirmedMailsThePerson()
    {
        var (key, _) = await host.EnrollAsync();
        Assert.Equal(LastFactorVerdict.NeedsConfirmation, await host.Enrollment.PreviewRemovalAsync(host.UserId, null));
        Assert.Equal(TotpCheckOutcome.LastFactorNeedsConfirmation,
            (await host.Enrollment.DisableAsync(host.UserId, await host.SessionAsync(), AuthenticatorTestHost.Password, null)).Outcome);

        await using (var db = await host.Db.CreateDbContextAsync())
        {
            var org = new Organization { Id = Guid.NewGuid(), Name = "Strict Org", RequireTwoFactor = true, RequireTwoFactorSince = Now };
            db.Organizations.Add(org);
            await db.SaveChangesAsync();
            await db.Users.Where(u => u.Id == host.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganizationId, org.Id));
        }
        var code = RfcTotp.CodeAt(key, Now);
        Assert.Equal(TotpCheckOutcome.LastFactorRequired,
            (await host.Enrollment.DisableAsync(host.UserId, await host.SessionAsync(), null, code, confirmLastFactor: true)).Outcome);
        // Asked before the proof: the refused request did not spend the code.
        Assert.True((await host.Codes.VerifyAsync(host.UserId, code)).Succeeded);
        await using (var db = await host.Db.CreateDbContextAsync())
            await db.Users.Where(u => u.Id == host.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganizationId, (Guid?)null));

        Assert.True((await host.Enrollment.DisableAsync(host.UserId, await host.SessionAsync(), AuthenticatorTestHost.Password, null, confirmLastFactor: true)).Succeeded);
        Assert.Empty(await AppsAsync());
        Assert.Contains(await host.EmailsAsync(), m => m.Contains("Your authenticator app no longer gives your two-factor codes."));
    }

    [Fact]
    public async Task Disable_WithPassword_WrongOrEmptyOnesCountOnTheLockout_AndWhileLockedEvenTheRightOneIsRefused()
    {
        await host.EnrollAsync();
        var session = await host.SessionAsync();

        var empty = await host.Enrollment.DisableAsync(host.UserId, session, "", null, confirmLastFactor: true);
        Assert.Equal((TotpCheckOutcome.WrongCode, 1), (empty.Outcome, empty.Lockout!.ConsecutiveFailures));
        for (var i = 0; i < 4; i++) await host.Enrollment.DisableAsync(host.UserId, session, "not-the-password", null, confirmLastFactor: true);

        var locked = await host.Enrollment.DisableAsync(host.UserId, session, AuthenticatorTestHost.Password, null, confirmLastFactor: true);

        Assert.Equal(TotpCheckOutcome.LockedOut, locked.Outcome);
        Assert.Single(await AppsAsync());
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await host.Enrollment.DisableAsync(host.UserId, await host.SessionAsync(), AuthenticatorTestHost.Password, null, confirmLastFactor: true)).Succeeded);
    }
}
