using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.Extensions.Logging;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Phone;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.TwoFactor;

/// <summary>
/// Every factor change is one service call: exactly one notice email to the person, one typed audit event and one
/// security-stamp rotation, whichever screen called it (User Settings, the setup wizard, sign-in, a console).
/// </summary>
public sealed class FactorChangeTests : IAsyncLifetime
{
    private AuthenticatorTestHost apps = null!;
    private PhoneTestHost phones = null!;

    public async Task InitializeAsync()
    {
        apps = await AuthenticatorTestHost.StartAsync();
        phones = await PhoneTestHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await apps.DisposeAsync();
        await phones.DisposeAsync();
    }

    [Fact]
    public async Task AddingAnApp_SendsOneNotice_OneAuditEvent_OneStampRotation()
    {
        var change = await WatchAsync(apps.Services, apps.UserId, () => apps.EnrollAsync("Authy"));

        change.AssertOne(AuditEventTypes.AuthenticatorEnabled, "authenticator app (Authy)");
    }

    [Fact]
    public async Task SwappingTheAppForOneWithTheSameName_StillSendsANotice()
    {
        await apps.EnrollAsync("Google Authenticator");

        var change = await WatchAsync(apps.Services, apps.UserId, () => apps.EnrollAsync("Google Authenticator"));

        change.AssertOne(AuditEventTypes.AuthenticatorReplaced, "replaced");
    }

    [Fact]
    public async Task RegeneratingRecoveryCodes_SendsOneNotice_OneAuditEvent_OneStampRotation()
    {
        var (key, _) = await apps.EnrollAsync();

        var change = await WatchAsync(apps.Services, apps.UserId, async () =>
        {
            var made = await apps.RecoveryCodes.RegenerateAsync(apps.UserId, await apps.SessionAsync(), RfcTotp.CodeAt(key, apps.Clock.GetUtcNow()));
            Assert.True(made.Check.Succeeded);
        });

        change.AssertOne(AuditEventTypes.RecoveryCodesRegenerated, "recovery codes");
    }

    [Fact]
    public async Task UsingARecoveryCode_SendsOneNotice_OneAuditEvent_OneStampRotation()
    {
        var (_, codes) = await apps.EnrollAsync();

        var change = await WatchAsync(apps.Services, apps.UserId, async () => Assert.True((await apps.RecoveryCodes.RedeemAsync(apps.UserId, codes[0])).Succeeded));

        change.AssertOne(AuditEventTypes.RecoveryCodeUsed, "9 recovery codes are left");
    }

    [Fact]
    public async Task RemovingTheApp_SendsOneNotice_OneAuditEvent_OneStampRotation()
    {
        var (key, _) = await apps.EnrollAsync();

        var change = await WatchAsync(apps.Services, apps.UserId, async () =>
            Assert.True((await apps.Enrollment.DisableAsync(apps.UserId, await apps.SessionAsync(), null, RfcTotp.CodeAt(key, apps.Clock.GetUtcNow()), confirmLastFactor: true)).Succeeded));

        change.AssertOne(AuditEventTypes.AuthenticatorDisabled, "no longer");
    }

    [Fact]
    public async Task RemovingOneOfTwoApps_SendsOneNotice_OneAuditEvent_OneStampRotation()
    {
        var (key, _) = await apps.EnrollAsync("Google Authenticator");
        await apps.EnrollAsync("Authy");

        var change = await WatchAsync(apps.Services, apps.UserId, async () =>
            Assert.True((await apps.Enrollment.RemoveAppAsync(apps.UserId, await apps.SessionAsync(), "Authy", null, RfcTotp.CodeAt(key, apps.Clock.GetUtcNow()))).Succeeded));

        change.AssertOne(AuditEventTypes.AuthenticatorDisabled, "Authy was removed");
    }

