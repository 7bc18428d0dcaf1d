using BackupifyPortal.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>
/// The real app on a fresh temporary SQLite file (migrations and, in Development, the demo seed run at start).
/// Pass an existing <paramref name="databasePath"/> to start the app again on the same file; the factory
/// deletes only files it created. Outside Development it supplies <see cref="ProductionSettings"/> (the portal
/// refuses to start without them) unless <paramref name="productionSettings"/> is false; <paramref name="settings"/> win.
/// </summary>
public class PortalAppFactory(
    string? databasePath = null,
    string environment = "Development",
    FakeTimeProvider? clock = null,
    IReadOnlyDictionary<string, string?>? settings = null,
    bool productionSettings = true,
    bool startFromTemplate = true) : WebApplicationFactory<Program>
{
    /// <summary>What an operator must set outside Development; texts and emails go to the database outbox by explicit choice.</summary>
    public static readonly IReadOnlyDictionary<string, string?> ProductionSettings = new Dictionary<string, string?>
    {
        ["Phone:HashKey"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("test-only hash key of 32+ bytes!")),
        ["Portal:PublicBaseUrl"] = "https://portal.example",
        ["Outbox:Mode"] = "Database",
    };

    private readonly bool ownsDatabase = databasePath is null;

    public string DatabasePath { get; } = databasePath ?? NewDatabasePath();
    public string Environment => environment;
    /// <summary>The app's clock when the test swapped it; advance it to expire tickets and codes.</summary>
    public FakeTimeProvider? Clock => clock;
    public CapturingLoggerProvider Logs { get; } = new();

    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"bp-portaltest-{Guid.NewGuid():N}.db");

    /// <summary>A FakeTimeProvider that starts at the real time, so cookies and keys issued by the app look current.</summary>
    public static FakeTimeProvider NewClock() => new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.Zero };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        // A file of its own starts as a copy of the run's migrated template (start-up then finds no migration pending).
        // Tests of start-up itself (migrations, an untouched file when settings are missing) pass startFromTemplate: false.
        if (ownsDatabase && startFromTemplate && productionSettings && !File.Exists(DatabasePath) && settings?.GetValueOrDefault("Database:Provider") is null)
        {
            // In Development with the default seed switch the copy also holds the demo people (seven PBKDF2 hashes saved per host).
            if (environment == "Development" && settings?.ContainsKey("Demo:Seed") != true) File.Copy(SeededTemplate.Value, DatabasePath);
            else SqliteTestDatabase.CopyMigratedTemplate(DatabasePath);
        }
        // UseSetting reaches the configuration before Program reads the connection string.
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={DatabasePath}");
        if (environment != "Development" && productionSettings)
            foreach (var (key, value) in ProductionSettings) builder.UseSetting(key, value);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        // The app's own code is captured down to Debug (a secret logged at any level is a leak); framework
        // categories at the levels the app's configuration enables (ASP.NET Core's SignalR Debug lines echo event args).
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturingLoggerProvider>("BackupifyPortal", LogLevel.Debug));
        builder.ConfigureTestServices(services =>
        {
            if (clock is null) return;
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        });
    }

    private static readonly Lazy<string> SeededTemplate = new(CreateSeededTemplate);

    /// <summary>Copies the run's migrated and seeded Development file to <paramref name="path"/> (for a portal started as a process of its own).</summary>
    public static void CopySeededTemplate(string path) => File.Copy(SeededTemplate.Value, path);

    /// <summary>
    /// A file the app itself has migrated and seeded in Development, once per test run, without its Data Protection key
    /// (each host makes its own, as a fresh install does). Start-up's seed finds the demo people and adds nothing.
    /// </summary>
    private static string CreateSeededTemplate()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bp-template-seeded-{Guid.NewGuid():N}.db");
        SqliteTestDatabase.CopyMigratedTemplate(path);
        using (var app = new PortalAppFactory(path)) _ = app.Services;
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM \"DataProtectionKeys\"; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
            command.ExecuteNonQuery();
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteDatabaseFiles(path);
        return path;
    }

    public async Task<PortalDbContext> CreateDbContextAsync() =>
        await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsDatabase) DeleteDatabaseFiles(DatabasePath);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase) DeleteDatabaseFiles(DatabasePath);
        GC.SuppressFinalize(this);
    }

    public static void DeleteDatabaseFiles(string path)
    {
        // Pooled connections keep the file open; WAL leaves two side files.
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
