namespace BackupifyPortal.Data;

/// <summary>A single-use recovery code, stored only as a hash.</summary>
public class RecoveryCode
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string CodeHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
