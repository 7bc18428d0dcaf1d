using BackupifyPortal.Features.Operations;

namespace BackupifyPortal.Features.Events;

/// <summary>
/// This instance's subscriptions, by event type and person. Each subscription runs its events one after another on
/// the thread pool (its own queue), so a slow or failing subscriber delays only itself; a subscriber that falls
/// <see cref="MaxPending"/> events behind drops the newest until it catches up (notices are hints to re-check).
/// A handler runs as the client that subscribed (its own circuit's <see cref="CurrentClient"/>), never as the publisher:
/// nothing of the publisher's async flow reaches it, so what it writes carries its own address.
/// </summary>
public sealed class EventSubscribers(ILogger<EventSubscribers> logger)
{
    public const int MaxPending = 100;
    private readonly Lock gate = new();
    private ILogger Logger => logger;
    private readonly Dictionary<(Type Type, string UserId), List<Subscription>> subscriptions = [];

    public IDisposable Add<TEvent>(string userId, Func<TEvent, Task> handler) where TEvent : class, IPortalEvent
    {
        var subscription = new Subscription(this, (typeof(TEvent), userId), e => handler((TEvent)e));
        lock (gate)
        {
            if (!subscriptions.TryGetValue(subscription.Key, out var list)) subscriptions[subscription.Key] = list = [];
            list.Add(subscription);
        }
        return subscription;
    }

    /// <summary>Queues the event for every local subscriber of its type and person, and returns at once.</summary>
    public void Deliver(IPortalEvent portalEvent)
    {
        Subscription[] targets;
        lock (gate) targets = subscriptions.TryGetValue((portalEvent.GetType(), portalEvent.UserId), out var list) ? [.. list] : [];
        foreach (var target in targets) target.Enqueue(portalEvent);
    }

    /// <summary>Completes when every event queued so far has been handled (shutdown lets notices in flight finish).</summary>
    public Task DrainAsync()
    {
        Subscription[] all;
        lock (gate) all = [.. subscriptions.Values.SelectMany(list => list)];
        return Task.WhenAll(all.Select(s => s.Tail));
    }

    private void Remove(Subscription subscription)
    {
        lock (gate)
        {
            if (subscriptions.TryGetValue(subscription.Key, out var list) && list.Remove(subscription) && list.Count == 0)
                subscriptions.Remove(subscription.Key);
        }
    }

    private sealed class Subscription(EventSubscribers owner, (Type Type, string UserId) key, Func<IPortalEvent, Task> handler) : IDisposable
    {
        private readonly ClientContext? subscriber = CurrentClient.Context;
        private readonly Lock queueGate = new();
        private Task tail = Task.CompletedTask;
        private int pending;
        private bool disposed;

        public (Type Type, string UserId) Key => key;

        public Task Tail
        {
            get { lock (queueGate) return tail; }
        }

        public void Enqueue(IPortalEvent portalEvent)
        {
            lock (queueGate)
            {
                if (disposed) return;
                if (pending >= MaxPending)
                {
                    owner.Logger.LogWarning("A {EventType} subscriber is {Pending} events behind: this one is dropped", Key.Type.Name, pending);
                    return;
                }
                pending++;
                // ContinueWith on the default scheduler: never inline on the publisher's thread (or its circuit); with the
                // flow suppressed, none of the publisher's async locals (its client address) travel with the event.
                using (ExecutionContext.SuppressFlow())
                    tail = tail.ContinueWith(_ => RunAsync(portalEvent), CancellationToken.None, TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
            }
        }

        private async Task RunAsync(IPortalEvent portalEvent)
        {
            CurrentClient.Enter(subscriber); // async method: the value ends with this event
            try
            {
                if (!disposed) await handler(portalEvent);
            }
            catch (Exception ex)
            {
                owner.Logger.LogWarning(ex, "A {EventType} subscriber failed", Key.Type.Name);
            }
            finally
            {
                lock (queueGate) pending--;
            }
        }

        public void Dispose()
        {
            lock (queueGate)
            {
                if (disposed) return;
                disposed = true;
            }
            owner.Remove(this);
        }
    }
}
