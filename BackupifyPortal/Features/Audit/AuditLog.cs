using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Audit;

public sealed class AuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, ILogger<AuditLog> logger) : IAuditLog
{
    public async Task WriteAsync(string type, string? userId, string? detail = null, string? actorUserId = null, string? ipAddress = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditEvents.Add(new AuditEvent
        {
            Type = type,
            UserId = userId,
            ActorUserId = actorUserId ?? userId,
            Detail = detail,
            IpAddress = ipAddress,
            At = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Security event {EventType} for user {UserId}", type, userId);
    }
}
