using BackupifyPortal.Features.Audit;
using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

/// <summary>A person's live sessions, for "Sign out other sessions" and for resets.</summary>
public sealed class SessionManager(
    IDbContextFactory<PortalDbContext> dbFactory,
    SessionRevocations revocations,
    SecurityStamps stamps,
    Audit.IAuditLog audit,
    TimeProvider clock,
    IOptions<SignInOptions> options,
    Operations.CurrentClient client)
{
    /// <summary>Sessions still alive: not idle past their expiry and not older than the absolute limit.</summary>
    public async Task<int> CountAsync(string userId, CancellationToken ct = default)
    {
        var (now, bornAfter) = Limits();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuthSessions.CountAsync(s => s.UserId == userId && (s.ExpiresAt == null || s.ExpiresAt > now) && s.CreatedAt > bornAfter, ct);
    }

    /// <summary>The person's live sessions, newest activity first, for the Sessions panel.</summary>
    public async Task<IReadOnlyList<SessionSummary>> ListAsync(string userId, CancellationToken ct = default)
    {
        var (now, bornAfter) = Limits();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.AuthSessions.AsNoTracking()
            .Where(s => s.UserId == userId && (s.ExpiresAt == null || s.ExpiresAt > now) && s.CreatedAt > bornAfter)
            .Select(s => new { s.Id, s.CreatedAt, s.LastSeenAt, s.IpAddress, s.UserAgent })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.LastSeenAt)
            .Select(r => new SessionSummary(r.Id, r.CreatedAt, r.LastSeenAt, r.IpAddress, BrowserName.From(r.UserAgent))).ToList();
    }

    /// <summary>Ends one of the person's own sessions (never someone else's: the row must belong to them).</summary>
    public async Task<bool> EndSessionAsync(string userId, string sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ended = await db.AuthSessions.Where(s => s.UserId == userId && s.Id == sessionId).ExecuteDeleteAsync(ct);
        if (ended == 0) return false;
        await revocations.NotifyAsync(userId);
        await audit.WriteAsync(AuditEventTypes.SessionsEnded, userId, "1 session", ipAddress: client.Address, ct: ct);
        return true;
    }

    /// <summary>
    /// Ends every session of the person except <paramref name="keepSessionId"/> (null: all of them) and forgets every
    /// trusted browser, this one too (Features/TrustedBrowsers), in one transaction: the stamp rotates on behalf of the
    /// kept session, which is refreshed.
    /// </summary>
    public async Task<int> EndSessionsAsync(string userId, string? keepSessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ended = await db.AuthSessions.CountAsync(s => s.UserId == userId && s.Id != keepSessionId, ct);
        using (ActingSession.Begin(keepSessionId)) await stamps.RotateAsync(db, userId, ct);
        var forgotten = await TrustedBrowsers.RememberedBrowsers.StageForgetAllAsync(db, userId, ct);
        await tx.CommitAsync(ct);
        await stamps.AnnounceAsync(userId);
        await audit.WriteAsync(AuditEventTypes.SessionsEnded, userId, $"{ended} other session(s); {forgotten} trusted browser(s) forgotten", ipAddress: client.Address, ct: ct);
        return ended;
    }

    /// <summary>What a live circuit asks every minute: the idle and absolute timeouts hold for open tabs too.</summary>
    public async Task<bool> IsActiveAsync(string sessionId, CancellationToken ct = default)
    {
        var (now, bornAfter) = Limits();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuthSessions.AnyAsync(s => s.Id == sessionId && (s.ExpiresAt == null || s.ExpiresAt > now) && s.CreatedAt > bornAfter, ct);
    }

    /// <summary>
    /// Someone is working in a live circuit (no HTTP request renews the cookie meanwhile): push the idle expiry out,
    /// never past the absolute limit, and only for a session that has not already expired.
    /// </summary>
    public async Task ExtendAsync(string sessionId, CancellationToken ct = default)
    {
        var (now, bornAfter) = Limits();
        var until = now + options.Value.IdleTimeout;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.AuthSessions
            .Where(s => s.Id == sessionId && s.ExpiresAt != null && s.ExpiresAt > now && s.ExpiresAt < until && s.CreatedAt > bornAfter)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, until).SetProperty(x => x.LastSeenAt, now), ct);
    }

    private (DateTimeOffset Now, DateTimeOffset BornAfter) Limits()
    {
        var now = clock.GetUtcNow();
        return (now, now - options.Value.AbsoluteTimeout);
    }
}
