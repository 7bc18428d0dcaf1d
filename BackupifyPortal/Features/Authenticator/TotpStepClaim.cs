using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Authenticator;

/// <summary>The replay rule in one statement: a step is used once, and never one older than the last.</summary>
public static class TotpStepClaim
{
    /// <summary>UPDATE ... WHERE UserId=@u AND LastTotpStep &lt; @step: of two parallel uses exactly one changes the row.</summary>
    public static async Task<bool> TryClaimAsync(PortalDbContext db, string userId, long step, CancellationToken ct) =>
        await db.TwoFactorProfiles
            .Where(p => p.UserId == userId && p.LastTotpStep < step)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastTotpStep, step), ct) == 1;
}
