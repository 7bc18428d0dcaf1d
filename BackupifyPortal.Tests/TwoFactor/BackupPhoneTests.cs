using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.Phone;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.TwoFactor;

/// <summary>The backup phone (issue 17 item 2): proved by a code now, then usable at Two Factor Log In.</summary>
public sealed class BackupPhoneTests : IAsyncLifetime
{
    private PhoneTestHost host = default!;
    private BackupPhoneEnrollment Backup => host.Get<BackupPhoneEnrollment>();

    public async Task InitializeAsync() => host = await PhoneTestHost.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private EnrollPhoneRequest Request(string userId, string number, string session) => new(userId, "GB", number, false, false, null, SessionId: session);

    [Fact]
    public async Task BackupPhone_VerifiedByItsCode_IsAFactor_AndSignsInWithTheCodeSentToIt()
    {
        var userId = await host.AddPersonAsync("+447400123456");
        var session = await host.SessionAsync(userId);

        var (saved, sent) = await Backup.SaveAndSendAsync(Request(userId, "07400 654321", session), "setup-1");
        Assert.True(saved.Succeeded, saved.Error);
        Assert.Equal(SendCodeStatus.Sent, sent!.Status);
        Assert.Equal("+447400654321", host.Sender.Messages.Last().To);
        Assert.Equal(PhoneState.Pending, (await new TwoFactorSummary(host.DbFactory).GetAsync(userId)).BackupPhone!.PhoneState);

        var verified = await Backup.VerifyAsync(userId, session, "setup-1", host.Sender.LastCode);
        Assert.Equal(VerifyCodeStatus.Verified, verified!.Status);
        var state = await new TwoFactorSummary(host.DbFactory).GetAsync(userId);
        Assert.Equal(PhoneState.Verified, state.BackupPhone!.PhoneState);
        Assert.Equal("2 phones", state.ByKind);
        Assert.Equal(2, state.FactorCount);
        await using (var db = await host.DbFactory.CreateDbContextAsync())
            Assert.True(await db.AuditEvents.AnyAsync(e => e.UserId == userId && e.Type == AuditEventTypes.BackupPhoneVerified));

        // At sign-in the backup phone gets its own code, and that code signs in.
        var attempts = host.Get<ISignInAttempts>();
        var attempt = (await attempts.FindOpenAsync(await attempts.StartAsync(userId, "browser-a", null), "browser-a"))!;
        var signIn = host.Get<SecondFactorSignIn>();
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SendCodeStatus.Sent, (await signIn.SendPhoneCodeAsync(attempt, DeliveryChannel.Sms, backup: true)).Status);
        Assert.Equal("+447400654321", host.Sender.Messages.Last().To);
        var result = await signIn.VerifyPhoneCodeAsync(attempt.Id, "browser-a", host.Sender.LastCode, false, backup: true);
        Assert.Equal(SecondFactorStatus.SignedIn, result.Status);
    }

    [Fact]
    public async Task APendingBackupPhone_GetsNoSignInCode()
    {
        var userId = await host.AddPersonAsync("+447400123456");
        await Backup.SaveAndSendAsync(Request(userId, "07400 654321", await host.SessionAsync(userId)), "setup-1");
        var sentBefore = host.Sender.Messages.Count;

        var attempts = host.Get<ISignInAttempts>();
        var attempt = (await attempts.FindOpenAsync(await attempts.StartAsync(userId, "browser-a", null), "browser-a"))!;
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var sent = await host.Get<SecondFactorSignIn>().SendPhoneCodeAsync(attempt, DeliveryChannel.Sms, backup: true);

        Assert.Equal(SendCodeStatus.NoPhone, sent.Status);
        Assert.Equal(sentBefore, host.Sender.Messages.Count);
    }

    [Fact]
    public async Task ABackupPhone_NeedsAVerifiedMainPhone_AndADifferentNumber()
    {
        var pending = await host.AddPersonAsync("+447400123456", PhoneState.Pending);
        Assert.Equal(BackupPhoneEnrollment.MainPhoneFirst, (await Backup.SaveAndSendAsync(Request(pending, "07400 654321", await host.SessionAsync(pending)), "s")).Saved.Error);

        var verified = await host.AddPersonAsync("+447400123456");
        Assert.Equal(BackupPhoneEnrollment.SameAsMain, (await Backup.SaveAndSendAsync(Request(verified, "07400 123456", await host.SessionAsync(verified)), "s")).Saved.Error);
    }

    [Fact]
    public async Task AVerifiedBackupPhone_IsReplacedOnlyOnceTheNewNumbersCodeIsEntered_AndTheOldOneServesUntilThen()
    {
        var userId = await host.AddPersonAsync("+447400123456");
        var session = await host.SessionAsync(userId);
        await Backup.SaveAndSendAsync(Request(userId, "07400 654321", session), "setup-1");
        await Backup.VerifyAsync(userId, session, "setup-1", host.Sender.LastCode);
        session = await host.SessionAsync(userId); // the factor change ended the other sessions

        Assert.Equal(BackupPhoneEnrollment.SameAsBackup, (await Backup.SaveAndSendAsync(Request(userId, "07400 654321", session), "setup-2")).Saved.Error);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var (saved, sent) = await Backup.SaveAndSendAsync(Request(userId, "07400 777888", session), "setup-2");
        Assert.True(saved.Succeeded, saved.Error);
        Assert.Equal(SendCodeStatus.Sent, sent!.Status);
        Assert.Equal("+447400777888", host.Sender.Messages.Last().To);

        // Until the new number's code is entered, the old backup is the one shown and the one a sign-in code goes to.
        var before = await new TwoFactorSummary(host.DbFactory).GetAsync(userId);
        Assert.Equal(PhoneState.Verified, before.BackupPhone!.PhoneState);
        Assert.EndsWith("21", before.BackupPhone.MaskedPhone);
        var attempts = host.Get<ISignInAttempts>();
        var attempt = (await attempts.FindOpenAsync(await attempts.StartAsync(userId, "browser-a", null), "browser-a"))!;
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SendCodeStatus.Sent, (await host.Get<SecondFactorSignIn>().SendPhoneCodeAsync(attempt, DeliveryChannel.Sms, backup: true)).Status);
        Assert.Equal("+447400654321", host.Sender.Messages.Last().To);

        var newCode = host.Sender.Messages.Last(m => m.To == "+447400777888").Code;
        Assert.Equal(VerifyCodeStatus.Verified, (await Backup.VerifyAsync(userId, session, "setup-2", newCode))!.Status);
        var after = await new TwoFactorSummary(host.DbFactory).GetAsync(userId);
        Assert.Equal(PhoneState.Verified, after.BackupPhone!.PhoneState);
        Assert.EndsWith("88", after.BackupPhone.MaskedPhone);
        Assert.Equal(PhoneFactors.BackupName, after.BackupPhone.Name);
        await using var db = await host.DbFactory.CreateDbContextAsync();
        Assert.Equal(["+447400777888"], await db.Factors.Where(f => f.UserId == userId && f.IsBackup).Select(f => f.PhoneE164).ToListAsync());
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.UserId == userId && e.Type == AuditEventTypes.BackupPhoneVerified));
    }

    [Fact]
    public async Task EverySignInWithAPhone_SetsThatPhonesLastUsed_AndOnlyThatOnes()
    {
        var userId = await host.AddPersonAsync("+447400123456");
        var session = await host.SessionAsync(userId);
        await Backup.SaveAndSendAsync(Request(userId, "07400 654321", session), "setup-1");
        await Backup.VerifyAsync(userId, session, "setup-1", host.Sender.LastCode);
        var attempts = host.Get<ISignInAttempts>();
        var signIn = host.Get<SecondFactorSignIn>();

        for (var i = 0; i < 2; i++)
        {
            host.Clock.Advance(TimeSpan.FromHours(1));
            var attempt = (await attempts.FindOpenAsync(await attempts.StartAsync(userId, "browser-a", null), "browser-a"))!;
            await signIn.SendPhoneCodeAsync(attempt, DeliveryChannel.Sms, backup: true);
            Assert.Equal(SecondFactorStatus.SignedIn, (await signIn.VerifyPhoneCodeAsync(attempt.Id, "browser-a", host.Sender.LastCode, false, backup: true)).Status);
            Assert.Equal(host.Clock.GetUtcNow(), (await LastUsedAsync(userId)).Backup);
        }
        var backupUsed = host.Clock.GetUtcNow();

        host.Clock.Advance(TimeSpan.FromHours(1));
        var main = (await attempts.FindOpenAsync(await attempts.StartAsync(userId, "browser-a", null), "browser-a"))!;
        await signIn.SendPhoneCodeAsync(main, DeliveryChannel.Sms);
        Assert.Equal(SecondFactorStatus.SignedIn, (await signIn.VerifyPhoneCodeAsync(main.Id, "browser-a", host.Sender.LastCode, false)).Status);
        var (mainUsed, backupStill) = await LastUsedAsync(userId);
        Assert.Equal(host.Clock.GetUtcNow(), mainUsed);
        Assert.Equal(backupUsed, backupStill);
    }

    private async Task<(DateTimeOffset? Main, DateTimeOffset? Backup)> LastUsedAsync(string userId)
    {
        await using var db = await host.DbFactory.CreateDbContextAsync();
        var phones = await db.Factors.AsNoTracking().Where(f => f.UserId == userId && f.Kind == FactorKind.Phone).ToListAsync();
        return (phones.Single(f => !f.IsBackup).LastUsedAt, phones.Single(f => f.IsBackup).LastUsedAt);
    }
}
