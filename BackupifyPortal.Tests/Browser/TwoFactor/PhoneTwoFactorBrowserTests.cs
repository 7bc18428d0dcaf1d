using BackupifyPortal.Data;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser.TwoFactor;

/// <summary>
/// The help article's phone flow in Chromium: enable from User Settings, verify at the next log in with the code from the outbox.
/// The dialog is walked in full once (a bad number refused, then saved); tests about the next sign-in start from a number the
/// portal's enrolment service saved, and the screens' axe checks are <see cref="EveryScreenAxeTests"/>' (every impact).
/// </summary>
[Collection(BrowserCollection.Name)]
public class PhoneTwoFactorBrowserTests(PlaywrightFixture browser, ITestOutputHelper output) : BrowserPageTest(browser)
{
    [Fact]
    public async Task Partner_EnablesPhoneFromBackupify2Shell_VerifiesBySmsAtNextLogIn()
    {
        var email = await FreshPeople.CreateAsync(Server, "Paula Partner", AccountKind.PartnerPortal, AccountKind.Backupify2);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Multi-Account Login"));
        await PortalUi.AccountChoice(page, "Backupify").ClickAsync();
        await PortalUi.ChooseFromMenuAsync(page, "Paula Partner", "User Settings");

        var dialog = await OpenEnableDialogAsync();
        await RefuseABadNumberAsync(dialog);
        await SaveNumberAsync(dialog, "2015550142", landline: false);
        // The person is told by email, so a change made from a hijacked session does not go unnoticed.
        var notice = await page.APIRequest.GetAsync("/dev/outbox.json");
        Assert.Contains(System.Text.Json.JsonDocument.Parse(await notice.TextAsync()).RootElement.EnumerateArray(),
            m => m.GetProperty("to").GetString() == email && m.GetProperty("text").GetString()!.StartsWith("Your two-factor authentication changed"));
        await SignOutAsync("Paula Partner");

        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "2FA Verification"));
        await AssertNoSeriousViolationsAsync("2FA Verification");
        var (channel, code) = await FreshPeople.LatestCodeAsync(page, "+12015550142");
        Assert.Equal("SMS", channel);
        await page.GetByLabel("Verification code").FillAsync(code);
        await PortalUi.Button(page, "Submit").ClickAsync();

        await Expect(PortalUi.Heading(page, "Multi-Account Login")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task DirectClassicCustomer_Landline_GetsAVoiceCallAndCanResendByPhoneCall()
    {
        var email = await FreshPeople.CreateAsync(Server, "Lena Landline", AccountKind.BackupifyClassic);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await PortalUi.ChooseFromMenuAsync(page, "Settings", "User Settings");

        await SaveNumberAsync(await OpenEnableDialogAsync(), "2015550177", landline: true);
        await PortalUi.ChooseFromMenuAsync(page, "Settings", "Sign Out");
        await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync();

        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "2FA Verification"));
        var (channel, first) = await FreshPeople.LatestCodeAsync(page, "+12015550177");
        Assert.Equal("Voice", channel);

        // Re-send by Phone Call once the server-anchored cooldown is over; the new code voids the first.
        await Expect(PortalUi.Button(page, "Phone Call")).ToBeEnabledAsync(new() { Timeout = 15_000 });
        await PortalUi.Button(page, "Phone Call").ClickAsync();
        await Expect(PortalUi.Button(page, "Phone Call")).ToBeDisabledAsync();
        var (_, second) = await FreshPeople.LatestCodeAsync(page, "+12015550177");
        Assert.NotEqual(first, second); // the same six random digits twice: one in a million
        await page.GetByLabel("Verification code").FillAsync(first);
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(page.GetByText("That code isn't right", new() { Exact = false })).ToBeVisibleAsync();
        await page.GetByLabel("Verification code").FillAsync(second);
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FiveWrongCodes_ShowTheWaitAndTheRightCodeIsRefusedMeanwhile()
    {
        var email = await FreshPeople.CreateAsync(Server, "Wanda Wrong", AccountKind.Backupify2);
        await FreshPeople.PendingPhoneAsync(Server, email, "2015550188");

        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "2FA Verification"));
        var (_, code) = await FreshPeople.LatestCodeAsync(page, "+12015550188");
        output.WriteLine("A code was sent; five wrong ones follow.");
        var wrong = code == "111111" ? "222222" : "111111";
        for (var i = 0; i < 5; i++)
        {
            await page.GetByLabel("Verification code").FillAsync(wrong);
            await PortalUi.Button(page, "Submit").ClickAsync();
            // Each answer shows before the next code is typed (a re-render arriving late would clear a code typed early).
            await Expect(page.GetByText(i < 4 ? $"{4 - i} attempt" : "Try again in", new() { Exact = false }).First).ToBeVisibleAsync();
        }

        // During the lockout the code cannot even be entered, so the right code cannot sign in either.
        await Expect(page.GetByLabel("Verification code")).ToBeDisabledAsync();
        await Expect(PortalUi.Button(page, "Submit")).ToBeDisabledAsync();
        await Expect(PortalUi.Heading(page, "2FA Verification")).ToBeVisibleAsync();
        output.WriteLine("Locked out after 5 wrong codes; the right code did not sign in during the lockout.");
    }

    [Fact]
    public async Task MistypedNumber_WrongNumberContinueWithoutVerifying_SignsInAndTellsTheOwner()
    {
        var email = await FreshPeople.CreateAsync(Server, "Mia Mistyped", AccountKind.Backupify2);
        await FreshPeople.PendingPhoneAsync(Server, email, "2015550199");

        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "2FA Verification"));
        await FreshPeople.LatestCodeAsync(page, "+12015550199"); // the code went to the number that was never hers
        await PortalUi.WaitForInteractiveAsync(page);
        await PortalUi.Button(page, "Wrong number? Continue without verifying").ClickAsync();

        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync();
        var outbox = await page.APIRequest.GetAsync("/dev/outbox.json");
        Assert.Contains(System.Text.Json.JsonDocument.Parse(await outbox.TextAsync()).RootElement.EnumerateArray(),
            m => m.GetProperty("to").GetString() == email && m.GetProperty("text").GetString()!.StartsWith("You signed in without verifying your phone number"));
    }

    private async Task<ILocator> OpenEnableDialogAsync()
    {
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await PortalUi.Switch(page, "Two Factor Authentication").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText("Enable Two Factor Authentication")).ToBeVisibleAsync();
        return dialog;
    }

    // A bad number is refused next to the field and nothing is saved.
    private static async Task RefuseABadNumberAsync(ILocator dialog)
    {
        await dialog.GetByLabel("Phone number").FillAsync("12");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Enable", Exact = true }).ClickAsync();
        await Expect(dialog.GetByText("isn't a valid phone number", new() { Exact = false }).First).ToBeVisibleAsync();
    }

    private async Task SaveNumberAsync(ILocator dialog, string nationalNumber, bool landline)
    {
        await dialog.GetByLabel("Phone number").FillAsync(nationalNumber);
        if (landline) await dialog.GetByLabel("This is a landline").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Enable", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(PortalUi.Switch(page, "Two Factor Authentication")).ToBeCheckedAsync();
    }

    private async Task SignOutAsync(string menu)
    {
        await PortalUi.ChooseFromMenuAsync(page, menu, "Sign Out");
        await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync();
    }

    private Task AssertNoSeriousViolationsAsync(string screen) => AxeChecks.AssertNoSeriousViolationsAsync(page, screen, output);
}
