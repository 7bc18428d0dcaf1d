using BackupifyPortal.Data;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Admin;

/// <summary>Where a person stands against their organisation's "Require two-factor authentication" policy.</summary>
public sealed record PolicyStanding(bool Required, bool Enrolled, DateTimeOffset? GraceEndsAt, bool MustSetUpNow)
{
    public static readonly PolicyStanding NotRequired = new(false, false, null, false);

    /// <summary>Whole days left in the grace period (rounded up), for the countdown banner.</summary>
    public int DaysLeft(DateTimeOffset now) => GraceEndsAt is { } end && end > now ? (int)Math.Ceiling((end - now).TotalDays) : 0;

    /// <summary>The grace banner's countdown: "Set it up within 3 days.", "within 1 day.".</summary>
    public string GraceCountdown(DateTimeOffset now) => DaysLeft(now) is var days && days == 1
        ? "Set it up within 1 day."
        : $"Set it up within {days} days.";
}

/// <summary>
/// Seam for the sign-in flow and the shells: during the grace period a banner counts down; after it a person
/// without two-factor can do nothing but set it up (the lead routes them to /setup).
/// </summary>
public sealed class TwoFactorStanding(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// Where a signed-in page sends this person instead of showing itself: after the organisation's grace period, a
    /// person without two-factor can do nothing but set it up (/setup); null lets the page show.
    /// </summary>
    public async Task<string?> RequiredDetourAsync(string userId, CancellationToken ct = default) =>
        (await GetAsync(userId, ct)).MustSetUpNow ? SetupLinks.Route : null;

    public async Task<PolicyStanding> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                Required = u.Organization != null && u.Organization.RequireTwoFactor,
                Since = u.Organization == null ? null : u.Organization.RequireTwoFactorSince,
                Grace = u.Organization == null ? 0 : u.Organization.TwoFactorGraceDays,
            })
            .FirstOrDefaultAsync(ct);
        if (row is null || !row.Required) return PolicyStanding.NotRequired;
        var enrolled = await db.Users.Where(u => u.Id == userId).AnyAsync(SecondFactors.PersonIsEnrolled(db), ct);
        var graceEnds = (row.Since ?? clock.GetUtcNow()).AddDays(row.Grace);
        return new PolicyStanding(true, enrolled, graceEnds, !enrolled && clock.GetUtcNow() >= graceEnds);
    }
}
