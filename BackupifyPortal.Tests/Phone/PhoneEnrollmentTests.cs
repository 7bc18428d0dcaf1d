using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Phone;

public sealed class PhoneEnrollmentTests : IAsyncLifetime
{
    private PhoneTestHost host = default!;
    private string userId = "";

    public async Task InitializeAsync()
    {
        host = await PhoneTestHost.StartAsync();
        userId = await host.AddPersonAsync(phoneE164: null);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private IPhoneEnrollment Enrollment => host.Get<IPhoneEnrollment>();

    private async Task<PortalUser> UserAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(userId))!;
    }

    private async Task<List<AuditEvent>> AuditAsync()
    {
        await using var db = await host.DbFactory.CreateDbContextAsync();
        return await db.AuditEvents.Where(a => a.UserId == userId).OrderBy(a => a.Id).ToListAsync();
    }

    private async Task<EnrollPhoneResult> SaveAsync(string number = "07400 123456", bool landline = false, bool app = false, string? password = null)
    {
        TestClient.Enter(PhoneTestHost.Ip);
        return await Enrollment.SavePendingAsync(new EnrollPhoneRequest(userId, "GB", number, landline, app, password, await host.SessionAsync(userId)));
    }

    [Fact]
    public async Task DefaultRegion_ComesFromLocale() => Assert.Equal("GB", await Enrollment.DefaultRegionAsync(userId));

    [Fact]
    public async Task SavePending_ValidNumber_StoresE164PendingAuditsMaskedAndRotatesStamp()
    {
        var stampBefore = (await UserAsync()).SecurityStamp;
        var result = await SaveAsync(app: true);
        Assert.True(result.Succeeded);
        var profile = (await host.ProfileAsync(userId))!;
        Assert.Equal("+447400123456", profile.PhoneE164);
        Assert.Equal(PhoneState.Pending, profile.PhoneState);
        Assert.Equal(DeliveryChannel.Sms, profile.PhoneChannel);
        await using (var db = await host.DbFactory.CreateDbContextAsync())
            Assert.True((await db.TwoFactorProfiles.SingleAsync(p => p.UserId == userId)).AuthenticatorSetupRequested);
        Assert.NotEqual(stampBefore, (await UserAsync()).SecurityStamp);
        Assert.False((await UserAsync()).TwoFactorEnabled);
        var audit = Assert.Single(await AuditAsync());
        Assert.Equal(AuditEventTypes.PhonePending, audit.Type);
        Assert.Equal(PhoneTestHost.Ip, audit.IpAddress);
        Assert.DoesNotContain("7400123456", audit.Detail);
    }

    [Fact]
    public async Task SavePending_InvalidNumber_SavesNothing()
    {
        var result = await SaveAsync("12345");
        Assert.False(result.Succeeded);
        Assert.NotNull(result.Error);
        Assert.Null(await host.ProfileAsync(userId));
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task VerifyThenChangeNumber_TurnsOnThenNeedsPasswordAndVerifyingAgain()
    {
        await SaveAsync();
        var attempt = new CodeBinding(userId, CodePurpose.PhoneVerification, "attempt");
        await host.Codes.SendAsync(attempt, DeliveryChannel.Sms);
        Assert.Equal(VerifyCodeStatus.Verified, (await host.Codes.VerifyAsync(attempt, host.Sender.LastCode)).Status);
        Assert.True(await Enrollment.MarkVerifiedAsync(userId));
        Assert.Equal(PhoneState.Verified, (await host.ProfileAsync(userId))!.PhoneState);
        Assert.Equal(host.Clock.GetUtcNow(), (await host.ProfileAsync(userId))!.VerifiedAt);
        Assert.True((await UserAsync()).TwoFactorEnabled);

        var stamp = (await UserAsync()).SecurityStamp;
        Assert.True((await SaveAsync("020 7946 0018")).PasswordError);
        Assert.True((await SaveAsync("020 7946 0018", password: "wrong-password")).PasswordError);
        Assert.Equal("+447400123456", (await host.ProfileAsync(userId))!.PhoneE164);
        Assert.True((await SaveAsync("020 7946 0018", password: "Demo-Pass-2026")).Succeeded);
        var changed = (await host.ProfileAsync(userId))!;
        Assert.Equal((PhoneState.Pending, "+442079460018", DeliveryChannel.Voice), (changed.PhoneState, changed.PhoneE164, changed.PhoneChannel));
        Assert.NotEqual(stamp, (await UserAsync()).SecurityStamp);
        Assert.Equal([AuditEventTypes.PhonePending, AuditEventTypes.PhoneVerified, AuditEventTypes.PhoneChangeDenied, AuditEventTypes.PhoneChanged], (await AuditAsync()).Select(a => a.Type));
    }

    [Fact]
    public async Task ChangeNumber_VoidsCodesSentToTheOldOne()
    {
        await SaveAsync();
        var attempt = new CodeBinding(userId, CodePurpose.PhoneVerification, "attempt");
        await host.Codes.SendAsync(attempt, DeliveryChannel.Sms);
        await SaveAsync("020 7946 0018");
        Assert.Equal(VerifyCodeStatus.Expired, (await host.Codes.VerifyAsync(attempt, host.Sender.LastCode)).Status);
    }

    [Fact]
    public async Task Disable_WrongPassword_KeepsPhoneAndCountsFailure()
    {
        await SaveAsync();
        Assert.Equal(DisablePhoneStatus.WrongPassword, (await Enrollment.DisableWithPasswordAsync(userId, await host.SessionAsync(userId), "wrong-password", confirmLastFactor: true)).Status);
        var profile = (await host.ProfileAsync(userId))!;
        Assert.Equal(PhoneState.Pending, profile.PhoneState);
        Assert.Equal(1, (await host.Get<ISecondFactorLockout>().GetAsync(userId)).ConsecutiveFailures);
    }

    [Fact]
    public async Task Disable_WithPassword_ClearsPhoneAndTurnsOffTwoFactor()
    {
        await SaveAsync();
        Assert.Equal(DisablePhoneStatus.Disabled, (await Enrollment.DisableWithPasswordAsync(userId, await host.SessionAsync(userId), "Demo-Pass-2026", confirmLastFactor: true)).Status);
        var profile = (await host.ProfileAsync(userId))!;
        Assert.Equal((PhoneState.None, (string?)null), (profile.PhoneState, profile.PhoneE164));
        Assert.False((await UserAsync()).TwoFactorEnabled);
        Assert.Equal(AuditEventTypes.PhoneDisabled, (await AuditAsync()).Last().Type);
    }

    [Fact]
    public async Task Disable_WithCurrentCode_ClearsPhone_WrongCodeDoesNot()
    {
        await SaveAsync();
        var binding = new CodeBinding(userId, CodePurpose.Reauthentication, "dialog-1");
        await host.Codes.SendAsync(binding, DeliveryChannel.Sms);
        var code = host.Sender.LastCode;
        var wrong = ((int.Parse(code) + 1) % 1_000_000).ToString("D6");
        Assert.Equal(DisablePhoneStatus.WrongCode, (await Enrollment.DisableWithCodeAsync(userId, await host.SessionAsync(userId), "dialog-1", wrong, confirmLastFactor: true)).Status);
        Assert.Equal(DisablePhoneStatus.WrongCode, (await Enrollment.DisableWithCodeAsync(userId, await host.SessionAsync(userId), "other-dialog", code, confirmLastFactor: true)).Status);
        Assert.Equal(DisablePhoneStatus.Disabled, (await Enrollment.DisableWithCodeAsync(userId, await host.SessionAsync(userId), "dialog-1", code, confirmLastFactor: true)).Status);
        Assert.Equal(PhoneState.None, (await host.ProfileAsync(userId))!.PhoneState);
    }
}
