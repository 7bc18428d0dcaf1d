using BackupifyPortal.Data;

namespace BackupifyPortal.Features.Audit;

/// <summary>Writes security events to the audit table. Callers pass no codes, secrets or full numbers.</summary>
public interface IAuditLog
{
    Task WriteAsync(string type, string? userId, string? detail = null, string? actorUserId = null, string? ipAddress = null, CancellationToken ct = default);

    /// <summary>Adds the event to the caller's context so it commits with the change it records; call <see cref="Announce"/> after the commit.</summary>
    AuditEvent Stage(PortalDbContext db, string type, string? userId, string? detail = null, string? ipAddress = null);

    /// <summary>Logs a staged event once its transaction has committed.</summary>
    void Announce(AuditEvent committed);
}
