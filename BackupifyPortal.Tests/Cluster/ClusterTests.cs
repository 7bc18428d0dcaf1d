using System.Diagnostics;
using System.Net;
using BackupifyPortal.CircuitClient;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using Client = BackupifyPortal.CircuitClient.CircuitClient;

namespace BackupifyPortal.Tests.Cluster;

/// <summary>
/// Issue 16 item 8: two real instances on one PostgreSQL behind a real nginx, driven as a person's browser is (the
/// protocol-level circuit client: page loads, the /_blazor WebSocket and the sign-in hand-off all through nginx). Each
/// browser is pinned to an instance by its route cookie, and nginx's access log shows which instance served it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests(NginxCluster cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan PageWait = TimeSpan.FromSeconds(30);
    // Far below SignIn:RevalidationInterval (1 minute): only the event bus can carry a notice this fast.
    private static readonly TimeSpan NoticeWait = TimeSpan.FromSeconds(15);

    public Task InitializeAsync() => cluster.EnsureBothRunningAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TwoInstancesStartedAtOnceOnAnEmptyDatabase_EndWithOneSchemaOneKeyRingAndOneSeed()
    {
        await using var db = await cluster.DbAsync();

        Assert.Single(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
        Assert.Equal(DemoPeople.All.Length, await db.Users.CountAsync());
        output.WriteLine($"Both instances started together on the empty database and answered in {cluster.StartTook.TotalSeconds:F1} s.");
    }

    [Fact]
    public async Task SessionMadeOnOneInstance_WorksOnTheOther_ThroughNginxAndDirectly()
    {
        var source = LoopbackAddressHandler.Nth(161);
        var (jar, landedAt) = await SignInAsync(DemoPeople.Partner, instance: 1, source);

        cluster.PinTo(jar, 2);
        await using (var onTwo = await Client.OpenAsync(cluster.Nginx, landedAt, source, cookies: jar))
        {
            await onTwo.WaitForAsync(t => t.TextContent().Contains("Multi-Account Login"), PageWait);
            Assert.Equal(2, await cluster.LastServedAsync(cluster.RouteTo(2), landedAt));
        }
        // And straight at instance 2, no balancer in between.
        await using var direct = await Client.OpenAsync(new Uri(cluster.Instances[1].BaseUrl + "/"), landedAt, source, cookies: jar);
        await direct.WaitForAsync(t => t.TextContent().Contains("Multi-Account Login"), PageWait);
    }

    [Fact]
    public async Task SupportOnInstance2_SeesACustomersStepOnInstance1_Live()
    {
        var (supportJar, _) = await SignInAsync(DemoPeople.Support, instance: 2, LoopbackAddressHandler.Nth(162));
        await using var console = await Client.OpenAsync(cluster.Nginx, "/support", LoopbackAddressHandler.Nth(162), cookies: supportJar);
        await console.WaitForAsync(_ => console.FindInput("Customer email") is not null, PageWait);
        await console.FillAsync("Customer email", DemoPeople.Direct);
        await console.ClickAsync("Look up");
        await console.WaitForAsync(t => t.TextContent().Contains("Current step"), PageWait);
        Assert.DoesNotContain("Setup wizard", console.Text());

        var (customerJar, _) = await SignInAsync(DemoPeople.Direct, instance: 1, LoopbackAddressHandler.Nth(163));
        var clock = Stopwatch.StartNew();
        await using var customer = await Client.OpenAsync(cluster.Nginx, "/setup", LoopbackAddressHandler.Nth(163), cookies: customerJar);
        await customer.WaitForAsync(t => t.TextContent().Contains("Choose method"), PageWait);
        await console.WaitForAsync(t => t.TextContent().Contains("Current step: Setup wizard"), NoticeWait);

        output.WriteLine($"Support's console on instance 2 showed the step {clock.ElapsedMilliseconds} ms after the customer's page was requested on instance 1.");
        // nginx logs a WebSocket when it closes: the page loads that opened these circuits went each to its instance.
        Assert.Equal(1, await cluster.LastServedAsync(cluster.RouteTo(1), "/setup"));
        Assert.Equal(2, await cluster.LastServedAsync(cluster.RouteTo(2), "/support"));
    }

    [Fact]
    public async Task SignOutOtherSessionsOnInstance1_EndsTheCircuitOnInstance2_WithinSeconds()
    {
        var (otherJar, otherLanding) = await SignInAsync(DemoPeople.PartnerClassic, instance: 2, LoopbackAddressHandler.Nth(164));
        await using var other = await Client.OpenAsync(cluster.Nginx, otherLanding, LoopbackAddressHandler.Nth(164), cookies: otherJar);
        await other.WaitForAsync(t => t.TextContent().Contains("Multi-Account Login"), PageWait);

        var (jar, _) = await SignInAsync(DemoPeople.PartnerClassic, instance: 1, LoopbackAddressHandler.Nth(165));
        await using var settings = await Client.OpenAsync(cluster.Nginx, await cluster.SettingsPathAsync(DemoPeople.PartnerClassic), LoopbackAddressHandler.Nth(165), cookies: jar);
        await settings.WaitForAsync(t => t.TextContent().Contains("Sign out other sessions") && settings.FindButton("Sign out other sessions")?.Attributes.ContainsKey("disabled") == false, PageWait);
        var clock = Stopwatch.StartNew();
        await settings.ClickAsync("Sign out other sessions");

        await AssertSentToLogInOnInstance2Async(other, otherLanding, clock, "click");
    }

    [Fact]
    public async Task WrongPasswordsAlternatingBetweenInstances_LockTheAccountAfterFive_OnBoth()
    {
        var source = LoopbackAddressHandler.Nth(166);
        var served = new List<int>();
        var outcomes = new List<SignInOutcome>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var instance = attempt % 2 + 1;
            using var login = await LoginPage.OpenAsync(cluster.Nginx, source, cookies: cluster.BrowserPinnedTo(instance));
            outcomes.Add((await PortalSignIn.PasswordAsync(login, DemoPeople.DirectClassic, $"wrong-{attempt}")).Outcome);
            served.Add(await cluster.LastServedAsync(cluster.RouteTo(instance), "/login"));
        }
        Assert.Equal([2, 1, 2, 1, 2], served); // neither instance saw more than three
        // The fifth failure in all earns the wait: instance 2 saw only its third.
        Assert.Equal([SignInOutcome.PasswordRefused, SignInOutcome.PasswordRefused, SignInOutcome.PasswordRefused, SignInOutcome.PasswordRefused, SignInOutcome.LockedOut], outcomes);

        foreach (var instance in new[] { 1, 2 })
        {
            using var login = await LoginPage.OpenAsync(cluster.Nginx, source, cookies: cluster.BrowserPinnedTo(instance));
            var right = await PortalSignIn.PasswordAsync(login, DemoPeople.DirectClassic, DemoPeople.Password);
            Assert.Equal(SignInOutcome.LockedOut, right.Outcome);
        }
    }

    [Fact]
    public async Task SetupLinksSentAlternatelyFromBothInstances_StopAtTheCapOfThreePerPerson()
    {
        var consoles = new List<Client>();
        try
        {
            foreach (var instance in new[] { 1, 2 })
            {
                var source = LoopbackAddressHandler.Nth(167 + instance);
                var (jar, _) = await SignInAsync(DemoPeople.Support, instance, source);
                var console = await Client.OpenAsync(cluster.Nginx, "/support", source, cookies: jar);
                consoles.Add(console);
                await console.WaitForAsync(_ => console.FindInput("Customer email") is not null, PageWait);
                await console.FillAsync("Customer email", DemoPeople.PartnerClassic);
                await console.ClickAsync("Look up");
                await console.WaitForAsync(_ => console.FindButton("Send setup link") is not null, PageWait);
            }
            var before = await EmailsToAsync(DemoPeople.PartnerClassic);

            for (var send = 1; send <= 3; send++)
            {
                await consoles[(send - 1) % 2].ClickAsync("Send setup link");
                await WaitUntilAsync(async () => await EmailsToAsync(DemoPeople.PartnerClassic) == before + send);
            }
            var fourth = consoles[1]; // instance 2 has sent only one itself
            await fourth.ClickAsync("Send setup link");
            await fourth.WaitForAsync(t => SendWait(t) is not null, PageWait);

            Assert.Contains("setup links", SendWait(fourth.Tree)!, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(before + 3, await EmailsToAsync(DemoPeople.PartnerClassic));
        }
        finally
        {
            foreach (var console in consoles) await console.DisposeAsync();
        }
    }

    [Fact]
    public async Task SigkillOfTheInstanceServingAPerson_LeavesThemSignedInThroughNginxOnTheOther_WithTheirSavedChange()
    {
        var source = LoopbackAddressHandler.Nth(167);
        var (jar, _) = await SignInAsync(DemoPeople.Admin, instance: 2, source);
        var settingsPath = await cluster.SettingsPathAsync(DemoPeople.Admin);
        var name = $"Ada Failover {Random.Shared.Next(1000, 9999)}";
        await using (var settings = await Client.OpenAsync(cluster.Nginx, settingsPath, source, cookies: jar))
        {
            await settings.WaitForAsync(_ => settings.FindInput("Display name") is not null, PageWait);
            await settings.FillAsync("Display name", name);
            await settings.ClickAsync("Save profile");
            await settings.WaitForAsync(t => t.TextContent().Contains("Profile saved."), PageWait);
            Assert.Equal(2, await cluster.LastServedAsync(cluster.RouteTo(2), settingsPath));

            cluster.Instances[1].Kill(); // mid-session: this circuit's instance, SIGKILL
            await Assert.ThrowsAsync<CircuitClientException>(() => settings.WaitForAsync(_ => false, PageWait));
            Assert.Contains(settings.Errors, e => e.Contains("connection closed", StringComparison.Ordinal));
        }

        // The browser reloads (as blazor.web.js does once it cannot reconnect): same cookies, same route, through nginx.
        var clock = Stopwatch.StartNew();
        await using var after = await Client.OpenAsync(cluster.Nginx, settingsPath, source, cookies: jar);
        await after.WaitForAsync(_ => after.FindInput("Display name") is not null, PageWait);
        output.WriteLine($"Signed-in page from instance 1 {clock.ElapsedMilliseconds} ms after the reload through nginx.");
        Assert.Equal(name, after.FindInput("Display name")!.Attribute("value"));
        Assert.Equal(1, await cluster.LastServedAsync(cluster.RouteTo(2), settingsPath)); // its route, now answered by instance 1
    }

    [Fact]
    public async Task CookiesThroughNginx_AreHostPrefixedAndSecure_AsInProduction()
    {
        // The instances run Production, so what nginx passes on is what an operator's browsers get.
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        using var login = await http.GetAsync(new Uri(cluster.Nginx, "/login"));
        var portalCookies = login.Headers.GetValues("Set-Cookie").Where(c => !c.StartsWith("bp_route=", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(portalCookies);
        Assert.All(portalCookies, c =>
        {
            Assert.StartsWith("__Host-", c, StringComparison.Ordinal);
            Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; path=/", c, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", c, StringComparison.OrdinalIgnoreCase);
        });

        var (jar, _) = await SignInAsync(DemoPeople.Partner, instance: 1, LoopbackAddressHandler.Nth(170));
        var names = jar.GetAllCookies().Select(c => c.Name).ToList();
        Assert.Contains("__Host-bp.auth", names);
        Assert.All(jar.GetAllCookies().Where(c => c.Name != "bp_route"), c => Assert.True(c.Name.StartsWith("__Host-", StringComparison.Ordinal) && c.Secure, c.Name));
    }

    [Fact]
    public async Task PasswordChangeOnInstance1_EndsTheCircuitOnInstance2_WithinSeconds()
    {
        string oldHash;
        await using (var db = await cluster.DbAsync())
            oldHash = (await db.Users.SingleAsync(u => u.NormalizedEmail == DemoPeople.Partner.ToUpperInvariant())).PasswordHash!;
        try
        {
            var (otherJar, otherLanding) = await SignInAsync(DemoPeople.Partner, instance: 2, LoopbackAddressHandler.Nth(171));
            await using var other = await Client.OpenAsync(cluster.Nginx, otherLanding, LoopbackAddressHandler.Nth(171), cookies: otherJar);
            await other.WaitForAsync(t => t.TextContent().Contains("Multi-Account Login"), PageWait);

            var (jar, _) = await SignInAsync(DemoPeople.Partner, instance: 1, LoopbackAddressHandler.Nth(172));
            await using var settings = await Client.OpenAsync(cluster.Nginx, await cluster.SettingsPathAsync(DemoPeople.Partner), LoopbackAddressHandler.Nth(172), cookies: jar);
            await settings.WaitForAsync(_ => settings.FindInput("Confirm new password") is not null, PageWait);
            await settings.FillAsync("Current password", DemoPeople.Password);
            await settings.FillAsync("New password", "violet harbour lantern quietly 2026");
            await settings.FillAsync("Confirm new password", "violet harbour lantern quietly 2026");
            var clock = Stopwatch.StartNew();
            await settings.ClickAsync("Change password");
            await settings.WaitForAsync(t => t.TextContent().Contains("Your password was changed."), PageWait);

            await AssertSentToLogInOnInstance2Async(other, otherLanding, clock, "change");
        }
        finally
        {
            // The other tests sign this demo person in with the demo password.
            await using var db = await cluster.DbAsync();
            await db.Users.Where(u => u.NormalizedEmail == DemoPeople.Partner.ToUpperInvariant()).ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, oldHash));
        }
    }

    [Fact]
    public async Task PhoneCodesSentAlternatelyFromBothInstances_StopAtTheCapOfFivePerPerson()
    {
        // A verified phone for a demo person no other cluster test signs in; each Log In on the phone sends one code.
        string userId;
        await using (var db = await cluster.DbAsync())
        {
            var user = await db.Users.SingleAsync(u => u.NormalizedEmail == DemoPeople.SupportOwner.ToUpperInvariant());
            userId = user.Id;
            user.TwoFactorEnabled = true;
            if (!await db.TwoFactorProfiles.AnyAsync(p => p.UserId == userId)) db.TwoFactorProfiles.Add(new TwoFactorProfile { UserId = userId });
            db.Factors.Add(BackupifyPortal.Tests.TwoFactor.FactorRows.Phone(userId, "+447400123999", PhoneState.Verified));
            await db.SaveChangesAsync();
        }
        try
        {
            var served = new List<int>();
            for (var send = 1; send <= 5; send++)
            {
                var instance = send % 2 + 1;
                await using var login = await PhoneStepAsync(LoopbackAddressHandler.Nth(172 + send), instance);
                await WaitUntilAsync(async () => await PhoneCodesToAsync(userId) == send);
                served.Add(await cluster.LastServedAsync(cluster.RouteTo(instance), "/login"));
                await Task.Delay(1200); // Phone:SendCooldown is 1 s here
            }
            Assert.Equal([2, 1, 2, 1, 2], served); // neither instance sent more than three itself

            await using var sixth = await PhoneStepAsync(LoopbackAddressHandler.Nth(180), 1);
            await sixth.WaitForAsync(t => t.TextContent().Contains("You've asked for too many codes"), PageWait);
            Assert.Equal(1, await cluster.LastServedAsync(cluster.RouteTo(1), "/login"));
            Assert.Equal(5, await PhoneCodesToAsync(userId));
        }
        finally
        {
            await using var db = await cluster.DbAsync();
            await db.Factors.Where(f => f.UserId == userId).ExecuteDeleteAsync();
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.TwoFactorEnabled, false));
        }
    }

    /// <summary>Log In with the password; the Two Factor Log In page's phone step must show (what it shows instead fails the test).</summary>
    /// <summary>The circuit on instance 2 is sent to Log In, and a page load there is redirected to Log In by instance 2 itself.</summary>
    private async Task AssertSentToLogInOnInstance2Async(Client other, string otherLanding, Stopwatch clock, string what)
    {
        await other.WaitForAsync(_ => other.PageLoadRequested?.AbsolutePath == "/login", NoticeWait);
        output.WriteLine($"The circuit on instance 2 was sent to Log In {clock.ElapsedMilliseconds} ms after the {what} on instance 1 (revalidation interval: 1 minute).");
        using var again = await other.Http.GetAsync(otherLanding);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.StartsWith("/login", again.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(2, await cluster.LastServedAsync(cluster.RouteTo(2), otherLanding));
    }

    private async Task<Client> PhoneStepAsync(IPAddress source, int instance)
    {
        using var page = await LoginPage.OpenAsync(cluster.Nginx, source, cookies: cluster.BrowserPinnedTo(instance));
        var afterPassword = await PortalSignIn.PasswordAsync(page, DemoPeople.SupportOwner, DemoPeople.Password);
        Assert.True(afterPassword.Outcome == SignInOutcome.NotFinished, $"{afterPassword.Outcome}: {afterPassword.Message}");
        var login = await Client.OpenAsync(cluster.Nginx, afterPassword.Message, source, cookies: page.Cookies);
        try
        {
            await login.WaitForAsync(_ => login.FindInput("Verification code") is not null, PageWait);
            return login;
        }
        catch (TimeoutException)
        {
            var logged = cluster.Instances.SelectMany(i => i.Output.Split('\n')).Where(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)).TakeLast(12);
            var seen = $"No phone step at {login.CurrentUri}: {login.Query(Visible)}\nThe instances logged:\n{string.Join('\n', logged)}";
            await login.DisposeAsync();
            throw new Xunit.Sdk.XunitException(seen);
        }
    }

    /// <summary>Headings, alerts and status lines on the page (no styles or scripts).</summary>
    private static string Visible(ElementTree tree) => string.Join(" | ", tree.Elements()
        .Where(e => e.Tag is "h1" or "h2" || e.Attribute("role") is "alert" or "status" || e.Attribute("class")?.Contains("mud-alert-message", StringComparison.Ordinal) == true)
        .Select(e => e.TextContent().Trim()).Where(t => t.Length > 0));

    private async Task<int> PhoneCodesToAsync(string userId)
    {
        await using var db = await cluster.DbAsync();
        return await db.CodeDeliveries.CountAsync(d => d.UserId == userId && d.Channel != DeliveryChannel.Email);
    }

    private static string? SendWait(ElementTree tree) =>
        tree.Elements().FirstOrDefault(e => e.Attribute("class")?.Contains("bp-send-wait", StringComparison.Ordinal) == true)?.TextContent().Trim();

    private async Task<int> EmailsToAsync(string email)
    {
        await using var db = await cluster.DbAsync();
        return await db.OutboxMessages.CountAsync(m => m.To == email);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var waited = Stopwatch.StartNew(); !await condition(); await Task.Delay(200))
            if (waited.Elapsed > PageWait) Assert.Fail($"not within {PageWait.TotalSeconds:0} s");
    }

    /// <summary>Log In through nginx on <paramref name="instance"/> as a person does (Email, Password, Log In: the form post writes the cookie); the browser's jar and landing page.</summary>
    private async Task<(CookieContainer Jar, string LandedAt)> SignInAsync(string email, int instance, IPAddress source)
    {
        var jar = cluster.BrowserPinnedTo(instance);
        using var login = await LoginPage.OpenAsync(cluster.Nginx, source, cookies: jar);
        var report = await PortalSignIn.PasswordAsync(login, email, DemoPeople.Password);
        Assert.True(report.Outcome == SignInOutcome.SignedIn, $"{email}: {report.Outcome} {report.Message}");
        // Log In's form post is where the cookie is written now (TicketRedemption, the hand-off's own code).
        Assert.Equal(instance, await cluster.LastServedAsync(cluster.RouteTo(instance), "/login"));
        return (jar, report.Message);
    }
}
