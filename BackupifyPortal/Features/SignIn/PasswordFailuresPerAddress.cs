using BackupifyPortal.Features.Audit;
using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Blocks password tries from an address with too many recent failures, across every account: the guard
/// against spraying one password over many emails, which per-account lockout does not see.
/// Counted from the audit table, so it holds across restarts and instances.
/// </summary>
public sealed class PasswordFailuresPerAddress(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IOptions<SignInOptions> options)
{
    public TimeSpan Window => options.Value.AddressFailureWindow;

    public async Task<bool> IsBlockedAsync(string? ipAddress, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(ipAddress)) return false;
        var since = clock.GetUtcNow() - Window;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var failures = await db.AuditEvents.CountAsync(e => e.IpAddress == ipAddress && e.Type == AuditEventTypes.SignInPasswordFailed && e.At > since, ct);
        return failures >= options.Value.AddressFailureLimit;
    }
}
