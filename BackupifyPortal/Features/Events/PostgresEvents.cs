using System.Text.Json;

namespace BackupifyPortal.Features.Events;

/// <summary>
/// The bus of several instances: a publish stores the event and NOTIFYs its id; every instance's
/// <see cref="PostgresEventListener"/> (this one's too) reads it back and hands it to its own subscribers.
/// </summary>
public sealed class PostgresEvents(PostgresEventTable table, EventSubscribers subscribers, TimeProvider clock) : IPortalEvents
{
    public Task PublishAsync<TEvent>(TEvent portalEvent, CancellationToken ct = default) where TEvent : class, IPortalEvent =>
        table.AppendAsync(PortalEventTypes.NameOf(typeof(TEvent)), JsonSerializer.Serialize(portalEvent), clock.GetUtcNow(), ct);

    public IDisposable Subscribe<TEvent>(string userId, Func<TEvent, Task> handler) where TEvent : class, IPortalEvent =>
        subscribers.Add(userId, handler);
}
