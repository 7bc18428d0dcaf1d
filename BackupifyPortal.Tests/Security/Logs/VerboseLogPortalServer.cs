using System.Net;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupifyPortal.Tests.Security.Logs;

/// <summary>
/// A live portal (Kestrel on a free 127.0.0.1 port, like LivePortalServer) whose capturing logger takes everything
/// the app writes (BackupifyPortal.* at Trace) and the framework at Information (requests, EF commands, circuits),
/// with a short 2FA lockout and resend cooldown so a scripted session can pass through them.
/// </summary>
public sealed class VerboseLogPortalServer : PortalAppFactory
{
    public VerboseLogPortalServer()
        : base(settings: new Dictionary<string, string?>
        {
            ["SignIn:AccountRequestsPerMinute"] = "1000",
            ["TwoFactor:LockoutDuration"] = "00:00:03",
            ["Phone:SendCooldown"] = "00:00:01",
        })
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }

    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Provider-specific rules beat the app's appsettings levels; the later rule for the same category wins.
        builder.ConfigureLogging(logging => logging
            .AddFilter<CapturingLoggerProvider>("BackupifyPortal", LogLevel.Trace)
            .AddFilter<CapturingLoggerProvider>("Microsoft", LogLevel.Information));
    }
}
