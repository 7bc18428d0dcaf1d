using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Phone;

/// <summary>Development delivery: keeps each message in the database, listed at /dev/outbox, and reports it delivered.</summary>
public sealed class OutboxCodeSender(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IOptions<PhoneOptions> options) : ICodeSender
{
    public async Task<SendOutcome> SendAsync(string toE164, DeliveryChannel channel, string code, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.OutboxMessages.Add(new OutboxMessage
        {
            To = toE164,
            Channel = channel == DeliveryChannel.Voice ? "Voice" : "SMS",
            Text = channel == DeliveryChannel.Voice ? CodeMessages.VoiceOutboxText(code) : CodeMessages.Sms(code, options.Value.CodeLifetime),
            SentAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return SendOutcome.DeliveredToOutbox;
    }
}
