using BackupifyPortal.Data;

namespace BackupifyPortal.Features.Accounts;

/// <summary>A person's accounts. Every lookup is by owner, so an id from the browser never reaches someone else's account.</summary>
public interface IAccountDirectory
{
    Task<IReadOnlyList<PortalAccount>> ListAsync(string ownerId, CancellationToken ct = default);
    /// <summary>The account if it belongs to <paramref name="ownerId"/>; otherwise null.</summary>
    Task<PortalAccount?> FindOwnedAsync(string ownerId, Guid accountId, CancellationToken ct = default);
}
