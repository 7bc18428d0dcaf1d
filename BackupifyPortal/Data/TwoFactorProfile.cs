namespace BackupifyPortal.Data;

public enum PhoneState
{
    None = 0,
    /// <summary>Saved by the Enable dialog; verified by the code at the next sign-in.</summary>
    Pending = 1,
    Verified = 2,
}

public enum DeliveryChannel
{
    Sms = 0,
    Voice = 1,
    /// <summary>Only on a CodeDelivery row: an identity-check code emailed to the customer (never a phone's channel, never in the phone caps).</summary>
    Email = 2,
}

/// <summary>
/// A person's second factors. One row per person, so a person is either
/// fully enrolled or not, and every limit survives a restart.
/// </summary>
public class TwoFactorProfile
{
    public string UserId { get; set; } = "";

    // Phone factor
    public string? PhoneE164 { get; set; }
    public PhoneState PhoneState { get; set; }
    /// <summary>SMS for mobiles, Voice for landlines.</summary>
    public DeliveryChannel PhoneChannel { get; set; }
    public DateTimeOffset? PhoneVerifiedAt { get; set; }
    /// <summary>The person ticked "Set up your own authenticator app" in the Enable dialog.</summary>
    public bool AuthenticatorSetupRequested { get; set; }

    // Authenticator app factor (secrets are Data Protection payloads, never plain text)
    public string? AuthenticatorSecretProtected { get; set; }
    public string? AuthenticatorAppName { get; set; }
    public DateTimeOffset? AuthenticatorEnabledAt { get; set; }
    public string? PendingAuthenticatorSecretProtected { get; set; }
    public string? PendingAuthenticatorAppName { get; set; }
    public DateTimeOffset? PendingAuthenticatorCreatedAt { get; set; }
    /// <summary>Newest TOTP time step accepted; a code whose step is not newer is a replay.</summary>
    public long LastTotpStep { get; set; }

    // Wrong codes are counted in AttemptCounters (Features/Limits, CounterKinds.SecondFactor), not here.

    public DateTimeOffset? LastSecondFactorAt { get; set; }
}
