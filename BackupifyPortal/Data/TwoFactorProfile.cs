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
/// A person's two-factor settings that are not factors themselves (the factors are <see cref="UserFactor"/> rows):
/// the app setup in progress, the replay floor shared by all their apps, and when a second factor last passed.
/// </summary>
public class TwoFactorProfile
{
    public string UserId { get; set; } = "";

    /// <summary>The person ticked "Set up your own authenticator app" in the Enable dialog.</summary>
    public bool AuthenticatorSetupRequested { get; set; }

    // An app being added (secrets are Data Protection payloads, never plain text)
    public string? PendingAuthenticatorSecretProtected { get; set; }
    public string? PendingAuthenticatorAppName { get; set; }
    public DateTimeOffset? PendingAuthenticatorCreatedAt { get; set; }
    /// <summary>Newest TOTP time step accepted from any of the person's apps; a code whose step is not newer is a replay.</summary>
    public long LastTotpStep { get; set; }

    // Wrong codes are counted in AttemptCounters (Features/Limits, CounterKinds.SecondFactor), not here.

    public DateTimeOffset? LastSecondFactorAt { get; set; }
}
