using BackupifyPortal.Features.Operations;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Data;

public static class DatabaseStartup
{
    /// <summary>Checks the production settings, applies the committed migrations, turns on WAL, and seeds the demo data when Demo:Seed says so.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        app.Services.RequireProductionSettings();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var folder = Path.GetDirectoryName(db.Database.GetDbConnection().DataSource);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        await db.Database.MigrateAsync();
        // WAL lets readers and the writer work at once and survives a killed process without a torn file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        // Demo people share a published password: only an explicit switch seeds them, never the environment name.
        if (app.Configuration.GetValue<bool>("Demo:Seed"))
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
    }
}
