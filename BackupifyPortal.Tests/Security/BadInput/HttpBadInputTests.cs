using System.Net;
using System.Text;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace BackupifyPortal.Tests.Security.BadInput;

/// <summary>The app for the HTTP sweep: Development (demo people), with the per-address /account limit out of the way.</summary>
public sealed class BadInputPortalApp() : PortalAppFactory(settings: new Dictionary<string, string?> { ["SignIn:AccountRequestsPerMinute"] = "100000" });

/// <summary>
/// Every route and query parameter fed every hostile value over HTTP: never a 5xx, never the hostile markup
/// unencoded in the page, never a redirect off the site.
/// </summary>
public sealed class HttpBadInputTests(BadInputPortalApp app, ITestOutputHelper output) : IClassFixture<BadInputPortalApp>
{
    /// <summary>Percent-encodes every byte but the unreserved ones; a lone surrogate goes out as its (invalid) UTF-8 bytes ED A0 80.</summary>
    private static string Encode(string value)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogate(value[i]) && !char.IsSurrogatePair(value, i))
            {
                sb.Append("%ED%A0%80");
                continue;
            }
            var length = char.IsSurrogatePair(value, i) ? 2 : 1;
            foreach (var b in Encoding.UTF8.GetBytes(value.Substring(i, length)))
                sb.Append(b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~'
                    ? ((char)b).ToString() : $"%{b:X2}");
            i += length - 1;
        }
        return sb.ToString();
    }

    private async Task<PortalAccount> AccountOfAsync(string email)
    {
        var userId = await HttpSignIn.UserIdAsync(app, email);
        await using var db = await app.CreateDbContextAsync();
        return await db.Accounts.AsNoTracking().FirstAsync(a => a.OwnerId == userId);
    }

    /// <summary>Sends each request and checks what comes back; returns how many requests were made.</summary>
    private async Task<int> SweepAsync(TestBrowser browser, string name, IEnumerable<Func<HttpRequestMessage>> requests)
    {
        var count = 0;
        foreach (var make in requests)
        {
            using var request = make();
            HttpResponseMessage sentResponse;
            try
            {
                sentResponse = await browser.Client.SendAsync(request);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("null characters"))
            {
                // The in-memory host refuses a NUL in the path before the app; Kestrel answers 400 (NulInPath test).
                count++;
                continue;
            }
            using var response = sentResponse;
            var body = await response.Content.ReadAsStringAsync();
            count++;
            var what = $"{request.Method} {request.RequestUri} ({name})";
            Assert.True((int)response.StatusCode < 500, $"{what} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
            Assert.DoesNotContain(HostileInputs.ScriptTag, body);
            Assert.DoesNotContain("<img src=x onerror", body);
            var location = response.Headers.Location;
            Assert.True(location is null || !location.IsAbsoluteUri || location.Host == "localhost", $"{what} redirected off the site to {location}");
            Assert.DoesNotContain(body, c => c == '\0');
        }
        return count;
    }

    private static Func<HttpRequestMessage> Get(string path) => () => new HttpRequestMessage(HttpMethod.Get, path);

    private static Func<HttpRequestMessage> PostForm(string path, params (string Key, string Value)[] form) => () =>
        new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(string.Join('&', form.Select(f => $"{Encode(f.Key)}={Encode(f.Value)}")), Encoding.UTF8, "application/x-www-form-urlencoded") };

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task AnonymousRoutesAndParameters_HostileValue_NeverFailAndNeverEchoMarkup(string name)
    {
        var v = Encode(HostileInputs.Value(name));
        using var browser = TestBrowser.Open(app);
        var sent = await SweepAsync(browser, name,
        [
            Get($"/login?returnUrl={v}"),
            Get($"/login?returnUrl=%2F{v}"),
            Get($"/login?{v}={v}"),
            Get($"/login/2fa/{v}"),
            Get($"/login/2fa/{Guid.NewGuid()}?{v}={v}"),
            Get($"/help/{v}"),
            Get($"/accounts?returnUrl={v}"),
            Get($"/partner/{v}"),
            Get($"/backupify/{v}/status"),
            Get($"/setup/{v}"),
            Get($"/dev/outbox?to={v}"),
            Get($"/dev/outbox.json?to={v}"),
            Get($"/{v}"),
            PostForm("/account/handoff", ("ticket", HostileInputs.Value(name))),
            PostForm("/account/handoff", (HostileInputs.Value(name), HostileInputs.Value(name))),
            PostForm("/account/logout", ("__RequestVerificationToken", HostileInputs.Value(name))),
            PostForm("/account/logout", (HostileInputs.Value(name), HostileInputs.Value(name))),
        ]);
        output.WriteLine($"{name}: {sent} requests");
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task SignedInRoutesAndParameters_HostileValue_NeverFailAndNeverEchoMarkup(string name)
    {
        var v = Encode(HostileInputs.Value(name));
        var partner = await AccountOfAsync(DemoPeople.Partner);
        var backupify = await AccountOfAsync(DemoPeople.Direct);
        using var partnerBrowser = await HttpSignIn.SignInAsync(app, DemoPeople.Partner);
        using var directBrowser = await HttpSignIn.SignInAsync(app, DemoPeople.Direct);
        var sent = await SweepAsync(partnerBrowser, name,
        [
            Get($"/login?returnUrl={v}"),
            Get($"/accounts?{v}={v}"),
            Get($"/partner/{v}"),
            Get($"/partner/{v}/settings"),
            Get($"/partner/{partner.Id}?{v}={v}"),
            Get($"{AccountRoutes.Settings(partner.Kind, partner.Id)}?setup={v}"),
            Get($"/backupify/{v}/settings?setup={v}"),
            Get($"/setup/{v}"),
            Get($"/setup?{v}={v}"),
            PostForm("/account/logout", ("__RequestVerificationToken", HostileInputs.Value(name))),
        ]);
        sent += await SweepAsync(directBrowser, name,
        [
            Get($"{AccountRoutes.Settings(backupify.Kind, backupify.Id)}?setup={v}"),
            Get($"/backupify/{backupify.Id}/status?{v}={v}"),
            Get($"/backupify/{v}/status"),
        ]);
        output.WriteLine($"{name}: {sent} requests");
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task ConsoleRoutesAndParameters_HostileValue_NeverFailAndNeverEchoMarkup(string name)
    {
        var v = Encode(HostileInputs.Value(name));
        using var admin = await HttpSignIn.SignInAsync(app, DemoPeople.Admin);
        using var support = await HttpSignIn.SignInAsync(app, DemoPeople.Support);
        var sent = await SweepAsync(admin, name,
        [
            Get($"/admin?search={v}"),
            Get($"/admin/audit?type={v}&person={v}"),
            Get($"/admin/audit.csv?type={v}&person={v}&from={v}&to={v}"),
            Get($"/admin/audit.csv?from=2026-01-01&to={v}"),
        ]);
        sent += await SweepAsync(support, name,
        [
            Get($"/support?email={v}"),
            Get($"/admin/audit.csv?person={v}"),
        ]);
        output.WriteLine($"{name}: {sent} requests");
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("\\\\evil.example/")]
    [InlineData("/%5Cevil.example/")]
    [InlineData("https:evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/\t/evil.example")]
    [InlineData(" //evil.example")]
    [InlineData("%2F%2Fevil.example")]
    public async Task LoginReturnUrl_OffSite_IsNeverFollowed(string returnUrl)
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Partner);
        using var response = await browser.Client.GetAsync($"/login?returnUrl={Encode(returnUrl)}");

        Assert.True((int)response.StatusCode < 500);
        // No redirect at all, or one that stays here. "/%5Cevil.example/" may stay: a path on this site, never read as a host.
        var location = response.Headers.Location ?? new Uri("/login", UriKind.Relative);
        Assert.Equal("localhost", new Uri(TestBrowser.BaseAddress, location).Host);
        Assert.False(location.OriginalString.StartsWith("//") || location.OriginalString.StartsWith("/\\"), $"Protocol-relative redirect {location}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("location.href=\"//evil", body.Replace(" ", ""));
    }

    [Fact]
    public async Task NulInPath_OnRealKestrel_IsABadRequestNotAServerError()
    {
        await using var server = new LivePortalServer();
        using var client = new HttpClient();
        foreach (var path in new[] { "/login/2fa/%00", "/help/abc%00def", "/partner/%00", "/setup/%00", "/%00" })
        {
            using var response = await client.GetAsync(server.Url(path));
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task LoginTwoFactorPage_UnknownOrNonGuidAttempt_IsANotFoundOrBackToLogin()
    {
        using var browser = TestBrowser.Open(app);
        using var notGuid = await browser.Client.GetAsync("/login/2fa/not-a-guid");
        using var unknown = await browser.Client.GetAsync($"/login/2fa/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, notGuid.StatusCode);
        Assert.True((int)unknown.StatusCode < 500, $"Unknown attempt answered {(int)unknown.StatusCode}");
    }
}
