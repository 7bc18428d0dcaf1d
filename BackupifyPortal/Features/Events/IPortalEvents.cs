namespace BackupifyPortal.Features.Events;

/// <summary>An event about one person, for the live circuits that watch that person (on any instance).</summary>
public interface IPortalEvent
{
    string UserId { get; }
}

/// <summary>
/// The one bus for cross-circuit notices. A publish reaches every subscriber of that person and event type on every
/// instance; each subscriber gets its events in order, on the thread pool, so neither the publisher nor the other
/// subscribers wait for a slow one. Subscribers move onto their circuit with InvokeAsync; disposing stops delivery.
/// </summary>
public interface IPortalEvents
{
    Task PublishAsync<TEvent>(TEvent portalEvent, CancellationToken ct = default) where TEvent : class, IPortalEvent;

    IDisposable Subscribe<TEvent>(string userId, Func<TEvent, Task> handler) where TEvent : class, IPortalEvent;
}
