using System.Security.Cryptography;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OtpNet;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// The one way to rotate a person's security stamp. The rotation records which session made it
/// (<see cref="ActingSession"/>) and ends every other session of the person in the same transaction; only the
/// session that made the newest rotation may be refreshed (<see cref="SessionRefresh"/>). A password change, an
/// admin or support reset, or a change made from another browser therefore ends this browser's session.
/// </summary>
public sealed class SecurityStamps(
    IDbContextFactory<PortalDbContext> dbFactory,
    SecurityStampRotations rotations,
    SessionRevocations revocations)
{
    /// <summary>
    /// Rotates inside the caller's transaction (so it commits with the change it belongs to); call
    /// <see cref="AnnounceAsync"/> after the commit.
    /// </summary>
    /// <param name="twoFactorEnabled">The new 2FA flag, or null to keep it.</param>
    /// <param name="passwordHash">A new password hash to store with the new stamp, or null to keep it.</param>
    public async Task RotateAsync(PortalDbContext db, string userId, CancellationToken ct, bool? twoFactorEnabled = null, string? passwordHash = null)
    {
        var next = NewStamp();
        var by = ActingSession.Id;
        // SQL reads every right-hand side from the row as it was, so StampRotatedFrom gets the old stamp.
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.StampRotatedFrom, u => u.SecurityStamp)
            .SetProperty(u => u.SecurityStamp, next)
            .SetProperty(u => u.StampRotatedTo, next)
            .SetProperty(u => u.StampRotatedBySession, by)
            .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString())
            .SetProperty(u => u.TwoFactorEnabled, u => twoFactorEnabled ?? u.TwoFactorEnabled)
            .SetProperty(u => u.PasswordHash, u => passwordHash ?? u.PasswordHash), ct);
        // Every other session of the person ends now, not at its next revalidation.
        await db.AuthSessions.Where(s => s.UserId == userId && s.Id != by).ExecuteDeleteAsync(ct);
    }

    /// <summary>Rotates in a transaction of its own and announces it: for callers with nothing else to commit.</summary>
    public async Task RotateNowAsync(string userId, bool? twoFactorEnabled = null, string? passwordHash = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RotateAsync(db, userId, ct, twoFactorEnabled, passwordHash);
        await tx.CommitAsync(ct);
        await AnnounceAsync(userId);
    }

    /// <summary>After the commit: the person's live circuits refresh (the acting one) or end (every other one) now.</summary>
    public async Task AnnounceAsync(string userId)
    {
        await rotations.NotifyAsync(userId);
        await revocations.NotifyAsync(userId);
    }

    // Same shape as Identity's own stamps: 20 random bytes in base32.
    private static string NewStamp() => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));
}

public static class SecurityStampsServiceCollectionExtensions
{
    /// <summary>The rotation API and its notices; every feature that rotates a stamp adds it (idempotent).</summary>
    public static IServiceCollection AddSecurityStamps(this IServiceCollection services)
    {
        services.AddInProcessEvents();
        services.TryAddSingleton<SecurityStampRotations>();
        services.TryAddSingleton<SessionRevocations>();
        services.TryAddSingleton<SecurityStamps>();
        return services;
    }
}
