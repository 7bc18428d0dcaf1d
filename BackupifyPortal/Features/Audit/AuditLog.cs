using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Audit;

public sealed class AuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, ILogger<AuditLog> logger) : IAuditLog
{
    public async Task WriteAsync(string type, string? userId, string? detail = null, string? actorUserId = null, string? ipAddress = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var added = Add(db, type, userId, detail, actorUserId, ipAddress);
        await db.SaveChangesAsync(ct);
        Announce(added);
    }

    public AuditEvent Stage(PortalDbContext db, string type, string? userId, string? detail = null, string? ipAddress = null) =>
        Add(db, type, userId, detail, null, ipAddress);

    public void Announce(AuditEvent committed) =>
        logger.LogInformation("Security event {EventType} for user {UserId}", committed.Type, committed.UserId);

    private AuditEvent Add(PortalDbContext db, string type, string? userId, string? detail, string? actorUserId, string? ipAddress)
    {
        var added = new AuditEvent
        {
            Type = type,
            UserId = userId,
            ActorUserId = actorUserId ?? userId,
            Detail = detail,
            IpAddress = ipAddress,
            At = clock.GetUtcNow(),
        };
        db.AuditEvents.Add(added);
        return added;
    }
}
