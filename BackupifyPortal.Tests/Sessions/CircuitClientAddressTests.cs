using System.Net;
using BackupifyPortal.CircuitClient;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Sessions;

/// <summary>
/// Issue 14: a circuit's client address is read once, as the circuit starts, from its own connection after the forwarded
/// headers of a trusted proxy are applied (Features/Operations/ClientContext), and never from the page's persisted
/// component state, which a browser can replay. Each sign-in is Log In's form post and each settings change a real circuit,
/// on a live server (BackupifyPortal.CircuitClient); the address is read back from the audit row they wrote.
/// </summary>
public sealed class CircuitClientAddressTests(CircuitClientAddressTests.ProxiedServer fixture) : IClassFixture<CircuitClientAddressTests.ProxiedServer>
{
    /// <summary>One live server that trusts one proxy address (loopback addresses of their own: the caps count per address).</summary>
    public sealed class ProxiedServer : IDisposable
    {
        public static readonly IPAddress Proxy = LoopbackAddressHandler.Nth(60);
        public static readonly IPAddress Stranger = LoopbackAddressHandler.Nth(61);

        public LivePortalServer Server { get; } = new(settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies"] = Proxy.ToString() });

        public void Dispose() => Server.Dispose();
    }

    private const string Forged = "203.0.113.66";
    private const string ProxiedClient = "198.51.100.23";
    private readonly LivePortalServer server = fixture.Server;
    private Uri Base => new(server.BaseUrl + "/");

    [Fact]
    public async Task ForwardedFor_FromASenderNoProxyListNames_IsIgnored_TheAuditShowsTheSender()
    {
        var email = await FreshPeople.CreateAsync(server, "Una Untrusted", AccountKind.BackupifyClassic);
        using var login = await LoginPage.OpenAsync(Base, ProxiedServer.Stranger, forwardedFor: Forged);

        await SignInAsync(login, email);

        Assert.Equal(ProxiedServer.Stranger.ToString(), await AuditedAddressAsync(email));
    }

    [Fact]
    public async Task ForwardedFor_FromTheTrustedProxy_IsTheAuditedAddress()
    {
        var email = await FreshPeople.CreateAsync(server, "Tom Trusted", AccountKind.BackupifyClassic);
        using var login = await LoginPage.OpenAsync(Base, ProxiedServer.Proxy, forwardedFor: ProxiedClient);

        await SignInAsync(login, email);

        Assert.Equal(ProxiedClient, await AuditedAddressAsync(email));
    }

    [Fact]
    public async Task PersistedStateReplayedFromAnotherAddress_DoesNotChangeTheAuditedAddress()
    {
        var email = await FreshPeople.CreateAsync(server, "Rae Replay", AccountKind.BackupifyClassic);
        using (var elsewhere = await LoginPage.OpenAsync(Base, ProxiedServer.Stranger))
            await SignInAsync(elsewhere, email); // the other session that "Sign out other sessions" ends
        using var login = await LoginPage.OpenAsync(Base, ProxiedServer.Stranger);
        var settingsPath = await SignInAsync(login, email);
        // The page as rendered for another client (through the proxy): its persisted state is what gets replayed.
        string replayed;
        using (var proxied = new HttpClient(LoopbackAddressHandler.Create(ProxiedServer.Proxy, login.Cookies)) { BaseAddress = Base })
        {
            proxied.DefaultRequestHeaders.Add(CircuitClient.CircuitClient.ForwardedForHeader, ProxiedClient);
            replayed = ComponentMarkers.Parse(await proxied.GetStringAsync(settingsPath)).ApplicationState;
        }
        Assert.False(string.IsNullOrEmpty(replayed));

        await using var settings = await CircuitClient.CircuitClient.OpenAsync(Base, settingsPath, ProxiedServer.Stranger, cookies: login.Cookies, replayedState: replayed);

        Assert.Equal(ProxiedServer.Stranger.ToString(), await SignOutOtherSessionsAsync(settings, email));
    }

    [Fact]
    public async Task ASettingsChangeThroughACircuit_IsAuditedWithTheCircuitsClientAddress()
    {
        var email = await FreshPeople.CreateAsync(server, "Seth Settings", AccountKind.BackupifyClassic);
        using (var elsewhere = await LoginPage.OpenAsync(Base, ProxiedServer.Stranger))
            await SignInAsync(elsewhere, email); // the other session that "Sign out other sessions" ends
        using var login = await LoginPage.OpenAsync(Base, ProxiedServer.Proxy, forwardedFor: ProxiedClient);
        var settingsPath = await SignInAsync(login, email);

        await using var settings = await CircuitClient.CircuitClient.OpenAsync(Base, settingsPath, ProxiedServer.Proxy, cookies: login.Cookies, forwardedFor: ProxiedClient);

        Assert.Equal(ProxiedClient, await SignOutOtherSessionsAsync(settings, email));
    }

    /// <summary>Signs in on Log In (a person with no second factor lands at once); returns their User Settings path.</summary>
    private static async Task<string> SignInAsync(LoginPage login, string email)
    {
        var report = await PortalSignIn.PasswordAsync(login, email, DemoPeople.Password);
        Assert.True(report.Outcome == SignInOutcome.SignedIn, $"{report.Outcome}: {report.Message}");
        return System.Text.RegularExpressions.Regex.Replace(report.Message, "^(/(?:backupify|partner)/[0-9a-fA-F-]+)(/.*)?$", "$1/settings");
    }

    /// <summary>Clicks "Sign out other sessions" in the settings circuit; the address on the audit row it wrote.</summary>
    private async Task<string?> SignOutOtherSessionsAsync(CircuitClient.CircuitClient settings, string email)
    {
        await settings.WaitForAsync(_ => settings.FindButton("Sign out other sessions") is { } b && !b.Attributes.ContainsKey("disabled"), TimeSpan.FromSeconds(60));
        await settings.ClickAsync("Sign out other sessions");

        await using var db = await server.CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        string? audited = null;
        for (var i = 0; i < 100 && audited is null; i++, await Task.Delay(100))
            audited = await db.AuditEvents.Where(e => e.UserId == userId && e.Type == AuditEventTypes.SessionsEnded).Select(e => e.IpAddress ?? "(none)").FirstOrDefaultAsync();
        return audited;
    }

    /// <summary>The address on the row the sign-in wrote (a person with no second factor signs in at once).</summary>
    private async Task<string?> AuditedAddressAsync(string email)
    {
        await using var db = await server.CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.AuditEvents.Where(e => e.UserId == userId && e.Type == AuditEventTypes.SignInSucceeded).Select(e => e.IpAddress).SingleAsync();
    }
}
