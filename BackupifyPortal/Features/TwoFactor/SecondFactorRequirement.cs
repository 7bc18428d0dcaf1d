using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.TwoFactor;

/// <summary>A pending phone (to be verified), a verified phone, an authenticator app or a passkey all mean a second step.</summary>
public sealed class SecondFactorRequirement(IDbContextFactory<PortalDbContext> dbFactory) : ISecondFactorRequirement
{
    public async Task<bool> IsRequiredAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Any factor row: a pending phone too, which the next sign-in verifies.
        return await db.Factors.AnyAsync(f => f.UserId == userId, ct)
            || await db.UserPasskeys.AnyAsync(p => p.UserId == userId, ct);
    }
}
