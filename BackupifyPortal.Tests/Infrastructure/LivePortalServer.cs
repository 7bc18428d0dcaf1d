using System.Net;
using BackupifyPortal.CircuitClient.Loopback;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>The app on real Kestrel at a free 127.0.0.1 port, for a real browser (the in-memory TestServer has no socket).</summary>
public sealed class LivePortalServer : PortalAppFactory
{
    // Every browser test signs in from 127.0.0.1, so the per-address /account limit is raised for this server only.
    // Browser tests wait out the resend cooldown in real time, so it is 5 s here (the 30 s rule: PhoneCodeServiceTests, fake clock).
    public LivePortalServer(string environment = "Development", Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
        : this(environment, clock, settings, FreeLoopbackPorts.One()) { }

    // Passkeys need a host name (WebAuthn refuses IP addresses): http://localhost:port is this server's one passkey origin.
    private LivePortalServer(string environment, Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock, IReadOnlyDictionary<string, string?>? settings, int port)
        : base(environment: environment, clock: clock, settings: LiveSettings(settings, port))
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

    // The caller's settings win over the live server's defaults.
    private static Dictionary<string, string?> LiveSettings(IReadOnlyDictionary<string, string?>? settings, int port)
    {
        var all = new Dictionary<string, string?>
        {
            ["SignIn:AccountRequestsPerMinute"] = "1000",
            ["Phone:SendCooldown"] = "00:00:05",
            ["Passkeys:RelyingPartyId"] = "localhost",
            ["Passkeys:Origins:0"] = $"http://localhost:{port}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return all;
    }
}
