using Microsoft.Playwright;

namespace BackupifyPortal.Bench;

/// <summary>Debian's Chromium driven by Playwright (never a downloaded browser).</summary>
public sealed class ChromiumLab : IAsyncDisposable
{
    public static string ChromiumPath => Environment.GetEnvironmentVariable("BP_CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    public IBrowser Browser { get; }

    private ChromiumLab(IPlaywright playwright, IBrowser browser) { this.playwright = playwright; Browser = browser; }

    /// <param name="extraArgs">e.g. a renderer process limit, so hundreds of tabs fit in memory.</param>
    public static async Task<ChromiumLab> LaunchAsync(params string[] extraArgs)
    {
        if (!File.Exists(ChromiumPath)) throw new InvalidOperationException($"Chromium not found at {ChromiumPath} (apt-get install chromium; never 'playwright install').");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                "--no-first-run", "--disable-component-update", "--disable-sync",
                // Idle tabs must keep their SignalR keep-alives going like a visible tab does.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
                .. extraArgs,
            ],
        });
        return new ChromiumLab(playwright, browser);
    }

    public async Task<IBrowserContext> NewContextAsync(string baseUrl)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "en-US", IgnoreHTTPSErrors = true });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        return context;
    }

    /// <summary>The Blazor circuit has wired event handlers (the same check the browser tests use).</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.WaitForFunctionAsync(@"() => {
            if (!window.Blazor) return false;
            const wired = e => Object.keys(e).some(k => k.startsWith('_blazorEvents'))
                || Object.getOwnPropertySymbols(e).some(s => String(s.description).startsWith('_blazorEvents'));
            return Array.from(document.querySelectorAll('form, button, input, a, div, span')).some(wired);
        }", null, new() { PollingInterval = 50 });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
