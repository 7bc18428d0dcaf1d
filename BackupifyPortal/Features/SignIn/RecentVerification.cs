using System.Globalization;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// When a session last proved who is behind it: a full sign-in, or "Confirm it's you". Two-factor changes
/// ask for a new proof once this is older than <see cref="SignInOptions.ReauthenticateAfter"/>.
/// Kept on the server-side session row, so a circuit cannot claim a proof it did not give.
/// </summary>
public sealed class RecentVerification(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IOptions<SignInOptions> options)
{
    /// <summary>Set by the sign-in hand-off on the ticket's properties; the ticket store moves it to the session row.</summary>
    public const string VerifiedAtKey = ".bp.verified";

    public TimeSpan MaxAge => options.Value.ReauthenticateAfter;

    public async Task<bool> IsFreshAsync(string? sessionId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(sessionId)) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var verifiedAt = await db.AuthSessions.Where(s => s.Id == sessionId).Select(s => s.VerifiedAt).FirstOrDefaultAsync(ct);
        return verifiedAt is { } at && clock.GetUtcNow() - at < MaxAge;
    }

    public async Task MarkVerifiedAsync(string sessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.AuthSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.VerifiedAt, now), ct);
    }

    public static void Stamp(AuthenticationProperties properties, DateTimeOffset at) =>
        properties.Items[VerifiedAtKey] = at.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Takes the stamp off the ticket (so a later sliding renewal cannot roll a newer proof back) and returns it.</summary>
    internal static DateTimeOffset? Take(AuthenticationProperties properties)
    {
        if (!properties.Items.Remove(VerifiedAtKey, out var value)) return null;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
    }
}
