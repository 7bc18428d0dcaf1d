using System.Net;
using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BackupifyPortal.Tests.Consoles.Browser;

/// <summary>
/// The app on Kestrel at a free loopback port (Development, demo data, temp SQLite) and Debian's Chromium.
/// Replace with the shared Infrastructure fixture once it is merged.
/// </summary>
public sealed class ConsoleBrowserFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string dbPath = Path.Combine(Path.GetTempPath(), $"bp-test-{Guid.NewGuid():N}.db");
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={dbPath};Pooling=False");
    }

    public async Task InitializeAsync()
    {
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        });
    }

    /// <summary>A browser context signed in as the person through the app's own ticket hand-off.</summary>
    public async Task<IPage> SignedInPageAsync(string email)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "en-US" });
        context.SetDefaultTimeout(20_000);
        var bind = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = BrowserBinding.CookieName, Value = bind, Url = BaseUrl, HttpOnly = true }]);
        await using (var scope = Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email);
            var ticket = await scope.ServiceProvider.GetRequiredService<ISignInTickets>().IssueAsync(user!.Id, BrowserBinding.Hash(bind), "pwd", false);
            var response = await context.APIRequest.PostAsync("/account/handoff", new() { Form = context.APIRequest.CreateFormData().Set("ticket", ticket) });
            Assert.Equal(204, response.Status);
        }
        return await context.NewPageAsync();
    }

    /// <summary>The portal's one wait for a page's circuit (a static page, Log In, is ready once loaded).</summary>
    public static Task WaitForInteractiveAsync(IPage page) => Infrastructure.PortalUi.WaitForInteractiveAsync(page);

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(dbPath + suffix);
    }
}
