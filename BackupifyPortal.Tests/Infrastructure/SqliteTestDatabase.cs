using BackupifyPortal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>
/// A real SQLite file per test, migrated with the app's own migrations, deleted afterwards. The migrations run once
/// per test run into a template file; each test gets a byte-for-byte copy of it (DatabaseStartupTests still migrates an empty file).
/// </summary>
public sealed class SqliteTestDatabase : IDbContextFactory<PortalDbContext>, IAsyncDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bp-test-{Guid.NewGuid():N}.db");
    public string ConnectionString => $"Data Source={Path};Pooling=False";

    private SqliteTestDatabase() { }

    public static Task<SqliteTestDatabase> CreateAsync() => Task.FromResult(Create());

    /// <summary>The same, for a constructor (a bUnit context's wiring needs the file's name before its first render).</summary>
    public static SqliteTestDatabase Create()
    {
        var db = new SqliteTestDatabase();
        CopyMigratedTemplate(db.Path);
        return db;
    }

    private static readonly Lazy<string> Template = new(CreateTemplate);

    /// <summary>Writes a freshly migrated, empty database file at <paramref name="path"/> (a copy of the run's template).</summary>
    public static void CopyMigratedTemplate(string path) => File.Copy(Template.Value, path);

    private static string CreateTemplate()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bp-template-{Guid.NewGuid():N}.db");
        // Unpooled: the file is closed (rollback journal, no -wal side file) once the migrations are done, so a copy is whole.
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        using (var context = new PortalDbContext(options)) context.Database.Migrate();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    }

    /// <summary>Adds a bare person (the foreign key of most security rows).</summary>
    public async Task<PortalUser> AddUserAsync(string id, string? email = null)
    {
        email ??= $"{id}@demo.test";
        var user = new PortalUser { Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), DisplayName = id, SecurityStamp = Guid.NewGuid().ToString() };
        await using var context = CreateDbContext();
        context.Users.Add(user);
        await context.SaveChangesAsync();
        return user;
    }

    public PortalDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(ConnectionString).Options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(Path + suffix);
        return ValueTask.CompletedTask;
    }
}
