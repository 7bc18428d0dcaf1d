using System.Collections.Concurrent;
using System.Diagnostics;
using BackupifyPortal.Features.Events;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.Support;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackupifyPortal.Tests.Events;

/// <summary>The single-instance bus: per-person delivery, in order, and no subscriber holds up the publisher or the others.</summary>
public class InProcessEventBusTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly EventSubscribers subscribers = new(NullLogger<EventSubscribers>.Instance);
    private IPortalEvents Bus => new InProcessEvents(subscribers);

    [Fact]
    public async Task Publish_ReachesThatPersonsSubscribersOfThatType_InOrder_UntilDisposed()
    {
        var seen = new ConcurrentQueue<string>();
        var subscription = Bus.Subscribe<SetupStepShown>("u1", e => { seen.Enqueue(e.Step); return Task.CompletedTask; });
        using var otherPerson = Bus.Subscribe<SetupStepShown>("u2", e => { seen.Enqueue("u2 " + e.Step); return Task.CompletedTask; });
        using var otherType = Bus.Subscribe<PersonSessionsEnded>("u1", _ => { seen.Enqueue("ended"); return Task.CompletedTask; });

        for (var i = 1; i <= 50; i++) await Bus.PublishAsync(new SetupStepShown("u1", $"step {i}"));
        await subscribers.DrainAsync();
        subscription.Dispose();
        await Bus.PublishAsync(new SetupStepShown("u1", "after dispose"));
        await subscribers.DrainAsync();

        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"step {i}"), seen);
    }

    [Fact]
    public async Task SlowOrFailingSubscriber_HoldsUpNeitherThePublisherNorTheOthers()
    {
        using var release = new ManualResetEventSlim();
        var fast = new ConcurrentQueue<string>();
        // Blocks its thread outright, as a careless handler would; the publisher and the fast subscriber must not notice.
        using var slow = Bus.Subscribe<SetupStepShown>("u1", _ => { release.Wait(TimeSpan.FromSeconds(5)); return Task.CompletedTask; });
        using var failing = Bus.Subscribe<SetupStepShown>("u1", _ => throw new InvalidOperationException("broken subscriber"));
        using var quick = Bus.Subscribe<SetupStepShown>("u1", e => { fast.Enqueue(e.Step); return Task.CompletedTask; });

        var publishing = Stopwatch.StartNew();
        foreach (var step in new[] { "one", "two", "three" }) await Bus.PublishAsync(new SetupStepShown("u1", step));
        publishing.Stop();
        var deadline = Stopwatch.StartNew();
        while (fast.Count < 3 && deadline.Elapsed < Wait) await Task.Delay(10);
        release.Set();

        Assert.True(publishing.Elapsed < TimeSpan.FromSeconds(1), $"publishing took {publishing.Elapsed}");
        Assert.Equal(["one", "two", "three"], fast);
    }

    [Fact]
    public async Task Subscriber_RunsAsTheClientThatSubscribed_NeverAsThePublisher()
    {
        // Circuit B (198.51.100.2) watches the person; circuit A (203.0.113.1) raises the notice. Whatever B's handler
        // writes (an audit row, a limiter key) must carry B's address, never A's.
        var client = new BackupifyPortal.Features.Operations.CurrentClient();
        var seen = new ConcurrentQueue<string>();
        TestClient.Enter("198.51.100.2");
        using var watching = Bus.Subscribe<PersonStampRotated>("u1", _ => { seen.Enqueue(client.Address ?? "(none)"); return Task.CompletedTask; });

        TestClient.Enter("203.0.113.1");
        await Bus.PublishAsync(new PersonStampRotated("u1"));
        await subscribers.DrainAsync();
        TestClient.Enter(null);
        subscribers.Deliver(new PersonStampRotated("u1")); // from background work (the PostgreSQL listener): still B
        await subscribers.DrainAsync();

        Assert.Equal(["198.51.100.2", "198.51.100.2"], seen);
    }

    [Fact]
    public async Task EventMissingFromTheCatalogue_IsRefusedAtPublish()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Bus.PublishAsync(new Uncatalogued("u1")));
    }

    private sealed record Uncatalogued(string UserId) : IPortalEvent;
}
