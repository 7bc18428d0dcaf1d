namespace BackupifyPortal.Features.TwoFactor;

/// <summary>Whether a person may try a second-factor code now, and if not, until when.</summary>
public sealed record LockoutStatus(bool HardLocked, DateTimeOffset? LockedUntil, int ConsecutiveFailures)
{
    public bool IsLocked(DateTimeOffset now) => HardLocked || (LockedUntil is { } until && until > now);
    public TimeSpan Remaining(DateTimeOffset now) => LockedUntil is { } until && until > now ? until - now : TimeSpan.Zero;
}
