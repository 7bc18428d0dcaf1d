namespace BackupifyPortal.Data;

/// <summary>Groups people for the admin console and its two-factor policy.</summary>
public class Organization
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public bool RequireTwoFactor { get; set; }
    public int TwoFactorGraceDays { get; set; } = 14;
    public DateTimeOffset? RequireTwoFactorSince { get; set; }
}
