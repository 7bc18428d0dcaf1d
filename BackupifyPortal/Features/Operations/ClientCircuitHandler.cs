using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BackupifyPortal.Features.Operations;

/// <summary>
/// Fills the circuit's <see cref="ClientContext"/> once, as the circuit starts, with the address of the connection that
/// started it (that request passed UseForwardedHeaders), and serves every inbound event with it. Reconnections and the
/// page's persisted state change nothing: the circuit keeps the address it started with.
/// </summary>
public sealed class ClientCircuitHandler : CircuitHandler
{
    private readonly ClientContext client;

    // Made while the hub's StartCircuit call creates the circuit's scope, so the accessor holds the starting connection's request.
    public ClientCircuitHandler(ClientContext client, IHttpContextAccessor accessor)
    {
        this.client = client;
        client.Set(accessor.HttpContext?.Connection.RemoteIpAddress);
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            CurrentClient.Enter(client); // async lambda: the value ends with this event
            await next(context);
        };
}
