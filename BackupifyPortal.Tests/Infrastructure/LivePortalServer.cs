using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>The app on real Kestrel at a free 127.0.0.1 port, for a real browser (the in-memory TestServer has no socket).</summary>
public sealed class LivePortalServer : PortalAppFactory
{
    // Every browser test signs in from 127.0.0.1, so the per-address /account limit is raised for this server only.
    public LivePortalServer(string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
        : base(environment: environment, settings: new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["SignIn:AccountRequestsPerMinute"] = "1000" })
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.Single().TrimEnd('/');
    }

    /// <summary>For example http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; }

    public string Url(string path) => BaseUrl + path;
}
