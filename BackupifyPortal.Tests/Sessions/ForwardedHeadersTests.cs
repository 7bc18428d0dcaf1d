using System.Net;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.SignIn;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Sessions;

/// <summary>
/// X-Forwarded-For is believed only from a configured proxy (ForwardedHeaders:KnownProxies / KnownNetworks): a forged
/// header from anyone else changes nothing, so the session list and the audit log show the real address.
/// </summary>
public class ForwardedHeadersTests
{
    private const string Sender = "192.0.2.10";
    private const string Forged = "203.0.113.99";

    [Fact]
    public async Task ForgedForwardedFor_FromAnAddressNoProxyListNames_IsIgnored()
    {
        await using var app = new AppBehindSender(settings: null);

        var (session, audited) = await SignInAndOutAsync(app);

        Assert.Equal(Sender, session);
        Assert.Equal(Sender, audited);
    }

    [Fact]
    public async Task ForgedForwardedFor_FromAnAddressOutsideTheConfiguredProxies_IsIgnored()
    {
        // A proxy and a network are trusted, but the sender is neither (a client reaching the instance around the proxy).
        await using var app = new AppBehindSender(new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies"] = "192.0.2.1",
            ["ForwardedHeaders:KnownNetworks"] = "198.51.100.0/24",
        });

        var (session, audited) = await SignInAndOutAsync(app);

        Assert.Equal(Sender, session);
        Assert.Equal(Sender, audited);
    }

    [Fact]
    public async Task ForwardedFor_FromAConfiguredProxy_IsTheClientAddress()
    {
        await using var app = new AppBehindSender(new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies"] = Sender });

        var (session, audited) = await SignInAndOutAsync(app);

        Assert.Equal(Forged, session);
        Assert.Equal(Forged, audited);
    }

    [Fact]
    public async Task ForwardedFor_FromAConfiguredNetwork_IsTheClientAddress()
    {
        await using var app = new AppBehindSender(new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks"] = "192.0.2.0/24" });

        var (session, _) = await SignInAndOutAsync(app);

        Assert.Equal(Forged, session);
    }

    [Fact]
    public void KnownProxies_AsAJsonList_AreEachTrusted_AndNothingElse()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "192.0.2.10",
            ["ForwardedHeaders:KnownProxies:1"] = "192.0.2.11",
        }).Build();

        var options = new ServiceCollection().AddTrustedProxies(config).BuildServiceProvider()
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Equal([IPAddress.Parse("192.0.2.10"), IPAddress.Parse("192.0.2.11")], options.KnownProxies);
        Assert.Empty(options.KnownIPNetworks);
    }

    [Fact]
    public void NoProxyConfigured_ForwardsNothing()
    {
        var config = new ConfigurationBuilder().Build();

        var options = new ServiceCollection().AddTrustedProxies(config).BuildServiceProvider()
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Equal(ForwardedHeaders.None, options.ForwardedHeaders);
    }

    /// <summary>Signs in and out with an X-Forwarded-For header; returns the address the session row and the sign-out audit recorded.</summary>
    private static async Task<(string? Session, string? Audited)> SignInAndOutAsync(PortalAppFactory app)
    {
        var email = await FreshPeople.CreateAsync(app, "Fran Forward", AccountKind.BackupifyClassic);
        using var browser = TestBrowser.Open(app);
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", Forged);
        using (await browser.PostTicketAsync(await HttpSignIn.IssueTicketAsync(app, email, browser.BindingHash))) { }
        var userId = await HttpSignIn.UserIdAsync(app, email);
        await using var db = await app.CreateDbContextAsync();
        // What the Sessions panel shows for this browser (the row ends at Sign Out).
        var session = await db.AuthSessions.Where(s => s.UserId == userId).Select(s => s.IpAddress).SingleAsync();
        // One account: the chooser forwards to it, and its page holds the Sign Out form.
        using var chooser = await browser.Client.GetAsync("/accounts");
        var html = await browser.Client.GetStringAsync(chooser.Headers.Location?.OriginalString ?? "/accounts");
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using (await browser.Client.PostAsync("/account/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]))) { }

        var audited = await db.AuditEvents.Where(e => e.UserId == userId && e.Type == AuditEventTypes.SignedOut).Select(e => e.IpAddress).SingleAsync();
        return (session, audited);
    }

    /// <summary>The app as seen from <see cref="Sender"/>: the test server has no socket, so the connection's address is set first.</summary>
    private sealed class AppBehindSender(IReadOnlyDictionary<string, string?>? settings) : PortalAppFactory(settings: settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, SenderAddress>());
        }
    }

    private sealed class SenderAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextStep) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(Sender);
                return nextStep(context);
            });
            next(app);
        };
    }
}
