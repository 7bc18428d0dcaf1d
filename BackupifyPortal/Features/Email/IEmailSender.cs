namespace BackupifyPortal.Features.Email;

/// <summary>Sends one plain-text email. Callers never put a password, code-for-sign-in or secret in the body.</summary>
public interface IEmailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken ct = default);
}
