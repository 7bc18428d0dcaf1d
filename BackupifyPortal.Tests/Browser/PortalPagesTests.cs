using System.Text.RegularExpressions;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>
/// The foundation's pages as a signed-in customer uses them: banner, Status table (axe on it full, in both shells), 404,
/// Log In when signed in.
/// </summary>
[Collection(BrowserCollection.Name)]
public class PortalPagesTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    [Fact]
    public async Task Announcement_DismissedOnce_StaysHiddenForThatPersonInAnotherBrowser()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.Admin, PortalUi.Heading(page, "Partner Portal"), path: "/accounts");
        var banner = Banner(page);
        await Expect(banner).ToBeVisibleAsync();

        await banner.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(banner).ToHaveCountAsync(0);

        var elsewhere = await NewPageAsync();
        try
        {
            await BrowserSignIn.SignInAsync(elsewhere, DemoPeople.Admin, PortalUi.Heading(elsewhere, "Partner Portal"), path: "/accounts");
            await Expect(Banner(elsewhere)).ToHaveCountAsync(0);
        }
        finally
        {
            await elsewhere.Context.DisposeAsync();
        }
    }

    [Fact]
    public async Task StatusPage_SearchBox_FiltersTheProtectedServices()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.Direct, PortalUi.Heading(page, "Status"));
        var rows = page.GetByRole(AriaRole.Table).Locator("tbody").GetByRole(AriaRole.Row);
        await Expect(rows).ToHaveCountAsync(10);
        // The walk in EveryScreenAxeTests sees a fresh person's empty table; here it is full.
        await AxeChecks.AssertNoSeriousViolationsAsync(page, "Status (Backupify 2.0) with its services");

        await page.GetByLabel("Search", new() { Exact = true }).FillAsync("Finance");

        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Shared Drive");
    }

    [Fact]
    public async Task StatusPage_SortingByItems_OrdersTheRowsBothWays()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.DirectClassic, PortalUi.Heading(page, "Status"));
        var firstRow = page.GetByRole(AriaRole.Table).Locator("tbody").GetByRole(AriaRole.Row).First;
        var itemsHeader = page.GetByRole(AriaRole.Columnheader, new() { Name = "Items" }).GetByText("Items", new() { Exact = true });
        await Expect(firstRow).ToBeVisibleAsync();
        await AxeChecks.AssertNoSeriousViolationsAsync(page, "Status (Backupify Classic) with its services");

        await itemsHeader.ClickAsync();
        await Expect(firstRow).ToContainTextAsync("alice@tailspin.example");

        await itemsHeader.ClickAsync();
        await Expect(firstRow).ToContainTextAsync("Finance");
    }

    [Fact]
    public async Task UnknownAddress_ShowsThePortalsNotFoundPage()
    {
        var response = await page.GotoAsync("/no-such-page");

        Assert.Equal(404, response!.Status);
        await Expect(PortalUi.Heading(page, "Page not found")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task LoginPage_WhenAlreadySignedIn_GoesStraightToTheAccounts()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.Partner, PortalUi.Heading(page, "Multi-Account Login"));

        await page.GotoAsync("/login");

        await Expect(PortalUi.Heading(page, "Multi-Account Login")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/accounts$"));
    }

    private static ILocator Banner(IPage page) =>
        page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Datto Drive" });
}
