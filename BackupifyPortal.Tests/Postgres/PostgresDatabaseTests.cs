using BackupifyPortal.Data;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Postgres;

/// <summary>The PostgreSQL migration set on a real PostgreSQL 15: it applies to an empty database and stores times as UTC instants.</summary>
public class PostgresDatabaseTests
{
    [Fact]
    public async Task Migrations_OnAnEmptyDatabase_ApplyEveryOne_AndCreateEveryTable()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(migrate: false);
        await using var db = database.CreateDbContext();

        await db.Database.MigrateAsync();

        Assert.Equal(db.Database.GetMigrations().Order(), (await db.Database.GetAppliedMigrationsAsync()).Order());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var tables = await db.Database.SqlQuery<string>($"SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").ToListAsync();
        Assert.All(db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct(), t => Assert.Contains(t, tables));
    }

    [Fact]
    public async Task Times_AreStoredAsTimestamptz_AndReadBackInUtc()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var at = new DateTimeOffset(2026, 12, 7, 13, 14, 15, 123, TimeSpan.Zero);
        await using (var db = database.CreateDbContext())
        {
            db.AuditEvents.Add(new AuditEvent { Type = "test", At = at });
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateDbContext();
        var stored = await read.AuditEvents.Select(e => e.At).SingleAsync();
        var nonUtcColumns = await read.Database.SqlQuery<string>($"""
            SELECT table_name || '.' || column_name AS "Value" FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type IN ('timestamp without time zone', 'time without time zone', 'text') AND (column_name LIKE '%At' OR column_name LIKE '%Until' OR column_name LIKE '%Start' OR column_name = 'LockoutEnd')
            """).ToListAsync();

        Assert.Equal(at, stored);
        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.Empty(nonUtcColumns);
    }
}
