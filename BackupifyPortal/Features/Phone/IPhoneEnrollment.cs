namespace BackupifyPortal.Features.Phone;

/// <summary>SessionId is the requesting session, which must hold fresh proof; CurrentPassword is also asked to replace an already verified number.</summary>
public sealed record EnrollPhoneRequest(string UserId, string? Region, string? Number, bool IsLandline, bool WantsAuthenticator, string? CurrentPassword = null, string? SessionId = null);

/// <summary>Saved (Phone set) or not, with the message for the `Phone number` field (or the password field when PasswordError).</summary>
/// <param name="NeedsFreshProof">The session has no fresh proof: show "Confirm it's you" and try again.</param>
public sealed record EnrollPhoneResult(ParsedPhone? Phone, string? Error, bool PasswordError = false, bool NeedsFreshProof = false)
{
    public bool Succeeded => Phone is not null;
}

public enum DisablePhoneStatus { Disabled, WrongPassword, WrongCode, Locked, NothingToDisable, NeedsFreshProof, LastFactorNeedsConfirmation, LastFactorRequired }

public sealed record DisablePhoneResult(DisablePhoneStatus Status, VerifyCodeResult? Code = null);

/// <summary>Saving, verifying, changing and removing the phone second factor, each audited and rotating the security stamp.</summary>
public interface IPhoneEnrollment
{
    /// <summary>The Country code picker's default, from the person's locale.</summary>
    Task<string> DefaultRegionAsync(string userId, CancellationToken ct = default);
    /// <summary>Validates and saves the number as pending (also a change of number: it must be verified again).</summary>
    Task<EnrollPhoneResult> SavePendingAsync(EnrollPhoneRequest request, CancellationToken ct = default);
    /// <summary>After a correct PhoneVerification code: the phone becomes verified and 2FA is on.</summary>
    Task<bool> MarkVerifiedAsync(string userId, CancellationToken ct = default);
    /// <summary>Needs fresh proof in <paramref name="sessionId"/> and the password; the last-factor rule applies (TwoFactor/LastFactorRule).</summary>
    Task<DisablePhoneResult> DisableWithPasswordAsync(string userId, string? sessionId, string password, bool confirmLastFactor = false, CancellationToken ct = default);
    /// <summary>Needs fresh proof in <paramref name="sessionId"/> and a current Reauthentication code sent for bindingId.</summary>
    Task<DisablePhoneResult> DisableWithCodeAsync(string userId, string? sessionId, string bindingId, string code, bool confirmLastFactor = false, CancellationToken ct = default);
    /// <summary>What the last-factor rule would say to turning the phones off, for the dialog to ask first.</summary>
    Task<TwoFactor.LastFactorVerdict> PreviewDisableAsync(string userId, CancellationToken ct = default);
}
