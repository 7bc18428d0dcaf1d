namespace BackupifyPortal.Data;

/// <summary>A message kept by the Development outbox instead of being sent.</summary>
public class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>E.164 number or email address.</summary>
    public string To { get; set; } = "";
    /// <summary>"SMS", "Voice" or "Email".</summary>
    public string Channel { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
}
