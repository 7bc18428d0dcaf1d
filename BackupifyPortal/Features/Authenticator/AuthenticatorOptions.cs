namespace BackupifyPortal.Features.Authenticator;

/// <summary>Section "Authenticator" of configuration.</summary>
public sealed class AuthenticatorOptions
{
    /// <summary>Shown by the app above the code, and the prefix of the account label in the otpauth URI.</summary>
    public string Issuer { get; set; } = "Backupify";
    /// <summary>How long an unconfirmed secret stays usable, so a reload shows the same QR code.</summary>
    public TimeSpan PendingLifetime { get; set; } = TimeSpan.FromMinutes(30);
}
