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
    /// <summary>Setup only: the person already holds the most apps allowed (SecondFactors.MaxApps).</summary>
    TooManyApps,
    /// <summary>Removal only: this is the person's last factor and they have not confirmed removing it.</summary>
    LastFactorNeedsConfirmation,
    /// <summary>Removal only: this is the person's last factor and their organisation requires 2FA.</summary>
    LastFactorRequired,
}

/// <summary>What a person is told after typing a code. DriftSeconds &gt; 0: phone ahead; &lt; 0: behind.</summary>
public sealed record TotpCheckResult(TotpCheckOutcome Outcome, long DriftSeconds = 0, LockoutStatus? Lockout = null)
{
    public bool Succeeded => Outcome == TotpCheckOutcome.Accepted;
    /// <summary>Which of the person's apps gave the accepted code.</summary>
    public string? AppName { get; init; }
    public static readonly TotpCheckResult Accepted = new(TotpCheckOutcome.Accepted);
}
