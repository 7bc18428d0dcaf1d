using System.Security.Cryptography;
using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

public sealed class SignInTickets(
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider clock,
    IOptions<SignInOptions> options,
    ILogger<SignInTickets> logger) : ISignInTickets
{
    public async Task<string> IssueAsync(string userId, string bindingHash, string method, bool rememberBrowser, CancellationToken ct = default)
    {
        var ticket = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.SignInTickets.Add(new SignInTicket
        {
            Id = Guid.NewGuid(),
            TokenHash = BrowserBinding.Hash(ticket),
            UserId = userId,
            BindingHash = bindingHash,
            Method = method,
            RememberBrowser = rememberBrowser,
            CreatedAt = now,
            ExpiresAt = now + options.Value.TicketLifetime,
        });
        await db.SaveChangesAsync(ct);
        return ticket;
    }

    public async Task<SignInTicket?> RedeemAsync(string ticket, string? presentedBindingHash, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 128 || presentedBindingHash is null) return null;
        var hash = BrowserBinding.Hash(ticket);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The conditional UPDATE is the single-use guarantee: of two parallel redemptions only one changes a row.
        var claimed = await db.SignInTickets
            .Where(t => t.TokenHash == hash && t.RedeemedAt == null && t.ExpiresAt > now && t.BindingHash == presentedBindingHash)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RedeemedAt, now), ct);
        if (claimed != 1)
        {
            logger.LogWarning("Sign-in ticket refused (unknown, used, expired or from another browser)");
            return null;
        }
        return await db.SignInTickets.AsNoTracking().FirstAsync(t => t.TokenHash == hash, ct);
    }
}
