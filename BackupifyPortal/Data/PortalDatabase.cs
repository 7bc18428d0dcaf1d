using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Which database the portal uses: SQLite by default (one instance, a file), PostgreSQL with <c>Database:Provider=Postgres</c>
/// and an Npgsql <c>ConnectionStrings:Portal</c> (several instances). Services always ask for <see cref="PortalDbContext"/>.
/// </summary>
public static class PortalDatabase
{
    public const string ProviderKey = "Database:Provider";
    public const string DefaultSqlite = "Data Source=App_Data/portal.db";

    public static DatabaseProvider Provider(IConfiguration config) => config[ProviderKey]?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        var other => throw new InvalidOperationException($"{ProviderKey} is '{other}': use Sqlite (the default) or Postgres."),
    };

    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration config) =>
        services.AddPortalDatabase(Provider(config), config.GetConnectionString("Portal") ?? DefaultSqlite);

    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        // Identity shapes its tables by the schema version in the context's service provider, and EF caches one model per
        // context type for the whole process: every provider that can build a context must say 3 (AspNetUserPasskeys).
        services.Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(o => o.Stores.SchemaVersion = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3);
        if (provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContextFactory<PortalDbContext>(o => o.UseSqlite(connectionString));
            return services;
        }
        // appsettings.json names a SQLite file; say so plainly instead of Npgsql's "keyword not supported".
        if (connectionString.Contains("Data Source", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("Database:Provider=Postgres needs ConnectionStrings:Portal in Npgsql form, e.g. Host=db;Port=5432;Database=portal;Username=portal;Password=…");
        services.AddDbContextFactory<PostgresPortalDbContext>(o => o.UseNpgsql(connectionString));
        services.AddSingleton<IDbContextFactory<PortalDbContext>, AsPortalDbContextFactory>();
        services.AddScoped<PortalDbContext>(sp => sp.GetRequiredService<PostgresPortalDbContext>());
        return services;
    }

    private sealed class AsPortalDbContextFactory(IDbContextFactory<PostgresPortalDbContext> inner) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => inner.CreateDbContext();
        public async Task<PortalDbContext> CreateDbContextAsync(CancellationToken ct = default) => await inner.CreateDbContextAsync(ct);
    }
}
