using BackupifyPortal.Features.Operations;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Data;

public static class DatabaseStartup
{
    private const string StartupLock = "portal-startup";

    /// <summary>
    /// Checks the production settings, applies the committed migrations, makes sure one Data Protection key exists, and
    /// seeds the demo data when Demo:Seed says so. On PostgreSQL, instances starting at once take turns (an advisory lock),
    /// so each finds the others' tables, key and people instead of racing to create their own.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        app.Services.RequireProductionSettings();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (db.Database.IsSqlite())
        {
            var folder = Path.GetDirectoryName(db.Database.GetDbConnection().DataSource);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        await db.Database.OpenConnectionAsync();
        await db.Database.LockSessionAsync(StartupLock);
        try
        {
            await db.Database.MigrateAsync();
            // WAL lets readers and the writer work at once and survives a killed process without a torn file.
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            EnsureOneDataProtectionKey(app.Services);
            // Demo people share a published password: only an explicit switch seeds them, never the environment name.
            if (app.Configuration.GetValue<bool>("Demo:Seed"))
                await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }
        finally
        {
            await db.Database.UnlockAsync(StartupLock);
            await db.Database.CloseConnectionAsync();
        }
    }

    // Left to itself each instance that finds no key makes one; made here, under the lock, the first makes it and the rest read it.
    private static void EnsureOneDataProtectionKey(IServiceProvider services)
    {
        var keys = services.GetRequiredService<IKeyManager>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now)) return;
        keys.CreateNewKey(now, now + services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime);
    }
}
