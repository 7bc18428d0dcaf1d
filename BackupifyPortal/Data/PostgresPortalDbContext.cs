using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Data;

/// <summary>
/// The portal's model on PostgreSQL (<c>Database:Provider=Postgres</c>). A type of its own so that its migrations
/// (Data/PostgresMigrations) are kept apart from SQLite's; every service still asks for <see cref="PortalDbContext"/>.
/// DateTimeOffset maps to timestamptz, an instant in UTC (Npgsql refuses to write any other offset), so no converter.
/// </summary>
public class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options);
