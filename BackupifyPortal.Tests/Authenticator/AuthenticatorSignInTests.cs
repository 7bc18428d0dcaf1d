using BackupifyPortal.Features.TwoFactor;
using Microsoft.Extensions.DependencyInjection;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Authenticator;

/// <summary>Codes at sign-in: window, replay, parallel use, drift and lockout, as an attacker or a person sees them.</summary>
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
    private Task<TotpCheckResult> VerifyAsync(string code) => host.Codes.VerifyAsync(host.UserId, code, "203.0.113.9");

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

    [Fact]
    public async Task Verify_PhoneClock90SecondsAhead_RefusedWithDriftMessage()
    {
        var phoneTime = Now.AddSeconds(90);
        var result = await VerifyAsync(RfcTotp.CodeAt(key, phoneTime));

        Assert.Equal(TotpCheckOutcome.ClockDrift, result.Outcome);
        Assert.Equal(90, result.DriftSeconds);
        var message = AuthenticatorMessages.For(result, Now)!;
        Assert.Contains("about 90 seconds ahead", message);
        Assert.Contains("automatic", message);
    }

    [Fact]
    public async Task Verify_PhoneClock5MinutesBehind_RefusedWithDriftMessage()
    {
        var result = await VerifyAsync(RfcTotp.CodeAt(key, Now.AddMinutes(-5)));

        Assert.Equal(TotpCheckOutcome.ClockDrift, result.Outcome);
        Assert.Contains("about 5 minutes behind", AuthenticatorMessages.For(result, Now));
    }

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
    public async Task Verify_PersonWithoutApp_IsNotEnrolled()
    {
        var other = await host.CreateUserAsync("other@demo.test");
        var result = await host.Codes.VerifyAsync(other, RfcTotp.CodeAt(key, Now), null);
        Assert.Equal(TotpCheckOutcome.NotEnrolled, result.Outcome);
    }
}
