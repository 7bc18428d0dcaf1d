using System.Text.RegularExpressions;
using BackupifyPortal.Tests.Infrastructure;

namespace BackupifyPortal.Tests.Performance;

/// <summary>The Login page links only stylesheets and scripts that the server sends compressed (docs/benchmarks.md, page weight), in Development too.</summary>
public partial class PageWeightTests(DemoPortalApp app) : IClassFixture<DemoPortalApp>
{
    [Fact]
    public async Task LoginPage_LinkedStylesheetsAndScripts_AreServedCompressed()
    {
        using var client = app.CreateClient();
        var html = await client.GetStringAsync("/login");
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).Where(u => !u.StartsWith("http", StringComparison.Ordinal)).ToList();
        Assert.Contains(assets, a => a.Contains("MudBlazor.min.css", StringComparison.Ordinal));

        foreach (var asset in assets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/" + asset.TrimStart('/'));
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            using var response = await client.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{asset}: {(int)response.StatusCode}");
            Assert.True(response.Content.Headers.ContentEncoding.Contains("gzip"), $"{asset} is sent uncompressed");
            var sent = (await response.Content.ReadAsByteArrayAsync()).Length;
            var plain = (await client.GetByteArrayAsync("/" + asset.TrimStart('/'))).Length;
            // Development re-wrapped changed-looking files in gzip without compressing them (MudBlazor.min.css: 628 KB "gzip").
            if (plain > 1024) Assert.True(sent < plain * 3 / 4, $"{asset}: {sent} bytes sent as gzip for {plain} bytes of content");
        }
    }

    [GeneratedRegex("""<(?:link rel="stylesheet" href|script src)="(?<url>[^"]+\.(?:css|js))""")]
    private static partial Regex AssetReference();
}
