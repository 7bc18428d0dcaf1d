using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.TwoFactor;

/// <summary>
/// The one definition of fresh proof: within <see cref="MaxAge"/> (15 minutes) this session proved the password and,
/// for a person with a second factor, that factor too (a sign-in through the 2FA step, or "Confirm it's you" with a
/// code). A "Remember this browser" sign-in skipped the factor, so it proves nothing here. Every factor change and
/// every sensitive console action asks this service itself, so a screen that skips "Confirm it's you" still cannot act.
/// </summary>
public sealed class FreshProof(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IOptions<SignInOptions> options)
{
    /// <summary>The sign-in method of a password-only sign-in in a remembered browser: the second factor was skipped.</summary>
    public const string RememberedBrowserMethod = "pwd+remembered";

    /// <summary>What a screen says when a service refused a change for want of fresh proof.</summary>
    public const string Needed = "Confirm it's you before changing two-factor settings: close this and try again.";

    public TimeSpan MaxAge => options.Value.ReauthenticateAfter;

    /// <summary>
    /// Whether a finished sign-in by <paramref name="method"/> is a proof. A plain "pwd" sign-in is one only because the
    /// person had no second factor then (with one, sign-in stops at the 2FA step).
    /// </summary>
    public static bool SignInProves(string method) => method is not RememberedBrowserMethod;

    /// <summary>True when <paramref name="sessionId"/> is a live session of <paramref name="userId"/> whose last proof is recent enough.</summary>
    public async Task<bool> IsFreshAsync(string userId, string? sessionId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(sessionId) || string.IsNullOrEmpty(userId)) return false;
        var since = clock.GetUtcNow() - MaxAge;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuthSessions.AnyAsync(s => s.Id == sessionId && s.UserId == userId && s.VerifiedAt != null && s.VerifiedAt > since, ct);
    }

    /// <summary>Records a proof just given in this session ("Confirm it's you" with the strongest factor the person has).</summary>
    public async Task MarkAsync(string userId, string sessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.AuthSessions.Where(s => s.Id == sessionId && s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.VerifiedAt, now), ct);
    }
}
