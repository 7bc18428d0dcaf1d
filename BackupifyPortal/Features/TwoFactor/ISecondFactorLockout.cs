namespace BackupifyPortal.Features.TwoFactor;

/// <summary>
/// Counts wrong second-factor codes per person, across sessions and IPs, in the database:
/// every factor (SMS, voice, authenticator, recovery code) feeds the same counter.
/// </summary>
public interface ISecondFactorLockout
{
    Task<LockoutStatus> GetAsync(string userId, CancellationToken ct = default);
    /// <summary>Records a wrong code and returns the status after it.</summary>
    Task<LockoutStatus> RegisterFailureAsync(string userId, CancellationToken ct = default);
    Task RegisterSuccessAsync(string userId, CancellationToken ct = default);
}
