using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Bench;

/// <summary>A freshly proved session row for a bench person: authenticator enrolment needs one (FreshProof).</summary>
internal static class BenchSessions
{
    public static async Task<string> FreshAsync(IDbContextFactory<PortalDbContext> dbFactory, string userId, DateTimeOffset now)
    {
        var session = new AuthSession { Id = Guid.NewGuid().ToString("N"), UserId = userId, CreatedAt = now, LastSeenAt = now, VerifiedAt = now };
        await using var db = await dbFactory.CreateDbContextAsync();
        db.AuthSessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    public static Task<string> FreshAsync(IServiceProvider services, string userId) =>
        FreshAsync(services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), userId, services.GetRequiredService<TimeProvider>().GetUtcNow());
}
