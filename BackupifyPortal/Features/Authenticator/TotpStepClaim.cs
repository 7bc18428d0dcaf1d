using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Authenticator;

/// <summary>The replay rule in one statement: a step is used once, and never one older than the last, over all of a person's apps.</summary>
public static class TotpStepClaim
{
    /// <summary>UPDATE ... WHERE UserId=@u AND LastTotpStep &lt; @step: of two parallel uses exactly one changes the row.</summary>
    public static async Task<bool> TryClaimAsync(PortalDbContext db, string userId, long step, CancellationToken ct)
    {
        if (await db.TwoFactorProfiles.Where(p => p.UserId == userId && p.LastTotpStep < step)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastTotpStep, step), ct) == 1) return true;
        if (await db.TwoFactorProfiles.AnyAsync(p => p.UserId == userId, ct)) return false;
        // No settings row yet (an app added by a console or a seed): the first claim makes it; a parallel one hits the key.
        try
        {
            db.TwoFactorProfiles.Add(new TwoFactorProfile { UserId = userId, LastTotpStep = step });
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }
}
