using BackupifyPortal.Features.Audit;
using System.Security.Cryptography;
using System.Text;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Locks an email that has no account exactly as Identity locks a real one (5 failures → 5 minutes), so
/// "Too many failed attempts" does not tell an attacker which emails exist. Counted from the audit table,
/// where the email appears only as a salted hash.
/// </summary>
public sealed class UnknownAccountLockout(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IOptions<IdentityOptions> identity)
{
    private const string Prefix = "unknown account ";

    public TimeSpan Duration => identity.Value.Lockout.DefaultLockoutTimeSpan;

    public static string AuditDetail(string email) =>
        Prefix + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("bp.unknown-email:" + email.Trim().ToUpperInvariant())))[..32];

    public async Task<bool> IsLockedAsync(string email, CancellationToken ct = default)
    {
        var detail = AuditDetail(email);
        var since = clock.GetUtcNow() - Duration;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var failures = await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.SignInPasswordFailed && e.Detail == detail && e.At > since, ct);
        return failures >= identity.Value.Lockout.MaxFailedAccessAttempts;
    }
}
