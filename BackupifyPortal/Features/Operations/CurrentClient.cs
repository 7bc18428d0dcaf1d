namespace BackupifyPortal.Features.Operations;

/// <summary>
/// The <see cref="ClientContext"/> of the request or circuit event being served, for singleton services (as
/// IHttpContextAccessor is for HttpContext). Set per request by the pipeline and per inbound circuit event by
/// <see cref="ClientCircuitHandler"/>; background work sees none.
/// </summary>
public sealed class CurrentClient
{
    private static readonly AsyncLocal<ClientContext?> Current = new();

    /// <summary>The address of the client being served; null outside a request or circuit event.</summary>
    public string? Address => Current.Value?.Address;

    /// <summary>The client being served now, to serve again later with <see cref="Enter"/> (an event subscriber's own circuit).</summary>
    public static ClientContext? Context => Current.Value;

    /// <summary>Serves <paramref name="client"/> for the rest of the calling async flow (a request, a circuit event); null serves none.</summary>
    public static void Enter(ClientContext? client) => Current.Value = client;
}
