using Microsoft.Playwright;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>
/// One live portal and one Chromium (Debian's /usr/bin/chromium, never a downloaded one) for the whole
/// browser collection; each test gets its own context, i.e. its own cookie jar.
/// </summary>
public sealed class PlaywrightFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; BP_CHROMIUM_PATH overrides it on machines that keep it elsewhere.</summary>
    public static string ChromiumPath => System.Environment.GetEnvironmentVariable("BP_CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;
    private LivePortalServer? server;

    public LivePortalServer Server => server ?? throw new InvalidOperationException("Fixture not started");
    public IBrowser Browser => browser ?? throw new InvalidOperationException("Fixture not started");

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        browser = await LaunchChromiumAsync(playwright);
        server = new LivePortalServer();
        // The collection now starts beside others, in a process not yet warm: the first Log In page and the first
        // circuit (Log In has none: a Help page) are compiled here, outside any test's 15-second timeouts.
        var warmUp = await NewPageAsync();
        warmUp.Context.SetDefaultTimeout(120_000);
        warmUp.Context.SetDefaultNavigationTimeout(120_000);
        await warmUp.GotoAsync("/login");
        await warmUp.GotoAsync("/help/two-factor");
        await PortalUi.WaitForInteractiveAsync(warmUp);
        await warmUp.Context.DisposeAsync();
    }

    /// <summary>Debian's Chromium, headless, with the flags every browser test of this suite uses.</summary>
    public static async Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Browser tests need Chromium at {ChromiumPath}. Install it (apt-get install chromium) or run .ci/run; " +
                "do not run 'playwright install'.");
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                "--no-first-run", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (no cookies) and a page in it, with timeouts that suit a 2-core machine.</summary>
    public async Task<IPage> NewPageAsync() => await NewPageAsync(Server.BaseUrl);

    /// <summary>A fresh context on http://localhost:port, where WebAuthn (passkeys) works; 127.0.0.1 is an IP address it refuses.</summary>
    public async Task<IPage> NewLocalhostPageAsync() => await NewPageAsync(Server.LocalhostUrl);

    private async Task<IPage> NewPageAsync(string baseUrl)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "en-US" });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        if (server is not null) await server.DisposeAsync();
    }
}

// Its tests run one after another on the one live server, while other collections (no browser) run beside them.
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<PlaywrightFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// Class fixture: a Chromium of the class's own, for tests that bring their own portal (a child process, a
/// verbose-logging server), so they run beside the browser collection instead of after it.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Fixture not started");

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        browser = await PlaywrightFixture.LaunchChromiumAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }
}
