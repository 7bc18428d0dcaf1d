using BackupifyPortal.Tests.Infrastructure;

namespace BackupifyPortal.Tests.Browser;

/// <summary>The live server and Chromium themselves work, so a failure elsewhere points at the portal.</summary>
[Collection(BrowserCollection.Name)]
public class LiveServerTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    [Theory]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js")]
    [InlineData("/css/site.css")]
    public async Task LiveServer_StaticAssets_ReachChromium(string path)
    {
        var response = await page.GotoAsync(path);

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("http://127.0.0.1:", Server.BaseUrl);
    }
}
