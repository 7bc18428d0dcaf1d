using System.Net;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>Every console page and endpoint over real HTTP, as each kind of person: only the right ones get in.</summary>
public class ConsoleHttpAuthorizationTests(ConsoleHttpFactory app) : IClassFixture<ConsoleHttpFactory>
{
    public enum Lands { OnThePage, OnLogIn, OnAccessDenied }

    // What each page shows to someone allowed in (the CSV export: its header line).
    private static readonly Dictionary<string, string> PageMarker = new()
    {
        ["/admin"] = "Two-Factor Enrollment</h1>",
        ["/support"] = "Support</h1>",
        ["/admin/audit"] = "Audit log</h1>",
        ["/admin/audit.csv"] = "time_utc,type,person,actor,detail,ip",
    };

    public static TheoryData<string, string?, Lands> Matrix()
    {
        var data = new TheoryData<string, string?, Lands>();
        (string Path, string[] Allowed)[] pages =
        [
            ("/admin", ["admin@demo.test", ConsoleHttpFactory.OtherAdminEmail]),
            ("/support", ["support@demo.test"]),
            ("/admin/audit", ["admin@demo.test", ConsoleHttpFactory.OtherAdminEmail, "support@demo.test"]),
            ("/admin/audit.csv", ["admin@demo.test", ConsoleHttpFactory.OtherAdminEmail, "support@demo.test"]),
        ];
        string?[] people = [null, "partner@demo.test", ConsoleHttpFactory.OtherAdminEmail, "admin@demo.test", "support@demo.test"];
        foreach (var (path, allowed) in pages)
            foreach (var person in people)
                data.Add(path, person, person is null ? Lands.OnLogIn : allowed.Contains(person) ? Lands.OnThePage : Lands.OnAccessDenied);
        return data;
    }

    /// <summary>
    /// Follows every redirect, as a browser does, and checks where the person ends: a visitor on Log In (returning here
    /// afterwards), a person refused on the Access denied page at the same address (403, no loop), the rest on the page.
    /// </summary>
    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task ConsolePage_AsEachPerson_OnlyTheRightOnesGetIn(string path, string? person, Lands expected)
    {
        var following = await FollowingClientAsync(person);

        var response = await following.GetAsync(path);

        var (status, where, shows) = expected switch
        {
            Lands.OnThePage => (HttpStatusCode.OK, path, PageMarker[path]),
            Lands.OnLogIn => (HttpStatusCode.OK, "/login?returnUrl=" + Uri.EscapeDataString(path), "Log In</h1>"),
            _ => (HttpStatusCode.Forbidden, path, "Access denied</h1>"),
        };
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal((status, where), (response.StatusCode, response.RequestMessage!.RequestUri!.PathAndQuery));
        Assert.Contains(shows, body);
        // Nobody sees a console's content on the way: not in a redirect's body, not on the page they end on.
        Assert.Equal(expected == Lands.OnThePage, PageMarker.Values.Any(body.Contains));
    }

    private async Task<HttpClient> FollowingClientAsync(string? person)
    {
        var signedIn = await app.ClientForAsync(person);
        var following = app.CreateClient(new() { AllowAutoRedirect = true, HandleCookies = false });
        if (signedIn.DefaultRequestHeaders.TryGetValues("Cookie", out var cookies)) following.DefaultRequestHeaders.Add("Cookie", cookies);
        return following;
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/support")]
    public async Task ConsolePage_CustomerFollowingEveryRedirect_EndsOnAccessDeniedWithALinkHome(string path)
    {
        var signedIn = await app.ClientForAsync("partner@demo.test");
        var following = app.CreateClient(new() { AllowAutoRedirect = true, HandleCookies = false });
        following.DefaultRequestHeaders.Add("Cookie", signedIn.DefaultRequestHeaders.GetValues("Cookie"));

        var response = await following.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(path, response.RequestMessage!.RequestUri!.AbsolutePath);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Access denied</h1>", html);
        Assert.Contains("href=\"/accounts\"", html);
    }

    [Fact]
    public async Task AuditCsv_IsNeverCached()
    {
        var client = await app.ClientForAsync("admin@demo.test");

        var response = await client.GetAsync("/admin/audit.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "the audit export names people and addresses: no browser or proxy may keep it");
    }

    [Fact]
    public async Task AuditCsv_AdminOfAnotherOrganisation_GetsNoneOfTheDemoOrganisationsEvents()
    {
        var client = await app.ClientForAsync(ConsoleHttpFactory.OtherAdminEmail);
        var csv = await client.GetStringAsync("/admin/audit.csv");
        Assert.DoesNotContain("partner@demo.test", csv);
    }

    [Fact]
    public async Task AuditCsv_Admin_GetsNoneOfAnotherOrganisationsPeopleOrEvents_WhileThatOrganisationsAdminGetsThem()
    {
        var (_, _) = await app.AddOtherOrganisationPersonWithEventsAsync();

        var own = await (await app.ClientForAsync("admin@demo.test")).GetStringAsync("/admin/audit.csv");
        var theirs = await (await app.ClientForAsync(ConsoleHttpFactory.OtherAdminEmail)).GetStringAsync("/admin/audit.csv");

        Assert.Contains("partner@demo.test", own);
        Assert.Contains(ConsoleHttpFactory.OtherPersonEmail, theirs); // the other organisation's rows exist, so their absence below means something
        Assert.Contains("other-org-only-detail", theirs);
        foreach (var leak in new[] { "other-org.test", "other-org-only-detail", "198.51.100.42" })
            Assert.DoesNotContain(leak, own);
        foreach (var filtered in new[] { "?person=other-org", "?type=2fa", "?person=" + Uri.EscapeDataString(ConsoleHttpFactory.OtherPersonEmail) })
            Assert.DoesNotContain("other-org", await (await app.ClientForAsync("admin@demo.test")).GetStringAsync("/admin/audit.csv" + filtered));
        Assert.DoesNotContain("demo.test", theirs);
    }

    [Fact]
    public async Task AuditCsv_Admin_GetsTheirPeopleWithFormulasDefused()
    {
        var client = await app.ClientForAsync("admin@demo.test");
        var response = await client.GetAsync("/admin/audit.csv?type=signin");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("partner@demo.test", csv);
        Assert.Contains("\"'=cmd|' /C calc'!A0\"", csv);
    }

    [Fact]
    public async Task SetupPage_Anonymous_IsSentToACleanLogIn_TheTokenInNoUrl()
    {
        var response = await (await app.ClientForAsync(null)).GetAsync("/setup/some-token");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/login?returnUrl=%2Fsetup", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain("some-token", response.Headers.Location!.OriginalString);
    }
}
