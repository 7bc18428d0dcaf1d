using System.Security.Cryptography;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Events;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.Phone;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Admin;

/// <summary>
/// A one-time 6-digit code the customer reads out to support, proving the caller is the account owner
/// before a reset. Stored as a salted keyed hash (CodeHasher) in OneTimeCodes (purpose Reauthentication, binding
/// "identity-check"); its tries count on the limiter, each taken before the code is compared, so even parallel
/// tries get at most IdentityCodeMaxFailures comparisons.
/// </summary>
public sealed class IdentityCheckCodes(
    IDbContextFactory<PortalDbContext> dbFactory,
    ConsoleActors actors,
    SecurityNotices notices,
    IAuditLog audit,
    TimeProvider clock,
    IOptions<ConsoleOptions> options,
    CodeHasher hasher,
    AttemptLimiter limiter,
    SendThrottle throttle,
    IEmailSender mail,
    IPortalEvents events,
    ILogger<IdentityCheckCodes> logger,
    Operations.CurrentClient client)
{
    public const string BindingId = "identity-check";
    private const string FailedType = AuditEventTypes.IdentityCheckFailed;

    /// <summary>Issues a code for the customer, emails it to them and returns it (for the customer's own portal, never for support).</summary>
    public async Task<string> IssueAsync(string customerId, CancellationToken ct = default)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var email = await db.Users.Where(u => u.Id == customerId).Select(u => u.Email).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("Unknown customer.");
        // A new code voids the old one.
        await Active(db, customerId, now).ExecuteUpdateAsync(s => s.SetProperty(c => c.VoidedAt, now), ct);
        db.OneTimeCodes.Add(new OneTimeCode
        {
            Id = Guid.NewGuid(),
            UserId = customerId,
            Purpose = CodePurpose.Reauthentication,
            BindingId = BindingId,
            CodeHash = hasher.HashCode(code),
            CreatedAt = now,
            ExpiresAt = now + options.Value.IdentityCodeLifetime,
        });
        // Support's card shows this email among the customer's code deliveries (never its code or address).
        var delivery = new CodeDelivery { UserId = customerId, Channel = DeliveryChannel.Email, SentAt = now, Status = DeliveryStatus.Sending };
        db.CodeDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        try
        {
            await notices.IdentityCheckCodeAsync(email, code, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            await RecordDeliveryAsync(db, delivery.Id, DeliveryStatus.Failed, "smtp", customerId);
            throw;
        }
        await RecordDeliveryAsync(db, delivery.Id, mail.KeepsMessagesInOutbox ? DeliveryStatus.Delivered : DeliveryStatus.Sent, null, customerId);
        return code;
    }

    private async Task RecordDeliveryAsync(PortalDbContext db, long deliveryId, DeliveryStatus status, string? errorCode, string customerId)
    {
        await db.CodeDeliveries.Where(d => d.Id == deliveryId).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Succeeded, status != DeliveryStatus.Failed).SetProperty(d => d.Status, status)
            .SetProperty(d => d.StatusAt, clock.GetUtcNow()).SetProperty(d => d.ErrorCode, errorCode));
        await events.AnnounceDeliveryChangedAsync(customerId, logger); // the code was sent (or not) either way
    }

    /// <summary>Support asks for a code to be sent to a customer, within the send limits; support never gets the code back.</summary>
    public async Task<SendResult> RequestForCustomerAsync(string actorId, string customerId, CancellationToken ct = default)
    {
        var actor = await actors.AuthorizeAsync(actorId, customerId, ct);
        if (actor is not { Role: ConsoleRole.Support }) return SendResult.Refused;
        var permit = await throttle.TryAsync(SendKind.IdentityCheckCode, customerId, client.Address, ct);
        if (!permit.Allowed)
        {
            await audit.WriteAsync(AuditEventTypes.IdentityCheckThrottled, customerId, $"wait {WaitText.Format(permit.Wait)}", actor.Id, client.Address, ct);
            return new SendResult(SendStatus.Throttled, permit.Message("confirmation codes"));
        }
        await IssueAsync(customerId, ct);
        await audit.WriteAsync(AuditEventTypes.IdentityCheckSent, customerId, null, actor.Id, client.Address, ct);
        return SendResult.Done;
    }

    /// <summary>Whether wrong codes over all of the customer's codes make support resets of them wait now.</summary>
    public async Task<bool> IsCustomerLimitedAsync(string customerId, CancellationToken ct = default) =>
        (await limiter.GetAsync(CustomerRule, CounterKinds.Subject(customerId), ct)).IsBlocked(clock.GetUtcNow());

    // Per code a few tries; per customer a few more over every code, so asking for new codes never buys more guesses.
    private LimitRule CustomerRule => new(CounterKinds.IdentityCheckCustomer, Math.Max(1, options.Value.IdentityCheckFailuresPerCustomer),
        options.Value.IdentityCheckFailureWindow) { Window = options.Value.IdentityCheckFailureWindow };

    /// <summary>Consumes the code when it matches; a few wrong tries void it, so it cannot be guessed.</summary>
    public async Task<bool> VerifyAsync(string customerId, string? code, string? actorId = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = await Active(db, customerId, now).OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct);
        if (active is null) return false;
        var max = options.Value.IdentityCodeMaxFailures;
        var tries = new LimitRule(CounterKinds.IdentityCheckCode, max, TimeSpan.Zero) { HardLockAt = max };
        var customerKey = CounterKinds.Subject(customerId);
        // Both taken before the comparison: the customer's allowance over all codes, then this code's own.
        var customer = await limiter.TryTakeAsync(CustomerRule, customerKey, ct);
        if (!customer.Taken)
        {
            await audit.WriteAsync(AuditEventTypes.IdentityCheckLimited, customerId, null, actorId, null, ct);
            return false;
        }
        var take = await limiter.TryTakeAsync(tries, "check:" + active.Id, ct);
        var typed = (code ?? "").Trim();
        if (take.Taken && typed.Length == 6 && hasher.Matches(active.CodeHash, typed))
        {
            var consumed = await db.OneTimeCodes.Where(c => c.Id == active.Id && c.ConsumedAt == null && c.VoidedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now), ct);
            if (consumed == 1) await limiter.ResetAsync(CounterKinds.IdentityCheckCustomer, customerKey, ct);
            return consumed == 1;
        }
        await audit.WriteAsync(FailedType, customerId, null, actorId, null, ct);
        // The try that used up the last comparison (or came after it) voids the code.
        if (!take.Taken || take.State.HardLocked)
            await db.OneTimeCodes.Where(c => c.Id == active.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.VoidedAt, now), ct);
        return false;
    }

    private static IQueryable<OneTimeCode> Active(PortalDbContext db, string customerId, DateTimeOffset now) => db.OneTimeCodes.Where(c =>
        c.UserId == customerId && c.Purpose == CodePurpose.Reauthentication && c.BindingId == BindingId
        && c.ConsumedAt == null && c.VoidedAt == null && c.ExpiresAt > now);
}
