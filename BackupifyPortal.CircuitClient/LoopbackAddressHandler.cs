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
        // An idle page keeps only its WebSocket, as a browser closes idle keep-alive connections (thousands of idle circuits, one socket each).
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
        // The connect callback below binds a loopback source, so a connection can only reach a server on this machine:
        // the bench's own portal with its throw-away self-signed certificate.
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                if (socket.RemoteEndPoint is not IPEndPoint { Address: var remote } || !IPAddress.IsLoopback(remote))
                    throw new HttpRequestException($"{context.DnsEndPoint.Host} is not on this machine: this client talks to loopback only");
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
