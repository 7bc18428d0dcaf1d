namespace BackupifyPortal.Data;

public enum CodePurpose
{
    SignIn = 0,
    PhoneVerification = 1,
    Reauthentication = 2,
}

/// <summary>An SMS or voice code, stored only as a hash and bound to what it was issued for.</summary>
public class OneTimeCode
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public CodePurpose Purpose { get; set; }
    /// <summary>The sign-in attempt (or other purpose instance) the code is valid for.</summary>
    public string BindingId { get; set; } = "";
    public string CodeHash { get; set; } = "";
    public DeliveryChannel Channel { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }
}
