using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.SignIn;

/// <summary>A person's live sessions, for "Sign out other sessions" and for resets.</summary>
public sealed class SessionManager(IDbContextFactory<PortalDbContext> dbFactory, SessionRevocations revocations, Audit.IAuditLog audit)
{
    public async Task<int> CountAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuthSessions.CountAsync(s => s.UserId == userId, ct);
    }

    /// <summary>Ends every session of the person except <paramref name="keepSessionId"/> (null: all of them).</summary>
    public async Task<int> EndSessionsAsync(string userId, string? keepSessionId, string? ipAddress, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ended = await db.AuthSessions.Where(s => s.UserId == userId && s.Id != keepSessionId).ExecuteDeleteAsync(ct);
        revocations.Notify(userId);
        await audit.WriteAsync("sessions.ended", userId, $"{ended} other session(s)", ipAddress: ipAddress, ct: ct);
        return ended;
    }

    public async Task<bool> IsActiveAsync(string sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuthSessions.AnyAsync(s => s.Id == sessionId, ct);
    }
}
