namespace BackupifyPortal.Features.Authenticator;

/// <summary>The words a person reads after a refused code, shared by the dialog and the sign-in step.</summary>
public static class AuthenticatorMessages
{
    public const string WrongCode = "That code is not right. Type the 6-digit code your authenticator app shows now.";
    public const string Replayed = "This code was already used. Wait for the next code.";
    public const string SetupExpired = "This setup has expired. Close this window and start again.";
    public const string NotEnrolled = "No authenticator app is set up for this account.";
    public static readonly string TooManyApps = $"You already have {TwoFactor.SecondFactors.MaxApps} authenticator apps. Remove one before you add another.";
    public const string HardLocked = "Too many wrong codes. This account is locked; contact support to unlock it.";

    public static string ClockDrift(long driftSeconds)
    {
        var direction = driftSeconds > 0 ? "ahead" : "behind";
        var amount = Math.Abs(driftSeconds);
        var size = amount < 120 ? $"{amount} seconds" : $"{Math.Round(amount / 60.0, MidpointRounding.AwayFromZero)} minutes";
        return $"Your phone's clock looks about {size} {direction}. Turn on automatic date and time in your phone's settings "
            + "(Settings > Date & time > Set automatically), then type the new code.";
    }

    public static string LockedFor(TimeSpan remaining)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(remaining.TotalMinutes));
        return $"Too many wrong codes. Wait {minutes} minute{(minutes == 1 ? "" : "s")} and try again.";
    }

    /// <summary>User Settings' count of unused recovery codes.</summary>
    public static string CodesLeft(int left) => left == 1 ? "1 recovery code left." : $"{left} recovery codes left.";

    /// <summary>The warning after a recovery code signed in with few left.</summary>
    public static string LeftAfterUse(int left) => left == 0 ? "That was your last recovery code." : $"Only {left} recovery code{(left == 1 ? "" : "s")} left.";

    /// <summary>A refused removal: a wrong password says so; a code gets the code's own answer.</summary>
    public static string? ForRemoval(TotpCheckResult result, bool usedPassword, DateTimeOffset now) =>
        result.Outcome == TotpCheckOutcome.WrongCode && usedPassword ? "That password is not right." : For(result, now);

    public const string RecoveryCodeRefused = "That recovery code is not right, or it was already used.";

    /// <summary>A refused recovery code: the lock when this refusal locked (or found locked) the second step, else "not right".</summary>
    public static string ForRecoveryCode(RecoveryCodeResult refused, DateTimeOffset now)
    {
        if (refused.Outcome == TotpCheckOutcome.LockedOut) return For(new TotpCheckResult(refused.Outcome, Lockout: refused.Lockout), now)!;
        return refused.Lockout is { } after && after.IsLocked(now)
            ? For(new TotpCheckResult(TotpCheckOutcome.LockedOut, Lockout: after), now)!
            : RecoveryCodeRefused;
    }

    /// <summary>The message for a refused result, or null when it was accepted.</summary>
    public static string? For(TotpCheckResult result, DateTimeOffset now) => result.Outcome switch
    {
        TotpCheckOutcome.Accepted => null,
        TotpCheckOutcome.Replayed => Replayed,
        TotpCheckOutcome.ClockDrift => ClockDrift(result.DriftSeconds),
        TotpCheckOutcome.SetupExpired => SetupExpired,
        TotpCheckOutcome.NotEnrolled => NotEnrolled,
        TotpCheckOutcome.NeedsFreshProof => TwoFactor.FreshProof.Needed,
        TotpCheckOutcome.TooManyApps => TooManyApps,
        TotpCheckOutcome.LastFactorNeedsConfirmation => TwoFactor.LastFactorRule.ConfirmQuestion,
        TotpCheckOutcome.LastFactorRequired => TwoFactor.LastFactorRule.Required,
        TotpCheckOutcome.LockedOut when result.Lockout?.HardLocked == true => HardLocked,
        TotpCheckOutcome.LockedOut => LockedFor(result.Lockout?.Remaining(now) ?? TimeSpan.Zero),
        _ => WrongCode,
    };
}
