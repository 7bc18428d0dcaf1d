namespace BackupifyPortal.Features.SignIn;

/// <summary>The first step of sign-in, run in the circuit: check the password, then decide what comes next.</summary>
public interface IPasswordSignIn
{
    Task<PasswordCheckResult> CheckAsync(string email, string password, BrowserSnapshot browser, string? returnUrl, CancellationToken ct = default);
}
