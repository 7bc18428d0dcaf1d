using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.TrustedBrowsers;

/// <summary>
/// Every rule of "Remember this browser": a row per remembered browser, checked on the server at every use; Forget and
/// Forget all need fresh proof and go through <see cref="FactorChanges"/> (one transaction, one typed audit event; Forget
/// all mails the person). They rotate no stamp: the row is the check, so the person's sessions stay.
/// </summary>
public sealed class RememberedBrowsers(
    IDbContextFactory<PortalDbContext> dbFactory,
    FreshProof fresh,
    FactorChanges changes,
    IAuditLog audit,
    TimeProvider clock,
    IOptions<TrustedBrowserOptions> options,
    Operations.CurrentClient client)
{
    public const string ForgetAllNotice = "Every browser remembered for your account was forgotten: each one asks for your second factor at its next sign-in.";

    /// <summary>
    /// Remembers this browser for a sign-in that just passed the second factor (only the hand-off calls this, for a ticket
    /// that says so). The row the browser's old cookie named for the same person is replaced; the person's expired rows go.
    /// </summary>
    public async Task<TrustedBrowser> RememberAsync(string userId, string? userAgent, Guid? replacing, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var row = new TrustedBrowser
        {
            Id = Guid.NewGuid(), UserId = userId, Browser = BrowserName.From(userAgent), Network = NetworkArea.Of(client.Address),
            CreatedAt = now, ExpiresAt = now + options.Value.RememberFor,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.TrustedBrowsers.Where(b => b.UserId == userId && (b.ExpiresAt <= now || b.Id == replacing)).ExecuteDeleteAsync(ct);
        db.TrustedBrowsers.Add(row);
        var recorded = audit.Stage(db, AuditEventTypes.TrustedBrowserRemembered, userId, Describe(row.Browser, row.Network), client.Address);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        audit.Announce(recorded);
        return row;
    }

    /// <summary>Whether the row still trusts this browser for this person (not forgotten, not expired).</summary>
    public async Task<bool> IsTrustedAsync(Guid id, string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TrustedBrowsers.AnyAsync(b => b.Id == id && b.UserId == userId && b.ExpiresAt > now, ct);
    }

    /// <summary>A sign-in is about to skip the second factor: true, and the row's last use recorded, only while it still trusts.</summary>
    public async Task<bool> UseAsync(Guid id, string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TrustedBrowsers.Where(b => b.Id == id && b.UserId == userId && b.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.LastUsedAt, now), ct) == 1;
    }

    /// <summary>The person's trusted browsers, most recently used first.</summary>
    public async Task<IReadOnlyList<TrustedBrowserSummary>> ListAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.TrustedBrowsers.AsNoTracking().Where(b => b.UserId == userId && b.ExpiresAt > now).ToListAsync(ct);
        return [.. rows.Select(b => new TrustedBrowserSummary(b.Id, b.Browser, b.Network, b.CreatedAt, b.LastUsedAt))
            .OrderByDescending(b => b.LastUsedAt ?? b.RememberedAt)];
    }

    /// <summary>Forgets one of the person's own trusted browsers (never someone else's: the row must be theirs).</summary>
    public async Task<ForgetResult> ForgetAsync(string userId, string? sessionId, Guid id, CancellationToken ct = default)
    {
        if (!await fresh.IsFreshAsync(userId, sessionId, ct)) return ForgetResult.NeedsFreshProof;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.TrustedBrowsers.FirstOrDefaultAsync(b => b.Id == id && b.UserId == userId, ct);
        if (row is null) return ForgetResult.NotFound;
        db.TrustedBrowsers.Remove(row);
        var change = new FactorChange(userId, AuditEventTypes.TrustedBrowserForgotten, Describe(row.Browser, row.Network), Notice: null, null,
            RotatesStamp: false);
        var recorded = await changes.StageAsync(db, change, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await changes.AnnounceAsync(db, recorded, change, ct);
        return new ForgetResult(ForgetOutcome.Done, 1);
    }

    /// <summary>Forget all, from User Settings: fresh proof, one audit event, one notice email.</summary>
    public async Task<ForgetResult> ForgetAllAsync(string userId, string? sessionId, CancellationToken ct = default)
    {
        if (!await fresh.IsFreshAsync(userId, sessionId, ct)) return ForgetResult.NeedsFreshProof;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var forgotten = await StageForgetAllAsync(db, userId, ct);
        if (forgotten == 0) return new ForgetResult(ForgetOutcome.NotFound, Message: "No browser is remembered for your account.");
        var change = new FactorChange(userId, AuditEventTypes.TrustedBrowsersForgotten, $"{forgotten} browser(s)", ForgetAllNotice, null,
            RotatesStamp: false);
        var recorded = await changes.StageAsync(db, change, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await changes.AnnounceAsync(db, recorded, change, ct);
        return new ForgetResult(ForgetOutcome.Done, forgotten);
    }

    /// <summary>
    /// The one way every trusted browser of a person is forgotten, inside the caller's transaction: Forget all, a password
    /// change, a 2FA reset and "Sign out other sessions" all call this. Returns how many were forgotten.
    /// </summary>
    public static Task<int> StageForgetAllAsync(PortalDbContext db, string userId, CancellationToken ct) =>
        db.TrustedBrowsers.Where(b => b.UserId == userId).ExecuteDeleteAsync(ct);

    private static string Describe(string browser, string? network) => $"{browser}, {network ?? "unknown network"}";
}
