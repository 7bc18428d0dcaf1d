using System.Net;
using BackupifyPortal.CircuitClient;
using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.Support;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Security.Load;

/// <summary>
/// Issue 14: a cap on circuit connections per client address and on messages per connection (section "Circuits"), and
/// render acknowledgements (which an idle tab sends on its own) keep no session alive; a person's own event still does.
/// </summary>
/// Each test comes from loopback addresses of its own, so the three share one live server (caps count per address and per connection).
public sealed class CircuitGuardTests(CircuitGuardTests.GuardedServer fixture) : IClassFixture<CircuitGuardTests.GuardedServer>
{
    public sealed class GuardedServer : IDisposable
    {
        public LivePortalServer Server { get; } = new(clock: PortalAppFactory.NewClock(), settings: new Dictionary<string, string?>
        {
            ["Circuits:MaxConnectionsPerAddress"] = "2",
            ["Circuits:MaxEventsPerMinute"] = "150",
        });

        public void Dispose() => Server.Dispose();
    }

    private readonly LivePortalServer server = fixture.Server;
    // Log In has no circuit; Help is open to anyone and has one.
    private const string AnonymousCircuitPage = "/help/two-factor";
    private Uri Base => new(server.BaseUrl + "/");

    [Fact]
    public async Task ThirdCircuitFromOneAddress_IsRefused_WhileAnotherAddressStillConnects_AndAClosedOneFreesItsPlace()
    {
        var crowded = LoopbackAddressHandler.Nth(31);
        var first = await CircuitClient.CircuitClient.OpenAsync(Base, AnonymousCircuitPage, crowded);
        await using var second = await CircuitClient.CircuitClient.OpenAsync(Base, AnonymousCircuitPage, crowded);

        await Assert.ThrowsAnyAsync<Exception>(async () => { await using var third = await CircuitClient.CircuitClient.OpenAsync(Base, AnonymousCircuitPage, crowded); });
        await using (var elsewhere = await CircuitClient.CircuitClient.OpenAsync(Base, AnonymousCircuitPage, LoopbackAddressHandler.Nth(32))) Assert.Empty(elsewhere.Errors);

        await first.DisposeAsync();
        await WaitUntilAsync(async () =>
        {
            try { await using var again = await CircuitClient.CircuitClient.OpenAsync(Base, AnonymousCircuitPage, crowded); return true; }
            catch (Exception) { return false; }
        });
    }

    [Fact]
    public async Task ConnectionSendingMoreMessagesThanTheMinutesCap_IsClosed()
    {
        // Log In is a static page with no circuit: the flood types into the audit log's Person field instead (the admin,
        // so the support person's one session stays the idle-tab test's).
        var source = LoopbackAddressHandler.Nth(33);
        await using var flooding = await CircuitClient.CircuitClient.OpenAsync(Base, "/admin/audit", source, cookies: await SignedInJarAsync(DemoPeople.Admin, source));

        var closed = false;
        var typed = 0;
        for (var i = 0; i < 200 && !closed; i++)
        {
            try { await flooding.FillAsync("Person", $"flood{i}@demo.test"); typed++; }
            catch (Exception) { closed = true; }
        }

        Assert.True(typed > 0, "the field was never typed into"); // a missing field would close nothing and still end the loop
        Assert.True(closed, "a connection kept sending past the cap");
    }

    [Fact]
    public async Task RenderAcknowledgementsOfAnIdleTab_KeepNoSessionAlive_ButAPersonsClickDoes()
    {
        var source = LoopbackAddressHandler.Nth(34);
        var cookies = await SignedInJarAsync(DemoPeople.Support, source);
        await using var console = await CircuitClient.CircuitClient.OpenAsync(Base, "/support", source, cookies: cookies);
        await console.FillAsync("Customer email", DemoPeople.Direct);
        await console.ClickAsync("Look up");
        await console.WaitForAsync(t => t.TextContent().Contains("Current step"), TimeSpan.FromSeconds(30));
        var sessionId = await SessionIdAsync(DemoPeople.Support);
        var expiresBefore = await ExpiresAtAsync(sessionId);

        // Ten minutes with no one at the keyboard; the customer moves on and the console re-renders (and acknowledges it).
        server.Clock!.Advance(TimeSpan.FromMinutes(10));
        await server.Services.GetRequiredService<SetupProgressNotifier>().PublishAsync(await UserIdAsync(DemoPeople.Direct), "Choose Your Authenticator");
        await console.WaitForAsync(t => t.TextContent().Contains("Current step: Choose Your Authenticator"), TimeSpan.FromSeconds(30));
        await Task.Delay(1500); // the acknowledgement travels after the batch is applied

        Assert.Equal(expiresBefore, await ExpiresAtAsync(sessionId));

        await console.ClickAsync("Look up");
        await WaitUntilAsync(async () => await ExpiresAtAsync(sessionId) > expiresBefore);
    }

    /// <summary>A cookie jar signed in as <paramref name="email"/> from <paramref name="source"/> (ticket redeemed at the hand-off, as portal-auth.js does).</summary>
    private async Task<CookieContainer> SignedInJarAsync(string email, IPAddress source)
    {
        var jar = new CookieContainer();
        using var http = new HttpClient(LoopbackAddressHandler.Create(source, jar)) { BaseAddress = Base };
        using (await http.GetAsync("/login")) { }
        var binding = jar.GetCookies(Base)[BrowserBinding.CookieName]!.Value;
        var ticket = await server.Services.GetRequiredService<ISignInTickets>().IssueAsync(await UserIdAsync(email), BrowserBinding.Hash(binding), "pwd+totp", rememberBrowser: false);
        using var handoff = await http.PostAsync("/account/handoff", new FormUrlEncodedContent([new("ticket", ticket)]));
        Assert.Equal(HttpStatusCode.NoContent, handoff.StatusCode);
        return jar;
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = await server.CreateDbContextAsync();
        return await db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync();
    }

    private async Task<string> SessionIdAsync(string email)
    {
        var userId = await UserIdAsync(email);
        await using var db = await server.CreateDbContextAsync();
        return await db.AuthSessions.Where(s => s.UserId == userId).OrderByDescending(s => s.CreatedAt).Select(s => s.Id).FirstAsync();
    }

    private async Task<DateTimeOffset?> ExpiresAtAsync(string sessionId)
    {
        await using var db = await server.CreateDbContextAsync();
        return await db.AuthSessions.Where(s => s.Id == sessionId).Select(s => s.ExpiresAt).SingleAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var waited = 0; waited < 15_000; waited += 250)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        Assert.Fail("the condition did not hold within 15 s");
    }
}
