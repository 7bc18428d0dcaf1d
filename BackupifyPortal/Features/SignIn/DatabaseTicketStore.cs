using BackupifyPortal.Features.Operations;
using System.Security.Claims;
using System.Security.Cryptography;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.SignIn;

/// <summary>Keeps authentication tickets in the database; the cookie holds only the session id.</summary>
public sealed class DatabaseTicketStore(
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider clock,
    IHttpContextAccessor http,
    SessionRevocations revocations) : ITicketStore
{
    public const string SessionIdClaim = "bp.sid";
    private static readonly TicketSerializer Serializer = TicketSerializer.Default;

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var id = ticket.Principal.FindFirstValue(SessionIdClaim) ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var verifiedAt = RecentVerification.Take(ticket.Properties);
        var now = clock.GetUtcNow();
        var request = http.HttpContext;
        await using var db = await dbFactory.CreateDbContextAsync();
        db.AuthSessions.Add(new AuthSession
        {
            Id = id,
            UserId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            Ticket = Serializer.Serialize(ticket),
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = ticket.Properties.ExpiresUtc,
            VerifiedAt = verifiedAt,
            IpAddress = request?.ClientAddress(),
            UserAgent = Truncate(request?.Request.Headers.UserAgent.ToString(), 512),
        });
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>
    /// Also called when a browser that still holds a session cookie signs in again: the cookie handler then
    /// keeps that session's key, so the row is written whether or not it still exists.
    /// </summary>
    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        var renewed = WithSessionId(ticket, key);
        var verifiedAt = RecentVerification.Take(renewed.Properties);
        var bytes = Serializer.Serialize(renewed);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        var updated = await db.AuthSessions.Where(s => s.Id == key).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Ticket, bytes)
            .SetProperty(x => x.UserId, renewed.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "")
            .SetProperty(x => x.LastSeenAt, now)
            .SetProperty(x => x.ExpiresAt, renewed.Properties.ExpiresUtc)
            // A new sign-in in a browser that kept its session cookie is a new proof; a sliding renewal is not.
            .SetProperty(x => x.VerifiedAt, x => verifiedAt ?? x.VerifiedAt));
        if (updated == 0)
        {
            if (verifiedAt is { } at) RecentVerification.Stamp(renewed.Properties, at);
            await StoreAsync(renewed);
        }
    }

    /// <summary>The session id inside the ticket always names the row that holds it, so circuits can check their own row.</summary>
    private static AuthenticationTicket WithSessionId(AuthenticationTicket ticket, string key)
    {
        if (ticket.Principal.FindFirstValue(SessionIdClaim) == key || ticket.Principal.Identity is not ClaimsIdentity identity) return ticket;
        foreach (var old in identity.FindAll(SessionIdClaim).ToList()) identity.RemoveClaim(old);
        identity.AddClaim(new Claim(SessionIdClaim, key));
        return ticket;
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.AuthSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == key);
        if (row is null || (row.ExpiresAt is { } expires && expires <= clock.GetUtcNow())) return null;
        var ticket = Serializer.Deserialize(row.Ticket);
        // The row's expiry is the truth: work in a live circuit extends it without a new cookie.
        if (ticket is not null && row.ExpiresAt is { } rowExpiry) ticket.Properties.ExpiresUtc = rowExpiry;
        return ticket;
    }

    public async Task RemoveAsync(string key)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var userId = await db.AuthSessions.Where(s => s.Id == key).Select(s => s.UserId).FirstOrDefaultAsync();
        await db.AuthSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
        if (userId is not null) await revocations.NotifyAsync(userId);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
