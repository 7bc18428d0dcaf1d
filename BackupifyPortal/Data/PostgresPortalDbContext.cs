using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Data;

/// <summary>
/// The portal's model on PostgreSQL (<c>Database:Provider=Postgres</c>). A type of its own so that its migrations
/// (Data/PostgresMigrations) are kept apart from SQLite's; every service still asks for <see cref="PortalDbContext"/>.
/// DateTimeOffset maps to timestamptz, an instant in UTC (Npgsql refuses to write any other offset), so no converter.
/// It adds the event bus's table, which only several instances (always on PostgreSQL) use.
/// </summary>
public class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options)
{
    public DbSet<PortalEvent> PortalEvents => Set<PortalEvent>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<PortalEvent>(e =>
        {
            // Ids only ever come from the database: the listener catches up by id.
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Type).HasMaxLength(64);
            e.Property(x => x.Payload).HasColumnType("jsonb");
            e.HasIndex(x => x.CreatedAt);
        });
    }
}
