namespace BackupifyPortal.Data;

public enum BackupState
{
    Succeeded = 0,
    InProgress = 1,
    Warning = 2,
    Failed = 3,
}

/// <summary>A user, mailbox, drive or site that a Backupify account backs up; the Status page lists these.</summary>
public class ProtectedService
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>"Google Workspace" or "Microsoft 365".</summary>
    public string Platform { get; set; } = "";
    /// <summary>"User", "Mailbox", "Drive", "Shared Drive", "SharePoint Site"...</summary>
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTimeOffset? LastBackupAt { get; set; }
    public BackupState State { get; set; }
    public long ItemsProtected { get; set; }
}
