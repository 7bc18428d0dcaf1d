namespace BackupifyPortal.Features.Authenticator;

/// <summary>Setting up, swapping and removing a person's authenticator app.</summary>
public interface IAuthenticatorEnrollment
{
    /// <summary>A fresh pending secret, or the one still pending for this person (a reload shows the same QR code).</summary>
    Task<AuthenticatorSetup> BeginAsync(string userId, string appName, CancellationToken ct = default);
    /// <summary>The setup still pending, if any and not expired.</summary>
    Task<AuthenticatorSetup?> GetPendingAsync(string userId, CancellationToken ct = default);
    /// <summary>Needs fresh proof in <paramref name="sessionId"/>; checks a code from the new app and only then replaces the old secret.</summary>
    Task<AuthenticatorEnrollmentResult> ConfirmAsync(string userId, string? sessionId, string? code, string? clientIp, CancellationToken ct = default);
    Task CancelAsync(string userId, CancellationToken ct = default);
    /// <summary>Needs fresh proof in <paramref name="sessionId"/> and the password or a current code; deletes the secret.</summary>
    Task<TotpCheckResult> DisableAsync(string userId, string? sessionId, string? password, string? code, string? clientIp, CancellationToken ct = default);
}
