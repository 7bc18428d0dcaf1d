using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Accounts;

/// <summary>Reads and edits the profile basics on User Settings, one short-lived DbContext per call.</summary>
public sealed class PersonProfiles(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<PortalUser?> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
    }

    /// <summary>The zone every date on this person's screens is shown in (<see cref="PersonTime"/>); null is UTC.</summary>
    public async Task<string?> TimeZoneOfAsync(string? userId, CancellationToken ct = default) =>
        userId is null ? null : (await GetAsync(userId, ct))?.TimeZoneId;

    /// <summary>Saves display name and time zone; returns an error message for the field that is wrong, or null.</summary>
    public async Task<ProfileUpdateResult> UpdateAsync(string userId, string displayName, string timeZoneId, CancellationToken ct = default)
    {
        var name = displayName.Trim();
        if (name.Length == 0) return ProfileUpdateResult.NameError("Enter the name people should see.");
        if (name.Length > 100) return ProfileUpdateResult.NameError("Use at most 100 characters.");
        if (TypedText.HasHiddenCharacters(name)) return ProfileUpdateResult.NameError("Remove the hidden or control characters from the name.");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out _)) return ProfileUpdateResult.ZoneError("Choose a time zone from the list.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.DisplayName, name)
            .SetProperty(u => u.TimeZoneId, timeZoneId), ct);
        return ProfileUpdateResult.Saved;
    }
}

public sealed record ProfileUpdateResult(string? DisplayNameError, string? TimeZoneError)
{
    public static readonly ProfileUpdateResult Saved = new(null, null);
    public bool Succeeded => DisplayNameError is null && TimeZoneError is null;
    public static ProfileUpdateResult NameError(string message) => new(message, null);
    public static ProfileUpdateResult ZoneError(string message) => new(null, message);
}
