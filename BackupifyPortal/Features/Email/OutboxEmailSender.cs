using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Email;

/// <summary>Keeps emails in the OutboxMessage table (Channel "Email"), listed beside SMS at /dev/outbox.</summary>
public sealed class OutboxEmailSender(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IEmailSender
{
    public const string Channel = "Email";

    public bool KeepsMessagesInOutbox => true;

    public async Task SendAsync(string to, string subject, string body, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.OutboxMessages.Add(new OutboxMessage { To = to, Channel = Channel, Text = $"{subject}\n\n{body}", SentAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }
}
