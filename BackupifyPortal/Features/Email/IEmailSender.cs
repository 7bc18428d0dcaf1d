namespace BackupifyPortal.Features.Email;

/// <summary>Sends one plain-text email. Callers never put a password, code-for-sign-in or secret in the body.</summary>
public interface IEmailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken ct = default);

    /// <summary>True for the database outbox: a message is there to read as soon as it is sent, so it counts as delivered.</summary>
    bool KeepsMessagesInOutbox => false;
}
