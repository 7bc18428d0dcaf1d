using Microsoft.EntityFrameworkCore;
using BackupifyPortal.Data;

namespace BackupifyPortal.Features.Status;

/// <summary>What a Backupify account protects, for the Status page.</summary>
public interface IProtectedServices
{
    Task<IReadOnlyList<ProtectedService>> ListAsync(Guid accountId, CancellationToken ct = default);
}

public sealed class ProtectedServices(IDbContextFactory<PortalDbContext> dbFactory) : IProtectedServices
{
    public async Task<IReadOnlyList<ProtectedService>> ListAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ProtectedServices.AsNoTracking().Where(s => s.AccountId == accountId).ToListAsync(ct);
        return rows.OrderBy(s => s.Platform).ThenBy(s => s.Name).ToList();
    }
}
