namespace BackupifyPortal.Features.TwoFactor;

/// <summary>Decides, after a right password, whether the person must give a second factor.</summary>
public interface ISecondFactorRequirement
{
    Task<bool> IsRequiredAsync(string userId, CancellationToken ct = default);
}
