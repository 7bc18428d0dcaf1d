using System.Collections.Concurrent;
using System.Security.Claims;
using BackupifyPortal.Features.SignIn;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Operations;

/// <summary>
/// A filter on the circuit hub: caps live connections per client address and hub messages per connection (section
/// "Circuits"), and counts only what a person does (events, navigation, calls from the page's scripts) as session
/// activity. Render acknowledgements and interop replies arrive on their own from an idle tab, so they keep no one signed in.
/// </summary>
public sealed class CircuitGuard(IOptions<CircuitGuardOptions> options, SessionManager sessions, TimeProvider clock, ILogger<CircuitGuard> logger) : IHubFilter
{
    private const string AddressKey = "bp.circuit.address";
    private const string WindowKey = "bp.circuit.window";
    private const string ActivityKey = "bp.circuit.activity";
    private static readonly TimeSpan ActivityWriteEvery = TimeSpan.FromMinutes(1);
    /// <summary>Hub methods a person's own action sends; every other one (OnRenderCompleted, EndInvokeJSFromDotNet, …) is no activity.</summary>
    public static readonly IReadOnlySet<string> PersonActions = new HashSet<string>(StringComparer.Ordinal)
        { "DispatchBrowserEvent", "OnLocationChanged", "OnLocationChanging", "BeginInvokeDotNetFromJS" };

    // Live connections exist only in this process, so their count per address lives here too.
    private readonly ConcurrentDictionary<string, int> connectionsPerAddress = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var address = context.Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (connectionsPerAddress.AddOrUpdate(address, 1, (_, n) => n + 1) > options.Value.MaxConnectionsPerAddress)
        {
            Release(address); // a refused connection never reaches OnDisconnectedAsync
            logger.LogWarning("Circuit connection refused: more than {Max} from one address", options.Value.MaxConnectionsPerAddress);
            throw new HubException("Too many open pages from this address.");
        }
        context.Context.Items[AddressKey] = address;
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.Items.Remove(AddressKey, out var address) && address is string known) Release(known);
        await next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocation.Context;
        var now = clock.GetUtcNow();
        // One invocation at a time per connection (MaximumParallelInvocationsPerClient = 1), so Items needs no lock.
        var window = context.Items.TryGetValue(WindowKey, out var w) && w is EventWindow open && now - open.Start < TimeSpan.FromMinutes(1)
            ? open with { Count = open.Count + 1 } : new EventWindow(now, 1);
        context.Items[WindowKey] = window;
        if (window.Count > options.Value.MaxEventsPerMinute)
        {
            logger.LogWarning("Circuit connection closed: more than {Max} messages in a minute", options.Value.MaxEventsPerMinute);
            context.Abort();
            return null;
        }
        if (PersonActions.Contains(invocation.HubMethodName)) await NoteActivityAsync(context, now);
        return await next(invocation);
    }

    // At most one database write a minute per connection.
    private async Task NoteActivityAsync(HubCallerContext context, DateTimeOffset now)
    {
        if (context.Items.TryGetValue(ActivityKey, out var last) && last is DateTimeOffset at && now - at < ActivityWriteEvery) return;
        context.Items[ActivityKey] = now;
        if (context.User?.FindFirstValue(DatabaseTicketStore.SessionIdClaim) is { } sessionId) await sessions.ExtendAsync(sessionId);
    }

    private void Release(string address)
    {
        if (connectionsPerAddress.AddOrUpdate(address, 0, (_, n) => Math.Max(0, n - 1)) == 0) connectionsPerAddress.TryRemove(KeyValuePair.Create(address, 0));
    }

    private sealed record EventWindow(DateTimeOffset Start, int Count);
}
