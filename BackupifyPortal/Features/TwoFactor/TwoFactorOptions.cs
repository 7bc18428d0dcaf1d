namespace BackupifyPortal.Features.TwoFactor;

/// <summary>Limits shared by every second factor (section "TwoFactor" of configuration).</summary>
public sealed class TwoFactorOptions
{
    /// <summary>Wrong codes in a row before a short lockout.</summary>
    public int FailuresBeforeLockout { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Consecutive failures before a hard lock that only recovery (an admin or support reset) lifts.</summary>
    public int FailuresBeforeHardLock { get; set; } = 100;
    /// <summary>How long a sign-in attempt may wait for its second factor.</summary>
    public TimeSpan SignInAttemptLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
