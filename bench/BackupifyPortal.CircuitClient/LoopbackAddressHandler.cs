using System.Net;
using System.Net.Sockets;

namespace BackupifyPortal.CircuitClient;

/// <summary>HTTP handlers whose connections leave from a chosen loopback address, so one process can be many clients.</summary>
public static class LoopbackAddressHandler
{
    public static SocketsHttpHandler Create(IPAddress source, CookieContainer cookies) => new()
    {
        CookieContainer = cookies,
        UseCookies = true,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>The n-th loopback address after 127.0.0.1 (n = 0 → 127.0.0.2, then .3 …, 127.0.1.1 …), octets never 0 or 255 at the end.</summary>
    public static IPAddress Nth(int n)
    {
        var value = n + 1;
        return new IPAddress([127, (byte)(value / (254 * 254) % 254), (byte)(value / 254 % 254), (byte)(value % 254 + 1)]);
    }
}
