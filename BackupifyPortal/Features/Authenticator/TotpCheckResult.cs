using BackupifyPortal.Features.TwoFactor;

namespace BackupifyPortal.Features.Authenticator;

public enum TotpCheckOutcome
{
    Accepted,
    WrongCode,
    /// <summary>The code's time step was already used (or is older than one used).</summary>
    Replayed,
    /// <summary>Setup dialog only: the code is right for a time up to 10 minutes away, so the phone's clock is off. Refused.</summary>
    ClockDrift,
    LockedOut,
    NotEnrolled,
    /// <summary>Setup took too long or was cancelled elsewhere; start again.</summary>
    SetupExpired,
    /// <summary>The session holds no fresh proof (TwoFactor/FreshProof): "Confirm it's you" first.</summary>
    NeedsFreshProof,
}

/// <summary>What a person is told after typing a code. DriftSeconds &gt; 0: phone ahead; &lt; 0: behind.</summary>
public sealed record TotpCheckResult(TotpCheckOutcome Outcome, long DriftSeconds = 0, LockoutStatus? Lockout = null)
{
    public bool Succeeded => Outcome == TotpCheckOutcome.Accepted;
    public static readonly TotpCheckResult Accepted = new(TotpCheckOutcome.Accepted);
}
