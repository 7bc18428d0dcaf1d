using BackupifyPortal.Tests.Infrastructure;

namespace BackupifyPortal.Tests.Browser;

/// <summary>The live server and Chromium themselves work, so a failure elsewhere points at the portal.</summary>
[Collection(BrowserCollection.Name)]
public class LiveServerTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    [Theory]
    [InlineData("/_framework/blazor.web.js", "text/javascript", "Blazor")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js", "text/javascript", "mudElementRef")]
    [InlineData("/css/site.css", "text/css", "{")]
    public async Task LiveServer_StaticAssets_ReachChromium(string path, string contentType, string content)
    {
        var response = await page.GotoAsync(path);

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        // Chromium read it over a socket from this server's own port, not from a cache or an interception.
        var server = await response.ServerAddrAsync();
        Assert.Equal(("127.0.0.1", new Uri(Server.BaseUrl).Port), (server?.IpAddress, server?.Port));
        Assert.Equal(Server.Url(path), response.Url);
        Assert.StartsWith(contentType, response.Headers["content-type"]);
        Assert.Contains(content, await response.TextAsync());
    }
}
