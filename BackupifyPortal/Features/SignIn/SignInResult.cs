namespace BackupifyPortal.Features.SignIn;

public enum PasswordOutcome
{
    /// <summary>Unknown email or wrong password: the person is told the same thing for both.</summary>
    Failed,
    LockedOut,
    /// <summary>Password right; a second factor is next (see <see cref="PasswordCheckResult.AttemptId"/>).</summary>
    NeedsSecondFactor,
    /// <summary>Password right and nothing more to ask: redeem <see cref="PasswordCheckResult.Ticket"/>.</summary>
    SignedIn,
}

/// <param name="LockedFor">How long a lockout lasts; null with <see cref="PasswordOutcome.LockedOut"/>: until an admin or support reset.</param>
public sealed record PasswordCheckResult(PasswordOutcome Outcome, Guid? AttemptId = null, string? Ticket = null, TimeSpan? LockedFor = null)
{
    public static readonly PasswordCheckResult Failed = new(PasswordOutcome.Failed);
    public static readonly PasswordCheckResult LockedUntilReset = new(PasswordOutcome.LockedOut);
}
