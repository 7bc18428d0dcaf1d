using System.Text.RegularExpressions;
using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Tests.Security.Durability;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>What the page says when its connection breaks: the reconnect overlay after a restart, and the error bar's Reload.</summary>
[Collection(BrowserCollection.Name)]
public class ReconnectBrowserTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Restarted = new() { Timeout = 120_000 };
    // A child process's first pages are compiled as they are asked for, like the context's 60 s timeouts allow.
    private static readonly LocatorAssertionsToBeVisibleOptions ColdProcess = new() { Timeout = 60_000 };

    [Fact]
    public async Task ServerRestart_WithADialogOpen_OverlaySaysWhatTypedIsLost_AndReloadStaysOnThePage()
    {
        // The claim is about a restart, not a first start: the process starts on the run's migrated and seeded copy.
        var database = PortalAppFactory.NewDatabasePath();
        PortalAppFactory.CopySeededTemplate(database);
        try
        {
            await using var portal = new PortalProcess(database);
            await portal.StartAsync();
            var context = await page.Context.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.BaseUrl, Locale = "en-US" });
            context.SetDefaultTimeout(60_000);
            context.SetDefaultNavigationTimeout(60_000);
            await using var _ = context;
            var tab = await context.NewPageAsync();
            await BrowserSignIn.SignInAsync(tab, DemoPeople.Direct, PortalUi.Heading(tab, "Status"));
            await PortalUi.ChooseFromMenuAsync(tab, "Dana Direct", "User Settings");
            await Expect(PortalUi.Heading(tab, "User Settings")).ToBeVisibleAsync(ColdProcess);
            await PortalUi.WaitForInteractiveAsync(tab);
            var settingsUrl = tab.Url;
            await PortalUi.Switch(tab, "Two Factor Authentication").ClickAsync();
            var dialog = tab.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Enable Two Factor Authentication" });
            await dialog.GetByLabel("Phone number").FillAsync("201 555 0123");

            await portal.RestartAsync(samePort: true);

            // The overlay no longer promises that nothing typed is lost: after a restart it says it is.
            var overlay = tab.Locator("#components-reconnect-modal");
            await Expect(overlay.GetByText("will not come back")).ToBeVisibleAsync(Restarted);
            await Expect(overlay).Not.ToContainTextAsync("Nothing you typed is lost");
            var reload = tab.GetByRole(AriaRole.Button, new() { Name = "Reload", Exact = true });
            await Expect(reload).ToBeFocusedAsync();
            await reload.ClickAsync();

            await Expect(PortalUi.Heading(tab, "User Settings")).ToBeVisibleAsync();
            Assert.Equal(settingsUrl, tab.Url);
            await Expect(tab.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        }
        finally { PortalAppFactory.DeleteDatabaseFiles(database); }
    }

    [Fact]
    public async Task ErrorBar_Reload_ReloadsThePageThePersonIsOn()
    {
        var email = await TwoFactor.FreshPeople.CreateAsync(Server, "Rae Reload", Data.AccountKind.Backupify2);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await PortalUi.ChooseFromMenuAsync(page, "Rae Reload", "User Settings");
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        var settingsUrl = page.Url;

        // The bar as Blazor shows it when the circuit fails; a page-load marker tells a reload from an in-page move.
        await page.EvaluateAsync("() => { window.beforeReload = true; document.getElementById('blazor-error-ui').style.display = 'block'; }");
        await page.Locator("#blazor-error-ui").GetByRole(AriaRole.Link, new() { Name = "Reload", Exact = true }).ClickAsync();

        await page.WaitForFunctionAsync("() => window.beforeReload === undefined");
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(settingsUrl) + "$"));
    }
}
