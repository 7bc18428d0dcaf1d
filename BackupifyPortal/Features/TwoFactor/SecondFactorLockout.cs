using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.TwoFactor;

/// <summary>
/// Wrong second-factor codes, every factor together, on the limiter's counter table: each failure is counted by one
/// statement that also sets the lock its count earns (every 5th locks, the 100th hard-locks), so parallel wrong codes
/// cannot skip a lock.
/// </summary>
public sealed class SecondFactorLockout(
    AttemptLimiter limiter,
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider clock,
    IOptions<TwoFactorOptions> options,
    IAuditLog audit) : ISecondFactorLockout
{
    private TwoFactorOptions Limits => options.Value;
    private LimitRule Rule => new(CounterKinds.SecondFactor, Limits.FailuresBeforeLockout, Limits.LockoutDuration)
        { RepeatEveryBurst = true, HardLockAt = Limits.FailuresBeforeHardLock };

    public async Task<LockoutStatus> GetAsync(string userId, CancellationToken ct = default) =>
        ToStatus(await limiter.GetAsync(Rule, CounterKinds.Account(userId), ct));

    public async Task<LockoutStatus> RegisterFailureAsync(string userId, CancellationToken ct = default)
    {
        var after = await limiter.CountAsync(Rule, CounterKinds.Account(userId), ct);
        if (after.Count == Limits.FailuresBeforeHardLock)
            await audit.WriteAsync(AuditEventTypes.SecondFactorHardLocked, userId, $"after {after.Count} failures", ct: ct);
        else if (!after.HardLocked && Rule.WaitAfter(after.Count) is not null)
            await audit.WriteAsync(AuditEventTypes.SecondFactorLocked, userId, $"until {after.BlockedUntil:O}", ct: ct);
        return ToStatus(after);
    }

    public async Task RegisterSuccessAsync(string userId, CancellationToken ct = default)
    {
        await limiter.ResetAsync(CounterKinds.SecondFactor, CounterKinds.Account(userId), ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.TwoFactorProfiles.Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastSecondFactorAt, clock.GetUtcNow()), ct);
    }

    private static LockoutStatus ToStatus(CounterState s) => new(s.HardLocked, s.HardLocked ? null : s.BlockedUntil, s.Count);
}
