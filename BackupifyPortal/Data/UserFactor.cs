namespace BackupifyPortal.Data;

/// <summary>The kinds of factor held in <see cref="UserFactor"/> rows (passkeys live in Identity's own table).</summary>
public enum FactorKind
{
    Phone = 1,
    AuthenticatorApp = 2,
}

/// <summary>
/// One second factor a person holds: a phone (the main one or the backup) or a named authenticator app.
/// A person may hold several: up to five apps, one main phone and one backup phone.
/// </summary>
public class UserFactor
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public FactorKind Kind { get; set; }
    /// <summary>The app's name as the person chose it, or the phone's role ("Phone", "Backup phone"); unique per person and kind.</summary>
    public string Name { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When this factor last passed a sign-in or a confirmation.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    // Authenticator app: the secret as a Data Protection payload, never plain text.
    public string? SecretProtected { get; set; }

    // Phone: E.164, its delivery channel and whether a code proved it.
    public string? PhoneE164 { get; set; }
    public PhoneState PhoneState { get; set; }
    /// <summary>SMS for mobiles, Voice for landlines.</summary>
    public DeliveryChannel PhoneChannel { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
    /// <summary>The second phone, used at sign-in only when asked for; the main phone has false.</summary>
    public bool IsBackup { get; set; }
}
