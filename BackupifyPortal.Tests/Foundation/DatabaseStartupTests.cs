using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Foundation;

public class DatabaseStartupTests
{
    [Fact]
    public async Task Startup_EmptyDatabaseFile_AppliesEveryCommittedMigration()
    {
        var path = PortalAppFactory.NewDatabasePath();
        await File.WriteAllBytesAsync(path, []);
        try
        {
            await using var app = new PortalAppFactory(path);
            _ = app.Services; // starts the host, which migrates

            await using var db = await app.CreateDbContextAsync();
            var tables = await TableNamesAsync(path);
            var expected = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct();
            Assert.All(expected, table => Assert.Contains(table, tables));
            Assert.Contains("__EFMigrationsHistory", tables);

            var committed = db.Database.GetMigrations().ToList();
            Assert.NotEmpty(committed);
            Assert.Equal(committed.Order(), (await db.Database.GetAppliedMigrationsAsync()).Order());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        finally
        {
            PortalAppFactory.DeleteDatabaseFiles(path);
        }
    }

    [Fact]
    public async Task Startup_MissingDatabaseFile_CreatesItAndSeedsDemoPeople()
    {
        await using var app = new PortalAppFactory(startFromTemplate: false);
        Assert.False(File.Exists(app.DatabasePath));
        _ = app.Services;

        Assert.True(File.Exists(app.DatabasePath));
        await using var db = await app.CreateDbContextAsync();
        var emails = await db.Users.Select(u => u.Email!).ToListAsync();
        Assert.Equal(DemoPeople.All.Order(), emails.Order());
    }

    [Fact]
    public async Task Startup_TwiceOnTheSameFile_SeedsDemoPeopleOnce()
    {
        var path = PortalAppFactory.NewDatabasePath();
        try
        {
            (int People, int Accounts, int Services, int Organizations) first, second;
            await using (var app = new PortalAppFactory(path)) first = await CountsAsync(app);
            await using (var again = new PortalAppFactory(path)) second = await CountsAsync(again);

            Assert.Equal(DemoPeople.All.Length, first.People);
            Assert.Equal(first, second);
        }
        finally
        {
            PortalAppFactory.DeleteDatabaseFiles(path);
        }
    }

    [Fact]
    public async Task Startup_InProduction_MigratesButSeedsNoDemoPeople()
    {
        await using var app = new PortalAppFactory(environment: "Production", startFromTemplate: false);
        await using var db = await app.CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.Accounts.CountAsync());
    }

    private static async Task<(int, int, int, int)> CountsAsync(PortalAppFactory app)
    {
        await using var db = await app.CreateDbContextAsync();
        return (await db.Users.CountAsync(), await db.Accounts.CountAsync(), await db.ProtectedServices.CountAsync(), await db.Organizations.CountAsync());
    }

    private static async Task<HashSet<string>> TableNamesAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var names = new HashSet<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
