namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// A per-person signal from any service to the live circuits that watch that person. Subscriptions are
/// disposable; a circuit drops its own on dispose, so nothing outlives the circuit.
/// </summary>
public abstract class PersonNotifier
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<Func<Task>>> listeners = [];

    public IDisposable Subscribe(string userId, Func<Task> onSignal)
    {
        lock (gate)
        {
            if (!listeners.TryGetValue(userId, out var list)) listeners[userId] = list = [];
            list.Add(onSignal);
        }
        return new Subscription(() =>
        {
            lock (gate)
            {
                if (listeners.TryGetValue(userId, out var list) && list.Remove(onSignal) && list.Count == 0) listeners.Remove(userId);
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

/// <summary>Some of a person's sessions were ended: circuits re-check their own session now.</summary>
public sealed class SessionRevocations : PersonNotifier;

/// <summary>A person's security stamp was rotated (a 2FA or password change).</summary>
public sealed class SecurityStampRotations : PersonNotifier;