    [Fact]
    public async Task SavingAPendingNumber_SendsOneNotice_OneAuditEvent_OneStampRotation()
    {
        var userId = await phones.AddPersonAsync(phoneE164: null);

        var change = await WatchAsync(phones.Services, userId, async () =>
            Assert.True((await phones.Get<IPhoneEnrollment>().SavePendingAsync(
                new EnrollPhoneRequest(userId, "GB", "07400 123456", false, false, SessionId: await phones.SessionAsync(userId)))).Succeeded));

        change.AssertOne(AuditEventTypes.PhonePending, "••56");
    }

    [Fact]
    public async Task VerifyingThePhoneAtSignIn_SendsOneNotice_OneAuditEvent_OneStampRotation()
    {
        var userId = await phones.AddPersonAsync(state: PhoneState.Pending);

        var change = await WatchAsync(phones.Services, userId, async () => Assert.True(await phones.Get<IPhoneEnrollment>().MarkVerifiedAsync(userId)));

        change.AssertOne(AuditEventTypes.PhoneVerified, "verified");
    }

    [Fact]
    public async Task TurningThePhoneOff_SendsOneNotice_OneAuditEvent_OneStampRotation()
    {
        var userId = await phones.AddPersonAsync();

        var change = await WatchAsync(phones.Services, userId, async () =>
            Assert.Equal(DisablePhoneStatus.Disabled, (await phones.Get<IPhoneEnrollment>().DisableWithPasswordAsync(userId, await phones.SessionAsync(userId), "Demo-Pass-2026", confirmLastFactor: true)).Status));

        change.AssertOne(AuditEventTypes.PhoneDisabled, "no longer receives");
    }

    [Fact]
    public async Task TurningThePhoneOff_WhenItsAuditRowCannotBeWritten_KeepsThePhoneAndTwoFactorOn()
    {
        var userId = await phones.AddPersonAsync();
        await CrashOnAuditAsync(phones.DbFactory, AuditEventTypes.PhoneDisabled);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
            await phones.Get<IPhoneEnrollment>().DisableWithPasswordAsync(userId, await phones.SessionAsync(userId), "Demo-Pass-2026", confirmLastFactor: true));

