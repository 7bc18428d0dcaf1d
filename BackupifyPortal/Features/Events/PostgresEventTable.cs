using Npgsql;
using NpgsqlTypes;

namespace BackupifyPortal.Features.Events;

/// <summary>One stored event as the listener reads it back.</summary>
public sealed record StoredEvent(long Id, string Type, string Payload);

/// <summary>
/// The SQL of the PostgreSQL bus. Its table, <c>PortalEvents</c>, is in the PostgreSQL model and migration set
/// (<see cref="Data.PostgresPortalDbContext"/>), so it exists once start-up has migrated; SQLite never needs it.
/// </summary>
public sealed class PostgresEventTable(NpgsqlDataSource dataSource, string listenerConnectionString) : IAsyncDisposable
{
    public const string Channel = "portal_events";

    public static PostgresEventTable Create(string connectionString, EventOptions options)
    {
        var listener = new NpgsqlConnectionStringBuilder(connectionString)
        {
            KeepAlive = Math.Max(1, (int)options.KeepAlive.TotalSeconds),
            TcpKeepAlive = true,
            ApplicationName = options.ListenerName,
            Pooling = false, // one long-lived physical connection, closed for good when it breaks
        };
        return new PostgresEventTable(NpgsqlDataSource.Create(connectionString), listener.ConnectionString);
    }

    public async Task<long> NewestIdAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""SELECT COALESCE(MAX("Id"), 0) FROM "PortalEvents" """);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Stores the event and notifies its id in one statement: NOTIFY carries only the id (8 KB payload limit, no data on the wire twice).</summary>
    public async Task AppendAsync(string type, string payload, DateTimeOffset createdAt, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH added AS (INSERT INTO "PortalEvents" ("Type", "Payload", "CreatedAt") VALUES (@type, @payload, @at) RETURNING "Id")
            SELECT pg_notify('{Channel}', "Id"::text) FROM added
            """);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("payload", NpgsqlDbType.Jsonb, payload);
        command.Parameters.AddWithValue("at", createdAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(ct);
    }

    public NpgsqlConnection NewListenerConnection() => new(listenerConnectionString);

    public static async Task ListenAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"LISTEN {Channel}", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Events after <paramref name="afterId"/>, plus the ids in <paramref name="alsoIds"/> (late commits below it), oldest first.</summary>
    public static async Task<List<StoredEvent>> ReadAsync(NpgsqlConnection connection, long afterId, long[] alsoIds, int limit, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT "Id", "Type", "Payload"::text FROM "PortalEvents"
            WHERE "Id" > @after OR "Id" = ANY(@also) ORDER BY "Id" LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.AddWithValue("also", alsoIds);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        return rows;
    }

    public async Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""DELETE FROM "PortalEvents" WHERE "CreatedAt" < @cutoff""");
        command.Parameters.AddWithValue("cutoff", olderThan.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
