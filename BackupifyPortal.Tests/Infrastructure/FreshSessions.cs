using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>Server-side session rows for service tests: factor changes ask FreshProof about the session making them.</summary>
public static class FreshSessions
{
    /// <summary>A session of the person that proved itself <paramref name="age"/> ago (default: just now, as after a full sign-in).</summary>
    public static async Task<string> CreateAsync(IDbContextFactory<PortalDbContext> dbFactory, string userId, DateTimeOffset now, TimeSpan? age = null) =>
        await AddAsync(dbFactory, userId, now, now - (age ?? TimeSpan.Zero));

    /// <summary>A freshly proved session, with the database and clock of <paramref name="services"/>.</summary>
    public static Task<string> CreateAsync(IServiceProvider services, string userId) =>
        CreateAsync(services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), userId, services.GetRequiredService<TimeProvider>().GetUtcNow());

    /// <summary>A session that never gave a proof: a "Remember this browser" sign-in with the password alone.</summary>
    public static Task<string> RememberedBrowserAsync(IDbContextFactory<PortalDbContext> dbFactory, string userId, DateTimeOffset now) =>
        AddAsync(dbFactory, userId, now, verifiedAt: null);

    private static async Task<string> AddAsync(IDbContextFactory<PortalDbContext> dbFactory, string userId, DateTimeOffset now, DateTimeOffset? verifiedAt)
    {
        var session = new AuthSession { Id = Guid.NewGuid().ToString("N"), UserId = userId, CreatedAt = now, LastSeenAt = now, VerifiedAt = verifiedAt };
        await using var db = await dbFactory.CreateDbContextAsync();
        db.AuthSessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }
}
