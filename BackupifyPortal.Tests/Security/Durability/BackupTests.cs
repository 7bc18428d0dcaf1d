using System.Diagnostics;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace BackupifyPortal.Tests.Security.Durability;

/// <summary>The README's backup of the live WAL database (sqlite3 ".backup"; VACUUM INTO and the online backup API alike) copies every committed row.</summary>
public class BackupTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string databasePath = PortalAppFactory.NewDatabasePath();
    private readonly List<string> copies = [];
    private PortalProcess portal = null!;

    public async Task InitializeAsync()
    {
        portal = new PortalProcess(databasePath);
        await portal.StartAsync(); // migrations, WAL and the demo seed, written by the running portal
    }

    public async Task DisposeAsync()
    {
        await portal.DisposeAsync();
        PortalAppFactory.DeleteDatabaseFiles(databasePath);
        foreach (var copy in copies) PortalAppFactory.DeleteDatabaseFiles(copy);
    }

    [Fact]
    public async Task Backup_OfTheLiveWalDatabase_OpensWithEveryRow()
    {
        var live = new DatabaseFile(databasePath);
        Assert.Equal("wal", await live.PragmaAsync("journal_mode"));
        Assert.True(new FileInfo(databasePath + "-wal").Length > 0, "the seed should still sit in the WAL file while the portal runs");
        var tables = await TablesAsync(live.ConnectionString);
        var expected = await live.CountRowsAsync(tables);
        Assert.True(expected["AspNetUsers"] > 0 && expected["ProtectedServices"] > 0);

        // The README's command, when the sqlite3 shell is installed.
        if (File.Exists("/usr/bin/sqlite3"))
        {
            var shellCopy = NewCopyPath();
            using var shell = Process.Start(new ProcessStartInfo("/usr/bin/sqlite3", [databasePath, $".backup '{shellCopy}'"]) { RedirectStandardError = true })!;
            await shell.WaitForExitAsync();
            Assert.Equal(0, shell.ExitCode);
            await AssertCopyAsync("sqlite3 .backup", shellCopy, tables, expected);
        }
        else output.WriteLine("sqlite3 shell not installed: the README's command itself was not run.");

        // The same online backup API from .NET, and VACUUM INTO, for machines without the shell.
        var apiCopy = NewCopyPath();
        await using (var source = new SqliteConnection(live.ConnectionString))
        await using (var target = new SqliteConnection($"Data Source={apiCopy};Pooling=False"))
        {
            await source.OpenAsync();
            await target.OpenAsync();
            source.BackupDatabase(target);
        }
        await AssertCopyAsync("SqliteConnection.BackupDatabase", apiCopy, tables, expected);

        var vacuumCopy = NewCopyPath();
        await using (var source = new SqliteConnection(live.ConnectionString))
        {
            await source.OpenAsync();
            await using var command = source.CreateCommand();
            command.CommandText = "VACUUM INTO $path;";
            command.Parameters.AddWithValue("$path", vacuumCopy);
            await command.ExecuteNonQueryAsync();
        }
        await AssertCopyAsync("VACUUM INTO", vacuumCopy, tables, expected);
        Assert.True(portal.IsRunning, "the portal kept running through the backups");
    }

    private async Task AssertCopyAsync(string how, string copy, IReadOnlyList<string> tables, IReadOnlyDictionary<string, long> expected)
    {
        var file = new DatabaseFile(copy);
        Assert.Equal("ok", await file.PragmaAsync("integrity_check"));
        var counts = await file.CountRowsAsync(tables);
        foreach (var table in tables) Assert.True(counts[table] >= expected[table], $"{how}: {table} has {counts[table]} rows, the live database {expected[table]}");
        output.WriteLine($"{how}: integrity ok, {tables.Count} tables, {counts.Values.Sum()} rows, all present.");
    }

    private string NewCopyPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bp-backup-{Guid.NewGuid():N}.db");
        copies.Add(path);
        return path;
    }

    private static async Task<IReadOnlyList<string>> TablesAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
