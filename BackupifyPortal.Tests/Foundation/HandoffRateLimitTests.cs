using System.Net;
using BackupifyPortal.Tests.Infrastructure;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>Class fixture: the app with a small per-address limit on /account requests, so a test can reach it quickly.</summary>
public sealed class TightLimitPortalApp() : PortalAppFactory(settings: new Dictionary<string, string?> { ["SignIn:AccountRequestsPerMinute"] = "10" });

public class HandoffRateLimitTests(TightLimitPortalApp app) : IClassFixture<TightLimitPortalApp>
{
    [Fact]
    public async Task Handoff_MoreTriesFromOneAddressThanTheLimit_AreCutOffWith429()
    {
        using var browser = TestBrowser.Open(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
        {
            using var response = await browser.PostTicketAsync(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.All(statuses.Skip(10), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task Handoff_TriesAlternatingBetweenTwoInstancesOnOneDatabase_CountTogether()
    {
        await using var first = new PortalAppFactory(settings: Tight);
        using var firstBrowser = TestBrowser.Open(first);
        await using var second = new PortalAppFactory(first.DatabasePath, settings: Tight);
        using var secondBrowser = TestBrowser.Open(second);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 14; i++)
        {
            using var response = await (i % 2 == 0 ? firstBrowser : secondBrowser).PostTicketAsync("forged");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.All(statuses.Skip(10), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    private static readonly Dictionary<string, string?> Tight = new() { ["SignIn:AccountRequestsPerMinute"] = "10" };

    [Fact]
    public async Task Handoff_WhenLimited_EvenAGoodTicketIsNotRedeemed()
    {
        using var browser = TestBrowser.Open(app);
        for (var i = 0; i < 12; i++) using (await browser.PostTicketAsync("forged")) { }
        var ticket = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Partner, browser.BindingHash);

        using var response = await browser.PostTicketAsync(ticket);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Null(browser.Cookie("bp.auth"));
    }
}
