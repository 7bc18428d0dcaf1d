namespace BackupifyPortal.Features.TwoFactor;

/// <summary>What a person reads when sign-in's second step is locked (passkey), with the wait in whole minutes, at least one.</summary>
public static class LockoutMessages
{
    public const string HardLocked = "Too many failed attempts. Ask your administrator or Backupify support to unlock your account.";

    public const string PasskeyNotAccepted = "That passkey was not accepted. Try again, or use another way below.";

    /// <summary>A refused passkey: the lock while the second step is locked, else "not accepted".</summary>
    public static string PasskeyRefused(LockoutStatus? lockout, DateTimeOffset now) =>
        lockout is not null && lockout.IsLocked(now) ? SignIn(lockout, now) : PasskeyNotAccepted;

    public static string SignIn(LockoutStatus lockout, DateTimeOffset now)
    {
        if (lockout.HardLocked) return HardLocked;
        return TryAgainIn(lockout.Remaining(now));
    }

    /// <summary>The wait in whole minutes, rounded up, at least one: Log In and Two Factor Log In say it alike.</summary>
    public static string TryAgainIn(TimeSpan left)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(left.TotalMinutes));
        return $"Too many failed attempts. Try again in {minutes} minute{(minutes == 1 ? "" : "s")}.";
    }
}
