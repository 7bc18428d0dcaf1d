using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Postgres;

/// <summary>
/// Each provider keeps its own migration set; a model change that one set lacks fails here (regenerate with the commands
/// in BackupifyPortal/Data/README.md). Building the model needs no server.
/// </summary>
public class MigrationSetTests
{
    [Fact]
    public void SqliteMigrations_CoverEveryModelChange()
    {
        using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=model-check-only.db").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "The SQLite migrations (Data/Migrations) lack a model change: regenerate them (Data/README.md).");
    }

    [Fact]
    public void PostgresMigrations_CoverEveryModelChange()
    {
        using var db = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=model-check-only").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "The PostgreSQL migrations (Data/PostgresMigrations) lack a model change: regenerate them (Data/README.md).");
    }

    [Fact]
    public void EachProvider_FindsOnlyItsOwnMigrations()
    {
        using var sqlite = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=model-check-only.db").Options);
        using var postgres = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=model-check-only").Options);

        var sqliteIds = sqlite.Database.GetMigrations().ToList();
        var postgresIds = postgres.Database.GetMigrations().ToList();

        Assert.NotEmpty(sqliteIds);
        Assert.NotEmpty(postgresIds);
        Assert.Empty(sqliteIds.Intersect(postgresIds));
    }
}
