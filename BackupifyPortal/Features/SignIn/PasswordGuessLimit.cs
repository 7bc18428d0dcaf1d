using BackupifyPortal.Features.Audit;
using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// NIST 800-63B rate limiting: at most 100 consecutive failed passwords per account, however slowly they come
/// (Identity's 5-minute lockouts alone would allow about 1,440 guesses a day, forever). Past that the account
/// stays locked until a correct sign-in is impossible to guess: an admin or support reset (audited AuditEventTypes.TwoFactorReset).
/// Unknown emails count the same way, by their hashed audit detail, so the lock does not reveal which emails exist.
/// </summary>
public sealed class PasswordGuessLimit(IDbContextFactory<PortalDbContext> dbFactory, IOptions<SignInOptions> options)
{
    /// <summary>Events after which the count of consecutive failures starts again.</summary>
    private static readonly string[] ResetEvents = [AuditEventTypes.SignInPasswordAccepted, AuditEventTypes.SignInSucceeded, AuditEventTypes.TwoFactorReset];

    public async Task<bool> IsExhaustedAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var since = await db.AuditEvents.Where(e => e.UserId == userId && ResetEvents.Contains(e.Type))
            .OrderByDescending(e => e.At).Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync(ct) ?? DateTimeOffset.MinValue;
        var failures = await db.AuditEvents.CountAsync(e => e.UserId == userId && e.Type == AuditEventTypes.SignInPasswordFailed && e.At > since, ct);
        return failures >= options.Value.ConsecutiveFailureLimit;
    }

    public async Task<bool> IsExhaustedForUnknownAsync(string email, CancellationToken ct = default)
    {
        var detail = UnknownAccountLockout.AuditDetail(email);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var failures = await db.AuditEvents.CountAsync(e => e.UserId == null && e.Type == AuditEventTypes.SignInPasswordFailed && e.Detail == detail, ct);
        return failures >= options.Value.ConsecutiveFailureLimit;
    }
}
