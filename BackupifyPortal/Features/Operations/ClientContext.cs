using System.Net;

namespace BackupifyPortal.Features.Operations;

/// <summary>
/// The client of one HTTP request or one Blazor circuit, read once: its address after <c>UseForwardedHeaders</c> has
/// applied a trusted proxy's X-Forwarded-For (ForwardedHeaders:KnownProxies / KnownNetworks), and only then.
/// A request fills it as it enters the pipeline (<see cref="ClientContextSetup.UseClientContext"/>); a circuit fills it
/// as it starts, from the circuit's own connection (<see cref="ClientCircuitHandler"/>), never from the page's persisted
/// state, which a browser can replay. Background work has no client: its address is null.
/// </summary>
public sealed class ClientContext
{
    /// <summary>The client's address; null in background work or when the connection had none.</summary>
    public string? Address { get; private set; }

    public bool IsSet { get; private set; }

    /// <summary>The first call wins: a request's or a circuit's client never changes afterwards.</summary>
    public void Set(IPAddress? address) => Set(address?.ToString());

    /// <inheritdoc cref="Set(IPAddress?)"/>
    public void Set(string? address)
    {
        if (IsSet) return;
        Address = address;
        IsSet = true;
    }
}
