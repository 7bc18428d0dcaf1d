using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.Extensions.DependencyInjection;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Authenticator;

/// <summary>Codes at sign-in: window (±1 step, no drift hint), replay, parallel use and lockout, as an attacker or a person sees them.</summary>
public sealed class AuthenticatorSignInTests : IAsyncLifetime
{
    private AuthenticatorTestHost host = default!;
    private string key = "";

    public async Task InitializeAsync()
    {
        host = await AuthenticatorTestHost.StartAsync();
        (key, _) = await host.EnrollAsync();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private DateTimeOffset Now => host.Clock.GetUtcNow();
    private Task<TotpCheckResult> VerifyAsync(string code)
    {
        TestClient.Enter("203.0.113.9");
        return host.Codes.VerifyAsync(host.UserId, code);
    }

    [Fact]
    public async Task Verify_CurrentCode_IsAccepted()
    {
        Assert.Equal(TotpCheckOutcome.Accepted, (await VerifyAsync(RfcTotp.CodeAt(key, Now))).Outcome);
    }

    [Fact]
    public async Task Verify_PreviousStepCode_IsAccepted()
    {
        Assert.True((await VerifyAsync(RfcTotp.Code(key, RfcTotp.StepAt(Now) - 1))).Succeeded);
    }

    [Fact]
    public async Task Verify_NextStepCode_IsAccepted()
    {
        Assert.True((await VerifyAsync(RfcTotp.Code(key, RfcTotp.StepAt(Now) + 1))).Succeeded);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public async Task Verify_CodeTwoStepsAway_IsRefused(int offset)
    {
        var result = await VerifyAsync(RfcTotp.Code(key, RfcTotp.StepAt(Now) + offset));
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Verify_SameCodeTwice_SecondIsRefusedAsReplayAndAudited()
    {
        var code = RfcTotp.CodeAt(key, Now);
        Assert.True((await VerifyAsync(code)).Succeeded);

        var replay = await VerifyAsync(code);

        Assert.Equal(TotpCheckOutcome.Replayed, replay.Outcome);
        Assert.Equal("This code was already used. Wait for the next code.", AuthenticatorMessages.For(replay, Now));
        Assert.Contains(AuditEventTypes.TotpReplayRefused, await host.AuditTypesAsync());
    }

    [Fact]
    public async Task Verify_OlderStepAfterNewerWasUsed_IsRefusedAsReplay()
    {
        var step = RfcTotp.StepAt(Now);
        Assert.True((await VerifyAsync(RfcTotp.Code(key, step + 1))).Succeeded);

        Assert.Equal(TotpCheckOutcome.Replayed, (await VerifyAsync(RfcTotp.Code(key, step))).Outcome);
        Assert.Equal(TotpCheckOutcome.Replayed, (await VerifyAsync(RfcTotp.Code(key, step - 1))).Outcome);
    }

    [Fact]
    public async Task Verify_NextCodeAfterReplay_IsAccepted()
    {
        var code = RfcTotp.CodeAt(key, Now);
        await VerifyAsync(code);
        await VerifyAsync(code);
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await VerifyAsync(RfcTotp.CodeAt(key, Now))).Succeeded);
    }

    [Fact]
    public async Task Verify_OneCodeUsedInParallel_ExactlyOneSucceeds()
    {
        var code = RfcTotp.CodeAt(key, Now);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => VerifyAsync(code))));

        Assert.Single(results, r => r.Succeeded);
        // Refused replays count as failures, so the last ones may already meet the lockout.
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.Outcome, new[] { TotpCheckOutcome.Replayed, TotpCheckOutcome.LockedOut }));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-10)]
    public async Task Verify_CodeForAStepOutsideTheWindow_GetsExactlyTheAnswerOfARandomWrongCode(int offset)
    {
        var right = RfcTotp.CodeAt(key, Now);
        var random = Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6"))
            .First(c => Enumerable.Range(-20, 41).All(o => RfcTotp.Code(key, RfcTotp.StepAt(Now) + o) != c));
        var randomAnswer = await AnswerAsync(random);

        var otherStep = await AnswerAsync(RfcTotp.Code(key, RfcTotp.StepAt(Now) + offset));

        Assert.Equal(randomAnswer, otherStep);
        Assert.Equal(TotpCheckOutcome.WrongCode, otherStep.Outcome);
        Assert.Equal(AuthenticatorMessages.WrongCode, otherStep.Message);
        Assert.DoesNotContain(AuditEventTypes.TotpClockDrift, await host.AuditTypesAsync());
        Assert.True((await VerifyAsync(right)).Succeeded);
    }

    /// <summary>Everything a guesser can observe of one try: outcome, drift, words, audit rows written, failures counted.</summary>
    private async Task<(TotpCheckOutcome Outcome, long Drift, string? Message, string Audit, int FailuresAdded)> AnswerAsync(string code)
    {
        await using var db = await host.Db.CreateDbContextAsync();
        var lastEvent = await db.AuditEvents.MaxAsync(e => (long?)e.Id) ?? 0;
        var failuresBefore = await Failures(db);
        var result = await VerifyAsync(code);
        var audit = string.Join("|", await db.AuditEvents.Where(e => e.Id > lastEvent).Select(e => e.Type + ":" + e.Detail).ToListAsync());
        return (result.Outcome, result.DriftSeconds, AuthenticatorMessages.For(result, Now), audit, await Failures(db) - failuresBefore);
    }

    private Task<int> Failures(Data.PortalDbContext db) =>
        db.AttemptCounters.Where(c => c.Kind == BackupifyPortal.Features.Limits.CounterKinds.SecondFactor && c.Key == BackupifyPortal.Features.Limits.CounterKinds.Account(host.UserId)).Select(c => c.Count).SingleOrDefaultAsync();

    [Fact]
    public async Task Verify_FiveWrongCodes_LocksOutEvenTheRightCode()
    {
        var right = RfcTotp.CodeAt(key, Now);
        var wrong = right == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++) await VerifyAsync(wrong);

        var result = await VerifyAsync(right);

        Assert.Equal(TotpCheckOutcome.LockedOut, result.Outcome);
        Assert.StartsWith("Too many wrong codes. Wait 5 minutes", AuthenticatorMessages.For(result, Now));
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await VerifyAsync(RfcTotp.CodeAt(key, Now))).Succeeded);
    }

    [Fact]
    public async Task Verify_WrongCode_CountsTowardSharedLockout()
    {
        await VerifyAsync("000000" == RfcTotp.CodeAt(key, Now) ? "111111" : "000000");
        Assert.Equal(1, (await host.Services.GetRequiredService<ISecondFactorLockout>().GetAsync(host.UserId)).ConsecutiveFailures);
    }

    [Fact]
    public async Task Verify_ReplayedCode_TheSecurityLogSaysWhyAndFromWhichAddress_AndItCountsAsAFailure()
    {
        var code = RfcTotp.CodeAt(key, Now);
        await VerifyAsync(code);

        var replay = await VerifyAsync(code);

        Assert.Equal(1, replay.Lockout!.ConsecutiveFailures);
        await using var db = await host.Db.CreateDbContextAsync();
        var row = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.TotpReplayRefused);
        Assert.Equal((host.UserId, "203.0.113.9", "code for an already used time step"), (row.UserId, row.IpAddress, row.Detail));
    }

    [Fact]
    public async Task Verify_RightCodeAfterFourWrongOnes_StartsTheCountAgain_AndTheAdminSeesWhenTheAppWasLastUsed()
    {
        var wrong = RfcTotp.CodeAt(key, Now) == "000000" ? "111111" : "000000";
        for (var i = 0; i < 4; i++) await VerifyAsync(wrong);

        Assert.True((await VerifyAsync(RfcTotp.CodeAt(key, Now))).Succeeded);

        var usedAt = Now;
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        var afterFourMore = new List<TotpCheckResult>();
        for (var i = 0; i < 4; i++) afterFourMore.Add(await VerifyAsync(wrong));
        Assert.All(afterFourMore, r => Assert.Equal(TotpCheckOutcome.WrongCode, r.Outcome));
        Assert.Equal(4, afterFourMore[^1].Lockout!.ConsecutiveFailures);
        Assert.True((await VerifyAsync(RfcTotp.CodeAt(key, Now))).Succeeded);
        await using var db = await host.Db.CreateDbContextAsync();
        Assert.Equal(Now, await db.TwoFactorProfiles.Where(p => p.UserId == host.UserId).Select(p => p.LastSecondFactorAt).SingleAsync());
        Assert.NotEqual(usedAt, Now);
    }

    [Fact]
    public async Task Verify_TheOperatorsLogSaysWhoseCodeWasAcceptedOrWrong()
    {
        var category = typeof(AuthenticatorCodes).FullName;
        var before = host.Logs.Entries.Count(e => e.Category == category);
        var right = RfcTotp.CodeAt(key, Now);
        var wrong = right == "000000" ? "111111" : "000000";
        await VerifyAsync(wrong);
        await VerifyAsync(right);

        var lines = host.Logs.Entries.Where(e => e.Category == category).Skip(before).Select(e => e.Message).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal($"Wrong authenticator code for {host.UserId}", lines[0]);
        Assert.StartsWith($"Authenticator code accepted for {host.UserId} from app ", lines[1]);
    }

    [Fact]
    public async Task Verify_ACodeFromThePersonsSecondApp_IsAccepted_OnlyThatAppShowsAsLastUsed_AndItsStepIsUsedForBothApps()
    {
        var (authy, _) = await host.EnrollAsync("Authy");
        var step = RfcTotp.StepAt(Now);

        var result = await VerifyAsync(RfcTotp.Code(authy, step));

        Assert.Equal((TotpCheckOutcome.Accepted, "Authy"), (result.Outcome, result.AppName));
        await using (var db = await host.Db.CreateDbContextAsync())
        {
            var lastUsed = await db.Factors.Where(f => f.UserId == host.UserId).ToDictionaryAsync(f => f.Name, f => f.LastUsedAt);
            Assert.Equal(Now, lastUsed["Authy"]);
            Assert.Null(lastUsed["Google Authenticator"]);
        }
        Assert.Equal(TotpCheckOutcome.Replayed, (await VerifyAsync(RfcTotp.Code(key, step))).Outcome);
    }

    [Fact]
    public async Task Verify_AnAppAddedWithoutTwoFactorSettings_ItsFirstCodeIsAccepted_AndThenItsStepIsUsed()
    {
        // An app row written by a console or a seed: the person has no two-factor settings row yet.
        var seeded = await host.CreateUserAsync("seeded@demo.test");
        var secret = AuthenticatorSecrets.NewSecret();
        var seededKey = OtpNet.Base32Encoding.ToString(secret);
        await using (var db = await host.Db.CreateDbContextAsync())
        {
            db.Factors.Add(BackupifyPortal.Tests.TwoFactor.FactorRows.App(seeded, "Authy", host.Services.GetRequiredService<AuthenticatorSecrets>().Protect(secret)));
            await db.SaveChangesAsync();
            Assert.False(await db.TwoFactorProfiles.AnyAsync(p => p.UserId == seeded));
        }
        var step = RfcTotp.StepAt(Now);

        Assert.True((await host.Codes.VerifyAsync(seeded, RfcTotp.Code(seededKey, step))).Succeeded);

        Assert.Equal(TotpCheckOutcome.Replayed, (await host.Codes.VerifyAsync(seeded, RfcTotp.Code(seededKey, step))).Outcome);
        Assert.Equal(TotpCheckOutcome.Replayed, (await host.Codes.VerifyAsync(seeded, RfcTotp.Code(seededKey, step - 1))).Outcome);
        await using var check = await host.Db.CreateDbContextAsync();
        Assert.Equal(step, await check.TwoFactorProfiles.Where(p => p.UserId == seeded).Select(p => p.LastTotpStep).SingleAsync());
    }

    [Fact]
    public async Task Verify_PersonWithoutApp_IsNotEnrolled()
    {
        var other = await host.CreateUserAsync("other@demo.test");
        var result = await host.Codes.VerifyAsync(other, RfcTotp.CodeAt(key, Now));
        Assert.Equal(TotpCheckOutcome.NotEnrolled, result.Outcome);
    }
}
