namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Tells live circuits at once that some of a person's sessions were ended, so they re-check
/// their own session now instead of at the next revalidation tick.
/// </summary>
public sealed class SessionRevocations
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<Func<Task>>> listeners = [];

    public IDisposable Subscribe(string userId, Func<Task> onRevoked)
    {
        lock (gate)
        {
            if (!listeners.TryGetValue(userId, out var list)) listeners[userId] = list = [];
            list.Add(onRevoked);
        }
        return new Subscription(() =>
        {
            lock (gate)
            {
                if (listeners.TryGetValue(userId, out var list) && list.Remove(onRevoked) && list.Count == 0) listeners.Remove(userId);
            }
        });
    }

    public void Notify(string userId)
    {
        Func<Task>[] targets;
        lock (gate) targets = listeners.TryGetValue(userId, out var list) ? [.. list] : [];
        foreach (var target in targets) _ = target();
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int disposed;
        public void Dispose() { if (Interlocked.Exchange(ref disposed, 1) == 0) dispose(); }
    }
}
