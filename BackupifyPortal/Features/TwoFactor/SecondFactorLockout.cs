using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.TwoFactor;

public sealed class SecondFactorLockout(
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider clock,
    IOptions<TwoFactorOptions> options,
    IAuditLog audit) : ISecondFactorLockout
{
    private TwoFactorOptions Limits => options.Value;

    public async Task<LockoutStatus> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var profile = await db.TwoFactorProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        return profile is null ? new LockoutStatus(false, null, 0) : ToStatus(profile);
    }

    public async Task<LockoutStatus> RegisterFailureAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One UPDATE increments atomically, so parallel wrong guesses are all counted.
        await EnsureProfileAsync(db, userId, ct);
        await db.TwoFactorProfiles.Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ConsecutiveFailures, p => p.ConsecutiveFailures + 1), ct);
        var profile = await db.TwoFactorProfiles.AsNoTracking().FirstAsync(p => p.UserId == userId, ct);
        var now = clock.GetUtcNow();
        if (profile.ConsecutiveFailures >= Limits.FailuresBeforeHardLock && !profile.HardLocked)
        {
            await db.TwoFactorProfiles.Where(p => p.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(p => p.HardLocked, true), ct);
            profile.HardLocked = true;
            await audit.WriteAsync(AuditEventTypes.SecondFactorHardLocked, userId, $"after {profile.ConsecutiveFailures} failures", ct: ct);
        }
        else if (profile.ConsecutiveFailures % Limits.FailuresBeforeLockout == 0)
        {
            var until = now + Limits.LockoutDuration;
            await db.TwoFactorProfiles.Where(p => p.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(p => p.LockedUntil, until), ct);
            profile.LockedUntil = until;
            await audit.WriteAsync(AuditEventTypes.SecondFactorLocked, userId, $"until {until:O}", ct: ct);
        }
        return ToStatus(profile);
    }

    public async Task RegisterSuccessAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.TwoFactorProfiles.Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.ConsecutiveFailures, 0)
                .SetProperty(p => p.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(p => p.LastSecondFactorAt, clock.GetUtcNow()), ct);
    }

    private static async Task EnsureProfileAsync(PortalDbContext db, string userId, CancellationToken ct)
    {
        if (await db.TwoFactorProfiles.AnyAsync(p => p.UserId == userId, ct)) return;
        db.TwoFactorProfiles.Add(new TwoFactorProfile { UserId = userId });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { } // a parallel request created it first
        finally { db.ChangeTracker.Clear(); } // later reads must see the database, not this new instance
    }

    private static LockoutStatus ToStatus(TwoFactorProfile p) => new(p.HardLocked, p.LockedUntil, p.ConsecutiveFailures);
}
