using System.Collections.Concurrent;

namespace BackupifyPortal.Features.Support;

/// <summary>
/// Pushes a customer's current setup step to the support agents watching them (cross-circuit, in process).
/// Subscribers update their UI through InvokeAsync; disposing the subscription stops the pushes.
/// The last step per person is kept for an hour, so an agent who looks up mid-setup sees it at once.
/// </summary>
public sealed class SetupProgressNotifier(TimeProvider clock, ILogger<SetupProgressNotifier> logger)
{
    private static readonly TimeSpan KeepLastStep = TimeSpan.FromHours(1);
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<Subscription>> subscriptions = [];
    private readonly ConcurrentDictionary<string, (string Step, DateTimeOffset At)> lastSteps = new();

    public void Publish(string userId, string step)
    {
        lastSteps[userId] = (step, clock.GetUtcNow());
        Subscription[] targets;
        lock (gate) targets = subscriptions.TryGetValue(userId, out var list) ? [.. list] : [];
        foreach (var target in targets) _ = DeliverAsync(target, step);
    }

    public string? LastStep(string userId) =>
        lastSteps.TryGetValue(userId, out var last) && clock.GetUtcNow() - last.At < KeepLastStep ? last.Step : null;

    public IDisposable Subscribe(string userId, Func<string, Task> onStep)
    {
        var subscription = new Subscription(this, userId, onStep);
        lock (gate)
        {
            if (!subscriptions.TryGetValue(userId, out var list)) subscriptions[userId] = list = [];
            list.Add(subscription);
        }
        return subscription;
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (gate)
        {
            if (!subscriptions.TryGetValue(subscription.UserId, out var list)) return;
            list.Remove(subscription);
            if (list.Count == 0) subscriptions.Remove(subscription.UserId);
        }
    }

    // One slow or broken subscriber must neither block the publisher nor stop the others.
    private async Task DeliverAsync(Subscription target, string step)
    {
        try { await target.OnStep(step); }
        catch (Exception ex) { logger.LogWarning(ex, "Setup progress subscriber failed"); }
    }

    private sealed class Subscription(SetupProgressNotifier owner, string userId, Func<string, Task> onStep) : IDisposable
    {
        public string UserId => userId;
        public Func<string, Task> OnStep => onStep;
        public void Dispose() => owner.Unsubscribe(this);
    }
}
