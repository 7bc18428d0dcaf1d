using BackupifyPortal.Data;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Sign-ins that passed the password and wait for a second factor, bound to the browser that started them.
/// Nothing here completes an attempt: only <see cref="SecondFactorSignIn"/> does, in the call that verified a factor.
/// </summary>
public interface ISignInAttempts
{
    Task<Guid> StartAsync(string userId, string bindingHash, string? returnUrl, CancellationToken ct = default);

    /// <summary>The attempt if it is open, unexpired and belongs to this browser; otherwise null.</summary>
    Task<SignInAttempt?> FindOpenAsync(Guid attemptId, string? bindingHash, CancellationToken ct = default);
}
