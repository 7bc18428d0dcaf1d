using BackupifyPortal.Features.Audit;
namespace BackupifyPortal.Data;

/// <summary>Who did what to whose sign-in settings, when and from where. Never a code, secret or full number.</summary>
public class AuditEvent
{
    public long Id { get; set; }
    public string? UserId { get; set; }
    public string? ActorUserId { get; set; }
    /// <summary>One of <see cref="AuditEventTypes"/>.</summary>
    public string Type { get; set; } = "";
    public string? Detail { get; set; }
    public string? IpAddress { get; set; }
    public DateTimeOffset At { get; set; }
}
