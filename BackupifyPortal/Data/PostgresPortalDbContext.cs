using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BackupifyPortal.Data;

/// <summary>
/// The portal's model on PostgreSQL (<c>Database:Provider=Postgres</c>). A type of its own so that its migrations
/// (Data/PostgresMigrations) are kept apart from SQLite's; every service still asks for <see cref="PortalDbContext"/>.
/// DateTimeOffset maps to timestamptz, an instant in UTC (Npgsql refuses to write any other offset), so no converter.
/// </summary>
public class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options);

/// <summary>For <c>dotnet ef migrations add … --context PostgresPortalDbContext</c>: building migrations needs no server.</summary>
public sealed class PostgresPortalDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPortalDbContext>
{
    public PostgresPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
