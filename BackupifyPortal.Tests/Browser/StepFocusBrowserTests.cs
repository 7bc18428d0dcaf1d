using BackupifyPortal.Data;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>Multi-step flows move focus to the new step's heading; the country list stays closed after Escape.</summary>
[Collection(BrowserCollection.Name)]
public class StepFocusBrowserTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    [Fact]
    public async Task ChooseYourAuthenticator_EachNewStep_TakesFocusOnItsHeading()
    {
        await OpenUserSettingsAsync("Stella Steps");
        await PortalUi.Switch(page, "Authenticator App").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText("Choose Your Authenticator")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Google Authenticator" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();

        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Step 2 of 3: scan the QR code and type the code" })).ToBeFocusedAsync();

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Can't scan it?" }).ClickAsync();
        var key = (await dialog.GetByTestId("setup-key").TextContentAsync())!.Replace(" ", "");
        await dialog.GetByLabel("Verification code").FillAsync(RfcTotp.CodeAt(key, DateTimeOffset.UtcNow));
        await dialog.GetByLabel("Verification code").PressAsync("Enter");

        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Step 3 of 3: save your recovery codes" })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task SetupWizard_Continue_MovesFocusToTheNextStepsHeading()
    {
        var email = await FreshPeople.CreateAsync(Server, "Walt Wizard", AccountKind.Backupify2);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await page.GotoAsync("/setup");
        await PortalUi.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Authenticator app (recommended)" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up app", Level = 2 })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task CountryPicker_EscapeRightAfterTyping_TheDebouncedSearchDoesNotReopenTheList()
    {
        await OpenUserSettingsAsync("Esme Escape");
        await PortalUi.Switch(page, "Two Factor Authentication").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        var picker = dialog.GetByLabel("Country code");
        await picker.ClickAsync();
        await Expect(page.GetByText("United Kingdom (+44)", new() { Exact = true })).ToBeVisibleAsync();

        // Escape while the search for what was just typed is still waiting out its debounce.
        await picker.PressSequentiallyAsync("Ger");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForTimeoutAsync(1_000);

        await Expect(page.GetByText("Germany (+49)", new() { Exact = true })).ToBeHiddenAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list")).ToHaveCountAsync(0);
        await Expect(dialog).ToBeVisibleAsync();

        // What the person types next opens it again.
        await picker.FillAsync("Ger");
        await Expect(page.GetByText("Germany (+49)", new() { Exact = true })).ToBeVisibleAsync();
    }

    private async Task OpenUserSettingsAsync(string name)
    {
        var email = await FreshPeople.CreateAsync(Server, name, AccountKind.Backupify2);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await PortalUi.ChooseFromMenuAsync(page, name, "User Settings");
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);
    }
}
