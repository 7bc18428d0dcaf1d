using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using Microsoft.EntityFrameworkCore;

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
}
