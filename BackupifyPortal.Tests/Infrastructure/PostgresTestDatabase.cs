using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>A database of its own on the shared <see cref="PostgresServer"/>, migrated with the PostgreSQL migrations; the app's own DI wiring.</summary>
public sealed class PostgresTestDatabase : IDbContextFactory<PortalDbContext>, IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly IDbContextFactory<PortalDbContext> factory;

    private PostgresTestDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        services = new ServiceCollection().AddPortalDatabase(DatabaseProvider.Postgres, connectionString).BuildServiceProvider();
        factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
    }

    public string ConnectionString { get; }

    /// <summary>The settings that put a <see cref="PortalAppFactory"/> on this database.</summary>
    public Dictionary<string, string?> AppSettings() => Settings(ConnectionString);

    public static Dictionary<string, string?> Settings(string connectionString) =>
        new() { [PortalDatabase.ProviderKey] = "Postgres", ["ConnectionStrings:Portal"] = connectionString };

    /// <param name="migrate">False leaves the database empty (for start-up tests).</param>
    public static async Task<PostgresTestDatabase> CreateAsync(bool migrate = true)
    {
        var server = await PostgresServer.SharedAsync();
        var db = new PostgresTestDatabase(await server.CreateDatabaseAsync());
        if (!migrate) return db;
        await using var context = db.CreateDbContext();
        await context.Database.MigrateAsync();
        return db;
    }

    /// <summary>Adds a bare person (the foreign key of most security rows).</summary>
    public async Task<PortalUser> AddUserAsync(string id)
    {
        var email = $"{id}@demo.test";
        var user = new PortalUser { Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), DisplayName = id, SecurityStamp = Guid.NewGuid().ToString() };
        await using var context = CreateDbContext();
        context.Users.Add(user);
        await context.SaveChangesAsync();
        return user;
    }

    public PortalDbContext CreateDbContext() => factory.CreateDbContext();

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
