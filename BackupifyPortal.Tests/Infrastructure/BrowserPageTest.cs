using Microsoft.Playwright;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>A browser test class: each test gets a page in a fresh context (no cookies), closed after it.</summary>
public abstract class BrowserPageTest(PlaywrightFixture browser) : IAsyncLifetime
{
    protected IPage page = null!;

    /// <summary>The live portal the page talks to: its database, its logs, its address.</summary>
    protected LivePortalServer Server => browser.Server;

    /// <summary>A second person's page, in a context of its own; the test disposes of it.</summary>
    protected Task<IPage> NewPageAsync() => browser.NewPageAsync();

    public async Task InitializeAsync() => page = await browser.NewPageAsync();

    public async Task DisposeAsync() => await page.Context.DisposeAsync();
}
