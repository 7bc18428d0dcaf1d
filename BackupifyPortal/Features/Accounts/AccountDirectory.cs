using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Accounts;

public sealed class AccountDirectory(IDbContextFactory<PortalDbContext> dbFactory) : IAccountDirectory
{
    public async Task<IReadOnlyList<PortalAccount>> ListAsync(string ownerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Accounts.AsNoTracking().Where(a => a.OwnerId == ownerId)
            .OrderBy(a => a.Kind).ThenBy(a => a.Name).ToListAsync(ct);
    }

    public async Task<PortalAccount?> FindOwnedAsync(string ownerId, Guid accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId && a.OwnerId == ownerId, ct);
    }
}
