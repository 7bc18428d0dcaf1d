namespace BackupifyPortal.Features.TwoFactor;

/// <summary>What a person reads when sign-in's second step is locked (passkey), with the wait in whole minutes, at least one.</summary>
public static class LockoutMessages
{
    public const string HardLocked = "Too many failed attempts. Ask your administrator or Backupify support to unlock your account.";

    public static string SignIn(LockoutStatus lockout, DateTimeOffset now)
    {
        if (lockout.HardLocked) return HardLocked;
        var minutes = Math.Max(1, (int)Math.Ceiling(lockout.Remaining(now).TotalMinutes));
        return $"Too many failed attempts. Try again in {minutes} minute{(minutes == 1 ? "" : "s")}.";
    }
}
