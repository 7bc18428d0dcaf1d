using System.Net;
using System.Net.Sockets;

namespace BackupifyPortal.CircuitClient.Loopback;

/// <summary>Ports on 127.0.0.1 that nothing listens on right now, for a server about to start there.</summary>
public static class FreeLoopbackPorts
{
    public static int One() => Take(1)[0];

    /// <summary>Several at once: all held open together, so no two are the same.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally { listeners.ForEach(l => l.Stop()); }
    }
}
