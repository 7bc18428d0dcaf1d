namespace BackupifyPortal.Features.Authenticator;

/// <summary>Checks a code from a person's confirmed authenticator app: window ±1 step (anything else is just a wrong code, with no drift hint), replay-proof, lockout-counted.</summary>
public interface IAuthenticatorCodes
{
    Task<TotpCheckResult> VerifyAsync(string userId, string? code, CancellationToken ct = default);
}
