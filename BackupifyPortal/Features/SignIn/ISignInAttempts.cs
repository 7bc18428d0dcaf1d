using BackupifyPortal.Data;

namespace BackupifyPortal.Features.SignIn;

/// <summary>Sign-ins that passed the password and wait for a second factor, bound to the browser that started them.</summary>
public interface ISignInAttempts
{
    Task<Guid> StartAsync(string userId, string bindingHash, string? returnUrl, CancellationToken ct = default);

    /// <summary>The attempt if it is open, unexpired and belongs to this browser; otherwise null.</summary>
    Task<SignInAttempt?> FindOpenAsync(Guid attemptId, string? bindingHash, CancellationToken ct = default);

    /// <summary>Closes the attempt once (a second call returns null) and issues the hand-off ticket.</summary>
    Task<string?> CompleteAsync(Guid attemptId, string bindingHash, string method, bool rememberBrowser, CancellationToken ct = default, string? clientIp = null);
}
