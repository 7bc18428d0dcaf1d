namespace BackupifyPortal.Data;

public enum AccountKind
{
    PartnerPortal = 0,
    BackupifyClassic = 1,
    Backupify2 = 2,
}

/// <summary>One of a person's accounts; the Multi-Account Login screen lists these.</summary>
public class PortalAccount
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public PortalUser? Owner { get; set; }
    public AccountKind Kind { get; set; }
    /// <summary>Shown on the chooser and in the header, e.g. the partner company or the customer domain.</summary>
    public string Name { get; set; } = "";
    public List<ProtectedService> Services { get; set; } = [];
}
