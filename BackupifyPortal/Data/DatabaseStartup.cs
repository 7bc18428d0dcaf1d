using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Data;

public static class DatabaseStartup
{
    /// <summary>Applies the committed migrations, turns on WAL, and seeds the demo data in Development.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var folder = Path.GetDirectoryName(db.Database.GetDbConnection().DataSource);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        await db.Database.MigrateAsync();
        // WAL lets readers and the writer work at once and survives a killed process without a torn file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("Demo:Seed"))
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
    }
}
