using System.Net;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>Every console page and endpoint over real HTTP, as each kind of person: only the right ones get in.</summary>
public class ConsoleHttpAuthorizationTests(ConsoleHttpFactory app) : IClassFixture<ConsoleHttpFactory>
{
    public static TheoryData<string, string?, bool> Matrix()
    {
        var data = new TheoryData<string, string?, bool>();
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
                data.Add(path, person, person is not null && allowed.Contains(person));
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task ConsolePage_AsEachPerson_OnlyTheRightOnesGetIn(string path, string? person, bool allowed)
    {
        var client = await app.ClientForAsync(person);
        var response = await client.GetAsync(path);

        if (allowed) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        else if (person is null)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login", response.Headers.Location!.OriginalString.Replace("http://localhost", ""));
        }
        else
        {
            // Signed in but not allowed: the Access denied page itself, never a redirect (one to /login looped back).
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Contains("Access denied</h1>", await response.Content.ReadAsStringAsync());
        }
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
