using BackupifyPortal.Features.TwoFactor;

namespace BackupifyPortal.Features.Authenticator;

/// <summary>Result of typing a recovery code at sign-in; CodesLeft is what remains after this one.</summary>
public sealed record RecoveryCodeResult(TotpCheckOutcome Outcome, int CodesLeft, LockoutStatus? Lockout = null)
{
    public bool Succeeded => Outcome == TotpCheckOutcome.Accepted;
    /// <summary>Warn the person to make new ones.</summary>
    public bool RunningLow => RecoveryCodes.IsRunningLow(CodesLeft);
}

/// <summary>Result of regenerating: the new codes (shown once) when the current code was right.</summary>
public sealed record RecoveryCodesRegenerated(TotpCheckResult Check, IReadOnlyList<string> Codes);

/// <summary>Ten single-use codes of 120 bits each, stored only as hashes.</summary>
public interface IRecoveryCodes
{
    Task<int> CountLeftAsync(string userId, CancellationToken ct = default);
    Task<RecoveryCodeResult> RedeemAsync(string userId, string? code, CancellationToken ct = default);
    /// <summary>For any person with a factor: needs fresh proof in <paramref name="sessionId"/>, and a current authenticator code when they have an app; voids every old code.</summary>
    Task<RecoveryCodesRegenerated> RegenerateAsync(string userId, string? sessionId, string? currentCode, CancellationToken ct = default);
}
