using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.TwoFactor;

public enum LastFactorVerdict
{
    /// <summary>Another factor stays, or the person confirmed removing their last one.</summary>
    Allowed,
    /// <summary>The last factor would go: the person must confirm they mean it.</summary>
    NeedsConfirmation,
    /// <summary>The last factor would go while the organisation requires two-factor authentication: refused.</summary>
    RequiredByOrganisation,
}

/// <summary>
/// The last-factor rule, asked by every removal inside its own transaction: nobody removes their last factor
/// (verified phone, app or passkey, by <see cref="SecondFactors"/>) while their organisation requires 2FA, and
/// removing it otherwise needs the person's explicit confirmation.
/// </summary>
public static class LastFactorRule
{
    public const string Required = "Your organisation requires two-factor authentication. Add another phone, app or passkey before you remove your last one.";
    public const string ConfirmQuestion = "This is your last two-factor method: without it, only your password protects your account. Remove it anyway?";

    /// <summary>The verdict for removing the factors <paramref name="removing"/> selects (none: a passkey, counted apart by <paramref name="passkeysRemoved"/>).</summary>
    public static async Task<LastFactorVerdict> CheckAsync(PortalDbContext db, string userId, Func<UserFactor, bool> removing, int passkeysRemoved, bool confirmed, CancellationToken ct)
    {
        var counting = (await db.Factors.AsNoTracking().Where(f => f.UserId == userId).Where(SecondFactors.Counts).ToListAsync(ct));
        var passkeys = await db.UserPasskeys.CountAsync(k => k.UserId == userId, ct);
        var before = counting.Count + passkeys;
        var after = counting.Count(f => !removing(f)) + Math.Max(0, passkeys - passkeysRemoved);
        if (before == 0 || after > 0) return LastFactorVerdict.Allowed;
        var required = await db.Users.AnyAsync(u => u.Id == userId && u.Organization != null && u.Organization.RequireTwoFactor, ct);
        if (required) return LastFactorVerdict.RequiredByOrganisation;
        return confirmed ? LastFactorVerdict.Allowed : LastFactorVerdict.NeedsConfirmation;
    }

    public static string? MessageFor(LastFactorVerdict verdict) => verdict switch
    {
        LastFactorVerdict.RequiredByOrganisation => Required,
        LastFactorVerdict.NeedsConfirmation => ConfirmQuestion,
        _ => null,
    };
}
