namespace BackupifyPortal.Features.Events;

/// <summary>The bus of a single instance (the SQLite default): a publish goes straight to this process's subscribers.</summary>
public sealed class InProcessEvents(EventSubscribers subscribers) : IPortalEvents
{
    public Task PublishAsync<TEvent>(TEvent portalEvent, CancellationToken ct = default) where TEvent : class, IPortalEvent
    {
        PortalEventTypes.NameOf(typeof(TEvent)); // the same catalogue check as the PostgreSQL bus, so a missing entry fails here too
        subscribers.Deliver(portalEvent);
        return Task.CompletedTask;
    }

    public IDisposable Subscribe<TEvent>(string userId, Func<TEvent, Task> handler) where TEvent : class, IPortalEvent =>
        subscribers.Add(userId, handler);
}
