using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackupifyPortal.Features.Events;

/// <summary>
/// Listens on its own connection (keepalive on) and hands each stored event to this instance's subscribers once.
/// When the connection breaks it reconnects with a growing wait, LISTENs again and then reads every event after the
/// last one it delivered, so nothing published meanwhile is lost. It also deletes events past their retention.
/// </summary>
public sealed class PostgresEventListener(
    PostgresEventTable table,
    EventSubscribers subscribers,
    IOptions<EventOptions> options,
    TimeProvider clock,
    ILogger<PostgresEventListener> logger) : BackgroundService
{
    private const int Batch = 500;
    // Identity ids are handed out before commit, so a lower id can commit after a higher one: re-read this far back.
    private const long LateCommitReach = 1000;
    private readonly HashSet<long> delivered = [];
    private long lastSeen;
    private long startedAfter;
    private int connections;
    private DateTimeOffset nextPrune = DateTimeOffset.MinValue;

    private EventOptions O => options.Value;

    /// <summary>How many times the listening connection has been opened (1 + reconnects).</summary>
    public int Connections => Volatile.Read(ref connections);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Events from before this instance had no subscriber here: they are never delivered.
        startedAfter = lastSeen = await table.NewestIdAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = O.ReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => delay = O.ReconnectDelay, stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Event listener lost its connection; reconnecting in {Delay}", delay);
            }
            // Real time, not the injected clock: this paces a socket, it is no rule (a frozen test clock must not stop it).
            try { await Task.Delay(delay, stoppingToken); }
            catch (OperationCanceledException) { return; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, O.MaxReconnectDelay.Ticks));
        }
    }

    private async Task ListenAsync(Action connected, CancellationToken ct)
    {
        await using var connection = table.NewListenerConnection();
        var notified = new ConcurrentQueue<long>();
        connection.Notification += (_, n) => { if (long.TryParse(n.Payload, out var id)) notified.Enqueue(id); };
        await connection.OpenAsync(ct);
        await PostgresEventTable.ListenAsync(connection, ct);
        Interlocked.Increment(ref connections);
        connected();
        // LISTEN first, then catch up: an event is either in this read or notified after it.
        await ReadAsync(connection, Math.Max(startedAfter, lastSeen - LateCommitReach), [], ct);
        while (true)
        {
            await connection.WaitAsync(O.KeepAlive, ct);
            if (!notified.IsEmpty)
            {
                var late = new List<long>();
                while (notified.TryDequeue(out var id)) if (id <= lastSeen && id > startedAfter && !delivered.Contains(id)) late.Add(id);
                await ReadAsync(connection, lastSeen, [.. late], ct);
            }
            await PruneWhenDueAsync(ct);
        }
    }

    private async Task ReadAsync(NpgsqlConnection connection, long after, long[] late, CancellationToken ct)
    {
        while (true)
        {
            var rows = await PostgresEventTable.ReadAsync(connection, after, late, Batch, ct);
            foreach (var row in rows) Deliver(row);
            if (rows.Count < Batch) break;
            after = rows[^1].Id;
            late = [];
        }
        delivered.RemoveWhere(id => id <= lastSeen - LateCommitReach);
    }

    private void Deliver(StoredEvent row)
    {
        if (!delivered.Add(row.Id)) return;
        lastSeen = Math.Max(lastSeen, row.Id);
        if (PortalEventTypes.TypeOf(row.Type) is not { } type)
        {
            logger.LogDebug("Skipped event {EventId} of unknown type {EventType} (a newer instance's)", row.Id, row.Type);
            return;
        }
        try
        {
            if (JsonSerializer.Deserialize(row.Payload, type) is IPortalEvent portalEvent) subscribers.Deliver(portalEvent);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Skipped event {EventId}: its payload does not read as {EventType}", row.Id, row.Type);
        }
    }

    private async Task PruneWhenDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < nextPrune) return;
        nextPrune = now + O.PruneEvery;
        try
        {
            var pruned = await table.PruneAsync(now - O.Retention, ct);
            if (pruned > 0) logger.LogDebug("Pruned {Count} events older than {Retention}", pruned, O.Retention);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Pruning old events failed; the next try is in {Every}", O.PruneEvery);
        }
    }
}
