using System.Security.Cryptography;
using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace BackupifyPortal.Features.TwoFactor;

/// <summary>
/// Identity's stamp rotation as one SQL statement, so it commits in the same transaction as the 2FA change it
/// belongs to (a crash can then never leave a factor on without the flag, or the flag without the factor).
/// </summary>
public static class SecurityStampSql
{
    /// <param name="twoFactorEnabled">The new 2FA flag, or null to keep it.</param>
    public static Task<int> RotateAsync(PortalDbContext db, string userId, bool? twoFactorEnabled, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            // Same shape as Identity's own stamps: 20 random bytes in base32.
            .SetProperty(u => u.SecurityStamp, Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20)))
            .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString())
            .SetProperty(u => u.TwoFactorEnabled, u => twoFactorEnabled ?? u.TwoFactorEnabled), ct);

    /// <summary>After the commit: tells the person's live circuits, as PortalUserManager does for its own rotations.</summary>
    public static void Announce(IServiceProvider services, string userId) =>
        services.GetService<SecurityStampRotations>()?.Notify(userId);
}
