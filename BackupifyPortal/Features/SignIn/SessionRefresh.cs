using System.Security.Claims;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Decides on the server whether a session lives on after the person's security stamp rotated. It does only when
/// this very session made the newest rotation (<see cref="SecurityStamps"/>) while holding the stamp it replaced:
/// then its server-side ticket (the cookie holds only the session id) is re-issued with the new stamp and keeps
/// its sign-in time, proof time and row, so neither the absolute timeout nor fresh proof restarts. Otherwise the
/// session row is deleted, which ends the cookie and, through <see cref="SessionRevocations"/>, every circuit on it.
/// </summary>
public sealed class SessionRefresh(
    IDbContextFactory<PortalDbContext> dbFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> identity,
    SessionRevocations revocations,
    TimeProvider clock,
    IOptions<SignInOptions> options)
{
    private static readonly TicketSerializer Serializer = TicketSerializer.Default;

    /// <summary>The session's principal with the person's current stamp, or null when the session has ended.</summary>
    public async Task<ClaimsPrincipal?> CurrentPrincipalAsync(string sessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var bornAfter = now - options.Value.AbsoluteTimeout;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AuthSessions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == sessionId && (s.ExpiresAt == null || s.ExpiresAt > now) && s.CreatedAt > bornAfter, ct);
        if (row is null || Serializer.Deserialize(row.Ticket) is not { } ticket) return null;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == row.UserId, ct);
        var held = ticket.Principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (user is not null && held == user.SecurityStamp) return ticket.Principal;
        if (user is null || !MadeTheNewestRotation(user, sessionId, held))
        {
            await EndAsync(db, row, ct);
            return null;
        }
        var principal = await ReissueAsync(user, ticket);
        var bytes = Serializer.Serialize(new AuthenticationTicket(principal, ticket.Properties, ticket.AuthenticationScheme));
        // Only the ticket changes: CreatedAt (absolute timeout) and VerifiedAt (fresh proof) stay as they were.
        var updated = await db.AuthSessions.Where(s => s.Id == sessionId && s.Ticket == row.Ticket)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Ticket, bytes), ct);
        return updated == 1 ? principal : await CurrentPrincipalAsync(sessionId, ct);
    }

    /// <summary>The newest rotation is still the current stamp, this session made it, and it held the stamp it replaced.</summary>
    private static bool MadeTheNewestRotation(PortalUser user, string sessionId, string? held) =>
        user.StampRotatedBySession == sessionId
        && user.StampRotatedTo == user.SecurityStamp
        && held is not null && user.StampRotatedFrom == held;

    private async Task<ClaimsPrincipal> ReissueAsync(PortalUser user, AuthenticationTicket old)
    {
        await using var scope = scopes.CreateAsyncScope();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PortalUser>>().CreateAsync(user);
        var identityClaims = (ClaimsIdentity)principal.Identity!;
        // The claims the sign-in added on top of the person's own: how they signed in, and the session row's id.
        foreach (var kept in old.Principal.Claims.Where(c => c.Type is "amr" or DatabaseTicketStore.SessionIdClaim))
            identityClaims.AddClaim(new Claim(kept.Type, kept.Value));
        return principal;
    }

    private async Task EndAsync(PortalDbContext db, AuthSession row, CancellationToken ct)
    {
        if (await db.AuthSessions.Where(s => s.Id == row.Id).ExecuteDeleteAsync(ct) > 0) await revocations.NotifyAsync(row.UserId);
    }
}
