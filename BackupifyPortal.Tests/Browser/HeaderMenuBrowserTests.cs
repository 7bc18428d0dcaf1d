using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>The app bar's menus (HeaderMenu) as a keyboard and a mouse user work them: the WAI-ARIA menu button pattern.</summary>
[Collection(BrowserCollection.Name)]
public class HeaderMenuBrowserTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    [Fact]
    public async Task SettingsMenu_Keyboard_OpensMovesWrapsAndClosesOnEscape()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.DirectClassic, PortalUi.Heading(page, "Status"));
        await PortalUi.WaitForInteractiveAsync(page);
        var gear = PortalUi.Button(page, "Settings");
        var menu = page.GetByRole(AriaRole.Menu, new() { Name = "Settings" });

        await gear.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(menu).ToBeVisibleAsync();
        await Expect(gear).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(PortalUi.MenuItem(page, "User Settings")).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(PortalUi.MenuItem(page, "Sign Out")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(PortalUi.MenuItem(page, "User Settings")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(PortalUi.MenuItem(page, "Sign Out")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Home");
        await Expect(PortalUi.MenuItem(page, "User Settings")).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Escape");
        await Expect(menu).ToBeHiddenAsync();
        await Expect(gear).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(gear).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(PortalUi.MenuItem(page, "Sign Out")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(menu).ToBeHiddenAsync();
    }

    [Fact]
    public async Task NameMenu_Keyboard_EnterOnUserSettingsOpensUserSettings()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.Direct, PortalUi.Heading(page, "Status"));
        await PortalUi.WaitForInteractiveAsync(page);

        await PortalUi.Button(page, "Dana Direct").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(PortalUi.MenuItem(page, "User Settings")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        // FocusHeadingOnNavigate: a screen reader starts reading the new page at its heading.
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task NameMenu_Mouse_OpensOnClickAndClosesOnAClickOutside()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.Direct, PortalUi.Heading(page, "Status"));
        await PortalUi.WaitForInteractiveAsync(page);
        var menu = page.GetByRole(AriaRole.Menu, new() { Name = "Dana Direct" });

        await PortalUi.Button(page, "Dana Direct").ClickAsync();
        await Expect(menu).ToBeVisibleAsync();
        await Expect(PortalUi.MenuItem(page, "Sign Out")).ToBeVisibleAsync();

        await PortalUi.Heading(page, "Status").ClickAsync();
        await Expect(menu).ToBeHiddenAsync();

        await PortalUi.Button(page, "Dana Direct").ClickAsync();
        await Expect(menu).ToBeVisibleAsync();
        await PortalUi.Button(page, "Dana Direct").ClickAsync();
        await Expect(menu).ToBeHiddenAsync();
    }
}
