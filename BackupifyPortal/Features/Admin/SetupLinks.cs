using System.Security.Cryptography;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Email;
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
    FreshProof fresh)
{
    public const string Route = "/setup";

    /// <summary>Admin or support sends a link to a person they may act on, from a session with fresh proof. False when not allowed.</summary>
    public async Task<bool> SendAsync(string actorId, string? actorSessionId, string subjectId, string? ipAddress, CancellationToken ct = default)
    {
        var actor = await actors.AuthorizeAsync(actorId, subjectId, ct);
        if (actor is null || !await fresh.IsFreshAsync(actor.Id, actorSessionId, ct)) return false;
        var email = await EmailOfAsync(subjectId, ct);
        if (email is null) return false;
        var url = await CreateAsync(subjectId, actor.Id, ct);
        await notices.SetupLinkAsync(email, url, ct);
        await audit.WriteAsync(AuditEventTypes.SetupLinkSent, subjectId, null, actor.Id, ipAddress, ct);
        return true;
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
    public async Task<SetupLinkStatus> RedeemAsync(string token, string signedInUserId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128) return SetupLinkStatus.Invalid;
        var hash = BrowserBinding.Hash(token);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Single use: of two parallel redemptions only one conditional update changes the row.
        var used = await db.SetupLinks
            .Where(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now && l.UserId == signedInUserId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct);
        if (used == 1)
        {
            await audit.WriteAsync(AuditEventTypes.SetupLinkUsed, signedInUserId, null, signedInUserId, null, ct);
            return SetupLinkStatus.Accepted;
        }
        var forOther = await db.SetupLinks.AnyAsync(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now && l.UserId != signedInUserId, ct);
        return forOther ? SetupLinkStatus.OtherPerson : SetupLinkStatus.Invalid;
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

    /// <summary>The person asks for their own link (after the grace period); it goes only to their own address.</summary>
    public async Task<bool> SendToSelfAsync(string userId, string? ipAddress, CancellationToken ct = default)
    {
        var email = await EmailOfAsync(userId, ct);
        if (email is null) return false;
        var url = await CreateAsync(userId, userId, ct);
        await notices.SetupLinkAsync(email, url, ct);
        await audit.WriteAsync(AuditEventTypes.SetupLinkSent, userId, "requested by the person", userId, ipAddress, ct);
        return true;
    }

    private async Task<string?> EmailOfAsync(string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
