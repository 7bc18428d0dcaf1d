using System.Net;
using BackupifyPortal.Tests.Infrastructure;

namespace BackupifyPortal.Tests.Foundation;

public class HandoffRateLimitTests(DemoPortalApp app) : IClassFixture<DemoPortalApp>
{
    [Fact]
    public async Task Handoff_ManyTriesFromOneAddressInAMinute_AreCutOffWith429()
    {
        using var browser = TestBrowser.Open(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 70; i++)
        {
            using var response = await browser.PostTicketAsync(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            statuses.Add(response.StatusCode);
        }

        Assert.True(statuses.Contains(HttpStatusCode.TooManyRequests), string.Join(",", statuses.Select(s => (int)s)));
        Assert.All(statuses.Take(60), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.All(statuses.Skip(60), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }
}
