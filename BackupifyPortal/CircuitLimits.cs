using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.SignalR;

namespace BackupifyPortal;

/// <summary>
/// The Blazor circuit and its SignalR hub, with every limit written down instead of left to framework defaults:
/// an oversized or flooding client is disconnected on its own, and other circuits are unaffected.
/// </summary>
public static class CircuitLimits
{
    /// <summary>Room for a 10,000-character value of multi-byte text in one event; anything larger ends that connection.</summary>
    public const long MaximumReceiveMessageSize = 64 * 1024;

    public static void ConfigureCircuit(CircuitOptions options)
    {
        options.DetailedErrors = false; // never send exception details to the browser
        options.DisconnectedCircuitMaxRetained = 100;
        options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
        options.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(30);
        options.MaxBufferedUnacknowledgedRenderBatches = 10;
    }

    public static void ConfigureHub(HubOptions options)
    {
        options.MaximumReceiveMessageSize = MaximumReceiveMessageSize;
        options.MaximumParallelInvocationsPerClient = 1;
        options.EnableDetailedErrors = false;
        options.HandshakeTimeout = TimeSpan.FromSeconds(15);
        options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        options.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
        options.StreamBufferCapacity = 10;
    }
}
