namespace BackupifyPortal.Features.Authenticator;

/// <summary>Adding (up to SecondFactors.MaxApps, each named), swapping and removing a person's authenticator apps.</summary>
public interface IAuthenticatorEnrollment
{
    /// <summary>A fresh pending secret, or the one still pending for this person (a reload shows the same QR code).</summary>
    Task<AuthenticatorSetup> BeginAsync(string userId, string appName, CancellationToken ct = default);
    /// <summary>The setup still pending, if any and not expired.</summary>
    Task<AuthenticatorSetup?> GetPendingAsync(string userId, CancellationToken ct = default);
    /// <summary>Needs fresh proof in <paramref name="sessionId"/>; checks a code from the new app and only then replaces the old secret.</summary>
    Task<AuthenticatorEnrollmentResult> ConfirmAsync(string userId, string? sessionId, string? code, CancellationToken ct = default);
    Task CancelAsync(string userId, CancellationToken ct = default);
    /// <summary>Needs fresh proof in <paramref name="sessionId"/> and the password or a current code; deletes every app's secret (the last-factor rule applies).</summary>
    Task<TotpCheckResult> DisableAsync(string userId, string? sessionId, string? password, string? code, bool confirmLastFactor = false, CancellationToken ct = default);
    /// <summary>The same for the one app named <paramref name="appName"/>.</summary>
    Task<TotpCheckResult> RemoveAppAsync(string userId, string? sessionId, string appName, string? password, string? code, bool confirmLastFactor = false, CancellationToken ct = default);
    /// <summary>What the last-factor rule would say to removing that app (null: every app), for the dialog to ask first.</summary>
    Task<TwoFactor.LastFactorVerdict> PreviewRemovalAsync(string userId, string? appName, CancellationToken ct = default);
}
