using BackupifyPortal.Tests.Infrastructure;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>What a browser is told about every page outside Development: no scripts from elsewhere, no framing, no caching, HTTPS only.</summary>
public class SecurityHeaderTests(ProductionPortalApp app) : IClassFixture<ProductionPortalApp>
{
    // Not localhost: ASP.NET Core leaves HSTS off for loopback names.
    private static readonly Uri Https = new("https://portal.example/");

    [Theory]
    [InlineData("/login")]
    [InlineData("/no-such-page")]
    public async Task Pages_CarryTheContentSecurityPolicyAndTheBrowserSafetyHeaders(string path)
    {
        using var client = app.CreateDefaultClient(Https);

        using var response = await client.GetAsync(path);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("http:", csp);
        Assert.DoesNotContain("https:", csp);
        Assert.DoesNotContain("*", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.True(response.Headers.CacheControl?.NoStore, "HTML pages can show codes and secrets: never cached");
        // One year, every subdomain (ASP.NET Core's default is 30 days without subdomains).
        Assert.Equal("max-age=31536000; includeSubDomains", Single(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task PlainHttp_IsRedirectedToHttps()
    {
        using var client = app.CreateDefaultClient(new Uri("http://portal.example/"));

        using var response = await client.GetAsync("/login");

        Assert.Equal(System.Net.HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https", response.Headers.Location!.Scheme);
    }

    [Fact]
    public async Task PlainHttp_WithNoKnownHttpsPort_IsRefusedWithAMessageNotA500()
    {
        await using var noPort = new PortalAppFactory(environment: "Production");
        using var client = noPort.CreateDefaultClient(new Uri("http://portal.example/"));

        using var response = await client.GetAsync("/login");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This portal answers only over HTTPS.", await response.Content.ReadAsStringAsync());
    }

    private static string Single(HttpResponseMessage response, string name) => Assert.Single(response.Headers.GetValues(name));
}
