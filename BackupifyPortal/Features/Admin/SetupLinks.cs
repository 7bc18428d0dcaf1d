using System.Security.Cryptography;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.Operations;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Admin;

public enum SetupLinkStatus { Accepted, Invalid, OtherPerson }

/// <summary>Single-use, 24-hour links to the setup wizard, sent by email; only the token's hash is stored.</summary>
public sealed class SetupLinks(
    IDbContextFactory<PortalDbContext> dbFactory,
    ConsoleActors actors,
    SecurityNotices notices,
    IAuditLog audit,
    TimeProvider clock,
    IOptions<ConsoleOptions> options,
    PortalAddress portal,
    FreshProof fresh,
    SendThrottle throttle,
    Operations.CurrentClient client,
    TwoFactorStanding standing)
{
    public const string Route = "/setup";

    /// <summary>Admin or support sends a link to a person they may act on, from a session with fresh proof, within the send limits.</summary>
    public async Task<SendResult> SendAsync(string actorId, string? actorSessionId, string subjectId, CancellationToken ct = default)
    {
        var actor = await actors.AuthorizeAsync(actorId, subjectId, ct);
        if (actor is null || !await fresh.IsFreshAsync(actor.Id, actorSessionId, ct)) return SendResult.Refused;
        var email = await EmailOfAsync(subjectId, ct);
        if (email is null) return SendResult.Refused;
        return Answer(await SendWithinLimitsAsync(subjectId, email, actor.Id, null, ct));
    }

    private static SendResult Answer(SendPermit permit) =>
        permit.Allowed ? SendResult.Done : new SendResult(SendStatus.Throttled, permit.Message("setup links"));

    /// <summary>
    /// Sends one link within the send limits (Limits:Send), asked before a link is made: a refused send creates, retires
    /// and sends nothing, and is audited. Callers have already checked who may do this.
    /// </summary>
    internal async Task<SendPermit> SendWithinLimitsAsync(string subjectId, string email, string actorId, string? detail, CancellationToken ct)
    {
        var permit = await throttle.TryAsync(SendKind.SetupLink, subjectId, client.Address, ct);
        if (!permit.Allowed)
        {
            await audit.WriteAsync(AuditEventTypes.SetupLinkThrottled, subjectId, $"wait {WaitText.Format(permit.Wait)}", actorId, client.Address, ct);
            return permit;
        }
        var url = await CreateAsync(subjectId, actorId, ct);
        await notices.SetupLinkAsync(email, url, ct);
        await audit.WriteAsync(AuditEventTypes.SetupLinkSent, subjectId, detail, actorId, client.Address, ct);
        return permit;
    }

    /// <summary>Creates a link and returns its URL. Callers have already checked who may do this.</summary>
    internal async Task<string> CreateAsync(string subjectId, string createdBy, CancellationToken ct = default)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A new link retires the older ones, so only the newest email works.
        await db.SetupLinks.Where(l => l.UserId == subjectId && l.UsedAt == null && l.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), ct);
        db.SetupLinks.Add(new SetupLink
        {
            Id = Guid.NewGuid(),
            UserId = subjectId,
            TokenHash = BrowserBinding.Hash(token),
            CreatedAt = now,
            ExpiresAt = now + options.Value.SetupLinkLifetime,
            CreatedBy = createdBy,
        });
        await db.SaveChangesAsync(ct);
        return $"{portal.BaseUrl}{Route}/{token}";
    }

    /// <summary>Uses the link for the signed-in person; a link for someone else is refused and stays unused.</summary>
    public async Task<SetupLinkStatus> RedeemAsync(string token, string signedInUserId, CancellationToken ct = default) =>
        IsTokenShaped(token) ? await RedeemWhereAsync(l => l.TokenHash == BrowserBinding.Hash(token), signedInUserId, ct) : SetupLinkStatus.Invalid;

    /// <summary>Uses a link an anonymous visitor opened in this browser before signing in (<see cref="SetupLinkHold"/>).</summary>
    public Task<SetupLinkStatus> RedeemHeldAsync(Guid linkId, string signedInUserId, CancellationToken ct = default) =>
        RedeemWhereAsync(l => l.Id == linkId, signedInUserId, ct);

    /// <summary>The id of the live (unused, unexpired) link with this token, or null.</summary>
    public async Task<(Guid Id, string UserId)?> FindLiveAsync(string token, CancellationToken ct = default)
    {
        if (!IsTokenShaped(token)) return null;
        var hash = BrowserBinding.Hash(token);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var link = await db.SetupLinks.Where(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now)
            .Select(l => new { l.Id, l.UserId }).FirstOrDefaultAsync(ct);
        return link is null ? null : (link.Id, link.UserId);
    }

    private static bool IsTokenShaped(string? token) => !string.IsNullOrEmpty(token) && token.Length <= 128;

    private async Task<SetupLinkStatus> RedeemWhereAsync(System.Linq.Expressions.Expression<Func<SetupLink, bool>> which, string signedInUserId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = db.SetupLinks.Where(which).Where(l => l.UsedAt == null && l.ExpiresAt > now);
        // Single use: of two parallel redemptions only one conditional update changes the row.
        var used = await live.Where(l => l.UserId == signedInUserId).ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct);
        if (used == 1)
        {
            await audit.WriteAsync(AuditEventTypes.SetupLinkUsed, signedInUserId, null, signedInUserId, null, ct);
            return SetupLinkStatus.Accepted;
        }
        return await live.AnyAsync(l => l.UserId != signedInUserId, ct) ? SetupLinkStatus.OtherPerson : SetupLinkStatus.Invalid;
    }

    /// <summary>
    /// After the policy's grace period, enrolment needs proof of the mailbox: the person must have opened a
    /// setup link in the last day. Stops someone who only has the password from enrolling their own phone.
    /// </summary>
    public async Task<bool> MailboxConfirmedAsync(string userId, CancellationToken ct = default)
    {
        var since = clock.GetUtcNow() - options.Value.SetupLinkLifetime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SetupLinks.AnyAsync(l => l.UserId == userId && l.UsedAt != null && l.UsedAt > since, ct);
    }

    /// <summary>The wizard opened without a link asks for the mailbox first: after the grace period, until a link was opened.</summary>
    public async Task<bool> MustConfirmMailboxAsync(string userId, CancellationToken ct = default) =>
        (await standing.GetAsync(userId, ct)).MustSetUpNow && !await MailboxConfirmedAsync(userId, ct);

    /// <summary>The person asks for their own link (after the grace period); it goes only to their own address, within the send limits.</summary>
    public async Task<SendResult> SendToSelfAsync(string userId, CancellationToken ct = default)
    {
        var email = await EmailOfAsync(userId, ct);
        if (email is null) return SendResult.Refused;
        return Answer(await SendWithinLimitsAsync(userId, email, userId, "requested by the person", ct));
    }

    private async Task<string?> EmailOfAsync(string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
