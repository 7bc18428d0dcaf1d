using BackupifyPortal.Features.Limits;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Events;
using BackupifyPortal.Features.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twilio.Security;

namespace BackupifyPortal.Features.Phone;

/// <summary>A code delivery's status changed (a Twilio callback): support's open card of that person re-reads it.</summary>
public sealed record CodeDeliveryChanged(string UserId) : IPortalEvent;

public enum CallbackAnswer { Recorded, Ignored, Rejected }

/// <summary>
/// Twilio's status callbacks for the codes it sends. Only a request whose X-Twilio-Signature is valid for our Auth Token
/// and our own configured callback URL (never the request's Host header) changes anything; any other is refused and
/// audited. A status only moves forward, since Twilio may send them out of order. Numbers in the callback are never read.
/// </summary>
public sealed class TwilioStatusCallbacks(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TwilioOptions> options,
    PortalAddress portal,
    IAuditLog audit,
    AttemptLimiter limiter,
    IPortalEvents events,
    TimeProvider clock,
    ILogger<TwilioStatusCallbacks> logger,
    Operations.CurrentClient client)
{
    public const string Route = "/twilio/status";

    /// <summary>Refused callbacks audited per address per hour; past that they are still refused, just not written down again.</summary>
    public const int AuditedRejectionsPerHour = 20;

    private static readonly LimitRule RejectionAuditRule =
        new(CounterKinds.RejectedCallbackAddress, AuditedRejectionsPerHour, TimeSpan.FromHours(1)) { Window = TimeSpan.FromHours(1) };

    /// <summary>Set on each message and call only when callbacks can be checked: the signature is made with the account's Auth Token.</summary>
    public string? CallbackUrl => string.IsNullOrWhiteSpace(options.Value.AuthToken) ? null : portal.BaseUrl + Route;

    public async Task<CallbackAnswer> HandleAsync(IReadOnlyDictionary<string, string> form, string? signature, CancellationToken ct = default)
    {
        var refusal = Refusal(form, signature);
        if (refusal is not null)
        {
            if (!(await limiter.TryTakeAsync(RejectionAuditRule, CounterKinds.Address(client.Address), ct)).Taken) return CallbackAnswer.Rejected;
            await audit.WriteAsync(AuditEventTypes.DeliveryCallbackRejected, null, refusal, ipAddress: client.Address, ct: ct);
            logger.LogWarning("Twilio status callback refused: {Reason}", refusal);
            return CallbackAnswer.Rejected;
        }
        var sid = form.GetValueOrDefault("MessageSid") ?? form.GetValueOrDefault("CallSid");
        var (status, errorCode) = Map(form);
        if (sid is null || status is null) return CallbackAnswer.Ignored;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.CodeDeliveries.FirstOrDefaultAsync(d => d.ProviderSid == sid, ct);
        if (delivery is null || !MovesForward(delivery.Status, status.Value)) return CallbackAnswer.Ignored;
        delivery.Status = status.Value;
        delivery.StatusAt = clock.GetUtcNow();
        delivery.StatusErrorCode = DeliveryStatusWords.IsProblem(status.Value) ? Trim(errorCode) : null;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Code delivery {DeliveryId} for user {UserId} is {Status} ({ErrorCode})", delivery.Id, delivery.UserId, status, delivery.StatusErrorCode);
        await events.AnnounceDeliveryChangedAsync(delivery.UserId, logger, ct);
        return CallbackAnswer.Recorded;
    }

    private string? Refusal(IReadOnlyDictionary<string, string> form, string? signature)
    {
        if (CallbackUrl is not { } url) return "no Auth Token configured to check signatures";
        if (string.IsNullOrEmpty(signature)) return "no X-Twilio-Signature";
        if (!new RequestValidator(options.Value.AuthToken).Validate(url, form.ToDictionary(p => p.Key, p => p.Value), signature))
            return "X-Twilio-Signature does not match";
        // Signed, but for another account of ours (a shared callback URL): not our message to update.
        return form.GetValueOrDefault("AccountSid") == options.Value.AccountSid ? null : "another Twilio account";
    }

    /// <summary>Twilio's MessageStatus or CallStatus as our status, with the reason when it did not arrive.</summary>
    public static (DeliveryStatus? Status, string? ErrorCode) Map(IReadOnlyDictionary<string, string> form)
    {
        var error = form.GetValueOrDefault("ErrorCode") is { Length: > 0 } e ? e : null;
        if (form.GetValueOrDefault("MessageStatus") is { } message)
            return message switch
            {
                "queued" or "accepted" or "scheduled" or "sending" or "sent" => (DeliveryStatus.Sent, null),
                "delivered" or "read" => (DeliveryStatus.Delivered, null),
                "undelivered" => (DeliveryStatus.Undelivered, error),
                "failed" or "canceled" => (DeliveryStatus.Failed, error),
                _ => (null, null),
            };
        return form.GetValueOrDefault("CallStatus") switch
        {
            "queued" or "initiated" or "ringing" or "in-progress" => (DeliveryStatus.Sent, null),
            "completed" => (DeliveryStatus.Delivered, null),
            "busy" => (DeliveryStatus.Undelivered, "busy"),
            "no-answer" => (DeliveryStatus.Undelivered, "no-answer"),
            "canceled" => (DeliveryStatus.Failed, "canceled"),
            "failed" => (DeliveryStatus.Failed, error),
            _ => (null, null),
        };
    }

    // Sending < Sent < an end (delivered, undelivered, failed): an end is never replaced.
    private static bool MovesForward(DeliveryStatus from, DeliveryStatus to) => Rank(to) > Rank(from);

    private static int Rank(DeliveryStatus s) => s switch { DeliveryStatus.Sending => 0, DeliveryStatus.Sent => 1, _ => 2 };

    private static string? Trim(string? code) => code is null ? null : code.Length <= 16 ? code : code[..16];
}
