using BackupifyPortal.Data;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser.TwoFactor;

/// <summary>Several named authenticator apps (issue 17 item 2) in Chromium: add a second app, sign in with its code, remove it.</summary>
[Collection(BrowserCollection.Name)]
public class SeveralAppsBrowserTests(PlaywrightFixture browser, ITestOutputHelper output) : BrowserPageTest(browser)
{
    private const string Name = "Sami Several";
    private long lastStep;

    [Fact]
    public async Task SecondNamedApp_IsAdded_ItsCodeSignsIn_AndItIsRemovedByName()
    {
        // The first app as its enrolment service saves it (the article's flow for it, through the switch: AuthenticatorBrowserTests),
        // with a code of the step before now; signing in with one of its recovery codes leaves this test's two codes (the second
        // app's enrolment, then its sign-in) the steps of now and next, so neither waits for the clock.
        var email = await FreshPeople.CreateAsync(Server, Name, AccountKind.PartnerPortal);
        (var googleKey, lastStep, var recoveryCodes) = await FreshPeople.EnrolledAppAsync(Server, email, "Google Authenticator");
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        await PortalUi.Button(page, "Use a recovery code").ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(recoveryCodes[0]);
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(PortalUi.Heading(page, "Partner Portal")).ToBeVisibleAsync(new() { Timeout = 30_000 }); // the hand-off and a full page load
        await OpenUserSettingsAsync();
        await Expect(PortalUi.Switch(page, "Authenticator App")).ToBeCheckedAsync();

        // A second app, named, beside the first.
        await PortalUi.Button(page, "Add an authenticator app").ClickAsync();
        var authyKey = await AddAppAsync("Authy");
        var apps = page.GetByRole(AriaRole.List, new() { Name = "Your authenticator apps" });
        await Expect(apps.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        Assert.NotEqual(googleKey, authyKey);

        // Sign in with a code from the second app.
        await SignOutAsync();
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        await page.GetByLabel("Verification code").FillAsync(await NextCodeAsync(authyKey));
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(PortalUi.Heading(page, "Partner Portal")).ToBeVisibleAsync();

        // Settings show which app was used; then Authy is removed by name and Google Authenticator stays.
        await OpenUserSettingsAsync();
        var authy = apps.GetByRole(AriaRole.Listitem, new() { Name = "Authy", Exact = true });
        await Expect(authy).ToContainTextAsync("last used");
        await Expect(apps.GetByRole(AriaRole.Listitem, new() { Name = "Google Authenticator" })).ToContainTextAsync("not used yet");
        await authy.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Remove Authy" })).ToBeVisibleAsync();
        await dialog.GetByLabel("Password").FillAsync(DemoPeople.Password);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Expect(apps.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Expect(apps.GetByRole(AriaRole.Listitem, new() { Name = "Google Authenticator" })).ToBeVisibleAsync();
        await Expect(PortalUi.Switch(page, "Authenticator App")).ToBeCheckedAsync();
        output.WriteLine("Two named apps; signed in with the second; removed it by name; the first stays.");
    }

    private async Task<string> AddAppAsync(string app)
    {
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText("Choose Your Authenticator")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = app }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Img, new() { Name = "QR code" })).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Can't scan it?" }).ClickAsync();
        var key = (await dialog.GetByTestId("setup-key").TextContentAsync())!.Replace(" ", "");
        await dialog.GetByLabel("Verification code").FillAsync(await NextCodeAsync(key));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        await dialog.GetByLabel("I have saved these codes").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        return key;
    }

    // Every accepted code must be of a newer step than the last (one replay floor for all of a person's apps), and at most
    // one step ahead of now: wait for the clock when the next step is not yet in the window.
    private async Task<string> NextCodeAsync(string key)
    {
        var step = Math.Max(lastStep + 1, RfcTotp.StepAt(DateTimeOffset.UtcNow));
        while (step > RfcTotp.StepAt(DateTimeOffset.UtcNow) + 1) await Task.Delay(500);
        lastStep = step;
        return RfcTotp.Code(key, step);
    }

    private async Task OpenUserSettingsAsync()
    {
        await PortalUi.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "User Settings", Exact = true }).ClickAsync();
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
    }

    private async Task SignOutAsync()
    {
        await PortalUi.ChooseFromMenuAsync(page, Name, "Sign Out");
        await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync();
    }
}
