namespace BackupifyPortal.Features.Email;

/// <summary>Section "Smtp". With an empty Host, email goes to the Development outbox instead.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Backupify <no-reply@backupify.example>";
}
