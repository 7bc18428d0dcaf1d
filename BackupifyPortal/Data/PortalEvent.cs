namespace BackupifyPortal.Data;

/// <summary>
/// One cross-instance notice of the PostgreSQL event bus (Features/Events): NOTIFY carries only <see cref="Id"/> and
/// every instance's listener reads the row. In the PostgreSQL model only; one instance on SQLite needs no table for it.
/// </summary>
public class PortalEvent
{
    public long Id { get; set; }
    /// <summary>The event's stored name (PortalEventTypes).</summary>
    public string Type { get; set; } = "";
    /// <summary>The event as JSON (jsonb).</summary>
    public string Payload { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
