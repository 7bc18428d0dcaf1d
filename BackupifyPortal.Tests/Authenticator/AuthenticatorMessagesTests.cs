using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.TwoFactor;

namespace BackupifyPortal.Tests.Authenticator;

/// <summary>The exact words a person reads after a refused authenticator code, in the dialog and at sign-in.</summary>
public sealed class AuthenticatorMessagesTests
{
    private static readonly DateTimeOffset Now = AuthenticatorTestHost.Start;
    private const string Fix = "Turn on automatic date and time in your phone's settings (Settings > Date & time > Set automatically), then type the new code.";

    [Theory]
    [InlineData(60, "60 seconds ahead")]
    [InlineData(-90, "90 seconds behind")]
    [InlineData(-120, "2 minutes behind")]
    [InlineData(150, "3 minutes ahead")]
    [InlineData(-600, "10 minutes behind")]
    public void ClockDrift_SaysHowFarAndWhichWay_InSecondsUnderTwoMinutes_ThenInWholeMinutes(long driftSeconds, string expected)
    {
        Assert.Equal($"Your phone's clock looks about {expected}. {Fix}", AuthenticatorMessages.ClockDrift(driftSeconds));
        Assert.Equal($"Your phone's clock looks about {expected}. {Fix}",
            AuthenticatorMessages.For(new TotpCheckResult(TotpCheckOutcome.ClockDrift, driftSeconds), Now));
    }

    [Theory]
    [InlineData(0, "Wait 1 minute and try again.")]
    [InlineData(20, "Wait 1 minute and try again.")]
    [InlineData(61, "Wait 2 minutes and try again.")]
    [InlineData(300, "Wait 5 minutes and try again.")]
    public void LockedOut_SaysHowManyWholeMinutesToWait_NeverZero(int secondsLeft, string expected)
    {
        var locked = new LockoutStatus(false, Now.AddSeconds(secondsLeft), 5);
        Assert.Equal($"Too many wrong codes. {expected}", AuthenticatorMessages.For(new TotpCheckResult(TotpCheckOutcome.LockedOut, Lockout: locked), Now));
        Assert.Equal($"Too many wrong codes. {expected}", AuthenticatorMessages.LockedFor(TimeSpan.FromSeconds(secondsLeft)));
    }

    [Fact]
    public void HardLocked_SaysToContactSupport_NotToWait()
    {
        var hard = new LockoutStatus(true, null, 100);
        Assert.Equal("Too many wrong codes. This account is locked; contact support to unlock it.",
            AuthenticatorMessages.For(new TotpCheckResult(TotpCheckOutcome.LockedOut, Lockout: hard), Now));
        Assert.Equal("Too many wrong codes. Wait 1 minute and try again.",
            AuthenticatorMessages.For(new TotpCheckResult(TotpCheckOutcome.LockedOut), Now));
    }

    [Fact]
    public void EveryOtherRefusal_HasItsOwnSentence_AndAnAcceptedCodeNone()
    {
        string? For(TotpCheckOutcome outcome) => AuthenticatorMessages.For(new TotpCheckResult(outcome), Now);

        Assert.Null(For(TotpCheckOutcome.Accepted));
        Assert.Equal("That code is not right. Type the 6-digit code your authenticator app shows now.", For(TotpCheckOutcome.WrongCode));
        Assert.Equal("This code was already used. Wait for the next code.", For(TotpCheckOutcome.Replayed));
        Assert.Equal("This setup has expired. Close this window and start again.", For(TotpCheckOutcome.SetupExpired));
        Assert.Equal("No authenticator app is set up for this account.", For(TotpCheckOutcome.NotEnrolled));
        Assert.Equal("Confirm it's you before changing two-factor settings: close this and try again.", For(TotpCheckOutcome.NeedsFreshProof));
        Assert.Equal("You already have 5 authenticator apps. Remove one before you add another.", For(TotpCheckOutcome.TooManyApps));
        Assert.Equal(LastFactorRule.ConfirmQuestion, For(TotpCheckOutcome.LastFactorNeedsConfirmation));
        Assert.Equal(LastFactorRule.Required, For(TotpCheckOutcome.LastFactorRequired));
    }
}
