using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>The app on real Kestrel at a free 127.0.0.1 port, for a real browser (the in-memory TestServer has no socket).</summary>
public sealed class LivePortalServer : PortalAppFactory
{
    public LivePortalServer(string environment = "Development") : this(environment, FreePort()) { }

    // Every browser test signs in from 127.0.0.1, so the per-address /account limit is raised for this server only.
    // Passkeys need a host name (WebAuthn refuses IP addresses): http://localhost:port is this server's one passkey origin.
    private LivePortalServer(string environment, int port)
        : base(environment: environment, settings: new Dictionary<string, string?>
        {
            ["SignIn:AccountRequestsPerMinute"] = "1000",
            ["Passkeys:RelyingPartyId"] = "localhost",
            ["Passkeys:Origins:0"] = $"http://localhost:{port}",
        })
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.Single().TrimEnd('/');
    }

    /// <summary>For example http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; }

    public string Url(string path) => BaseUrl + path;

    /// <summary>The same server as http://localhost:port, the address passkeys work on.</summary>
    public string LocalhostUrl => BaseUrl.Replace("://127.0.0.1:", "://localhost:");

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