        Assert.Equal(PhoneState.Verified, (await phones.ProfileAsync(userId))!.PhoneState);
    }

    [Fact]
    public async Task RemovingTheApp_WhenItsAuditRowCannotBeWritten_KeepsTheAppAndItsRecoveryCodes()
    {
        var (key, _) = await apps.EnrollAsync();
        await CrashOnAuditAsync(apps.Db, AuditEventTypes.AuthenticatorDisabled);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
            await apps.Enrollment.DisableAsync(apps.UserId, await apps.SessionAsync(), null, RfcTotp.CodeAt(key, apps.Clock.GetUtcNow()), confirmLastFactor: true));

        var user = await apps.LoadUserAsync();
        Assert.True(user.TwoFactorEnabled);
        Assert.Equal(10, await apps.RecoveryCodes.CountLeftAsync(apps.UserId));
        await using var db = await apps.Db.CreateDbContextAsync();
        Assert.True(await db.Factors.AnyAsync(f => f.UserId == apps.UserId && f.Kind == FactorKind.AuthenticatorApp));
    }

    /// <summary>Makes the database refuse the audit row of <paramref name="type"/>, as a crash at that write would.</summary>
    [Fact]
    public async Task AChangeByAnAdmin_TheAuditRowNamesTheAdmin_AndTheChangeWithoutANoticeMailsNothing()
    {
        var adminId = await apps.CreateUserAsync("admin@demo.test");
        TestClient.Enter("198.51.100.7");
        var change = new FactorChange(apps.UserId, AuditEventTypes.AuthenticatorDisabled, "by admin", Notice: null, TwoFactorEnabled: false, adminId);

        var observed = await WatchAsync(apps.Services, apps.UserId, () => CommitAsync(change));

        Assert.Empty(observed.NewEmails);
        Assert.Equal([AuditEventTypes.AuthenticatorDisabled], observed.NewAuditTypes);
        Assert.True(observed.StampChanged);
        await using var db = await apps.Db.CreateDbContextAsync();
        var row = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.AuthenticatorDisabled);
        Assert.Equal((adminId, "by admin", "198.51.100.7"), (row.ActorUserId, row.Detail, row.IpAddress));
    }

    [Fact]
    public async Task AChangeByThePersonThemselves_NamesThemAsTheActor()
    {
        await CommitAsync(new FactorChange(apps.UserId, AuditEventTypes.AuthenticatorDisabled, null, "Your authenticator app was removed.", false));

        await using var db = await apps.Db.CreateDbContextAsync();
        Assert.Equal(apps.UserId, (await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.AuthenticatorDisabled)).ActorUserId);
    }

    [Fact]
    public async Task WhenTheNoticeCannotBeMailed_TheChangeStillStands_AndTheOperatorIsTold()
    {
        await using (var db = await apps.Db.CreateDbContextAsync())
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER mail_down BEFORE INSERT ON OutboxMessages BEGIN SELECT RAISE(ABORT, 'mail server down'); END;");

        await CommitAsync(new FactorChange(apps.UserId, AuditEventTypes.AuthenticatorDisabled, null, "Your authenticator app was removed.", false));

        Assert.False((await apps.LoadUserAsync()).TwoFactorEnabled);
        var error = Assert.Single(apps.Logs.Entries, e => e.Category == typeof(FactorChanges).FullName);
        Assert.Equal((LogLevel.Error, $"Two-factor change notice could not be sent for {apps.UserId}"), (error.Level, error.Message));
        Assert.Contains("mail server down", error.Exception);
    }

    /// <summary>A change the way every feature makes one: staged in its transaction, committed, then announced.</summary>
    private async Task CommitAsync(FactorChange change)
    {
        var changes = apps.Services.GetRequiredService<FactorChanges>();
        await using var db = await apps.Db.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var recorded = await changes.StageAsync(db, change, default);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        await changes.AnnounceAsync(db, recorded, change, default);
    }

    private static async Task CrashOnAuditAsync(IDbContextFactory<PortalDbContext> dbFactory, string type)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync($"CREATE TRIGGER simulated_crash BEFORE INSERT ON AuditEvents WHEN NEW.Type = '{type}' BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;");
    }

    private sealed record Observed(List<string> NewEmails, List<string> NewAuditTypes, int Rotations, bool StampChanged)
    {
        public void AssertOne(string auditType, string noticeMentions)
        {
            Assert.Equal(1, Rotations);
            Assert.True(StampChanged);
            Assert.Equal([auditType], NewAuditTypes);
            var email = Assert.Single(NewEmails);
            Assert.StartsWith("Your two-factor authentication changed", email);
            Assert.Contains(noticeMentions, email);
        }
    }

    /// <summary>Runs <paramref name="act"/> and returns what the person and the audit log saw of it.</summary>
    private static async Task<Observed> WatchAsync(IServiceProvider services, string userId, Func<Task> act)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var (emailsBefore, auditBefore, stampBefore) = await SnapshotAsync(dbFactory, userId);
        var rotations = 0;
        using (services.GetRequiredService<SecurityStampRotations>().Subscribe(userId, () => { Interlocked.Increment(ref rotations); return Task.CompletedTask; }))
        {
            await act();
            await services.GetRequiredService<BackupifyPortal.Features.Events.EventSubscribers>().DrainAsync(); // delivery runs on the thread pool
        }
        var (emailsAfter, auditAfter, stampAfter) = await SnapshotAsync(dbFactory, userId);
        return new Observed(emailsAfter.Skip(emailsBefore.Count).ToList(), auditAfter.Skip(auditBefore.Count).ToList(), rotations, stampAfter != stampBefore);
    }

    private static async Task<(List<string> Emails, List<string> AuditTypes, string? Stamp)> SnapshotAsync(IDbContextFactory<PortalDbContext> dbFactory, string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        var emails = await db.OutboxMessages.Where(m => m.To == user.Email && m.Channel == OutboxEmailSender.Channel).OrderBy(m => m.Id).Select(m => m.Text).ToListAsync();
        var audit = await db.AuditEvents.Where(e => e.UserId == userId).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync();
        return (emails, audit, user.SecurityStamp);
    }
}
