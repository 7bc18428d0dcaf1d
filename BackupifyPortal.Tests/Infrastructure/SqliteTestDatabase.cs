using BackupifyPortal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>A real SQLite file per test, migrated with the app's own migrations, deleted afterwards.</summary>
public sealed class SqliteTestDatabase : IDbContextFactory<PortalDbContext>, IAsyncDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bp-test-{Guid.NewGuid():N}.db");
    public string ConnectionString => $"Data Source={Path};Pooling=False";

    private SqliteTestDatabase() { }

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var db = new SqliteTestDatabase();
        await using var context = db.CreateDbContext();
        await context.Database.MigrateAsync();
        return db;
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
