namespace BackupifyPortal.Data;

/// <summary>A single-use, time-limited link that opens the setup wizard for one person; only its hash is stored.</summary>
public class SetupLink
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    /// <summary>SHA-256 (hex) of the token in the emailed URL.</summary>
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    /// <summary>The admin or support agent who sent it.</summary>
    public string CreatedBy { get; set; } = "";
}
