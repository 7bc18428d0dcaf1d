namespace BackupifyPortal.Features.Audit;

/// <summary>Writes security events to the audit table. Callers pass no codes, secrets or full numbers.</summary>
public interface IAuditLog
{
    Task WriteAsync(string type, string? userId, string? detail = null, string? actorUserId = null, string? ipAddress = null, CancellationToken ct = default);
}
