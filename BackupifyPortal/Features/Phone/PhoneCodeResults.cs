using BackupifyPortal.Data;

namespace BackupifyPortal.Features.Phone;

/// <summary>What a code is for: the person, the purpose, and the instance (sign-in attempt id, dialog id).</summary>
/// <param name="Backup">Send to the person's backup phone instead of the main one.</param>
public sealed record CodeBinding(string UserId, CodePurpose Purpose, string BindingId, bool Backup = false);

public enum SendCodeStatus { Sent, Cooldown, LimitReached, CountryNotAllowed, Locked, NoPhone, ProviderFailed }

public sealed record SendCodeResult(
    SendCodeStatus Status,
    DeliveryChannel Channel,
    string MaskedPhone,
    DateTimeOffset? NextSendAllowedAt,
    SendFailure Failure = SendFailure.None,
    DateTimeOffset? LockedUntil = null)
{
    /// <summary>A lock with no end time is the hard lock: only an administrator or support unlocks it.</summary>
    public bool HardLocked => Status == SendCodeStatus.Locked && LockedUntil is null;
}

public enum VerifyCodeStatus { Verified, Wrong, Malformed, Expired, Locked }

public sealed record VerifyCodeResult(
    VerifyCodeStatus Status,
    DeliveryChannel Channel = DeliveryChannel.Sms,
    int AttemptsLeft = 0,
    DateTimeOffset? LockedUntil = null,
    bool HardLocked = false);

/// <summary>What the phone step needs on (re)load: is a code already out, and when may the next one go.</summary>
public sealed record CodeSendState(
    bool HasPhone,
    bool HasLiveCode,
    DeliveryChannel? LiveCodeChannel,
    DeliveryChannel PhoneChannel,
    string MaskedPhone,
    DateTimeOffset NextSendAllowedAt,
    DateTimeOffset? LockedUntil,
    bool HardLocked);
