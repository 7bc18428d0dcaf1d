using BackupifyPortal.Data;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser.TwoFactor;

/// <summary>A session whose last proof of identity is over 15 minutes old must "Confirm it's you" before any 2FA change.</summary>
[Collection(BrowserCollection.Name)]
public class ReauthenticationBrowserTests(PlaywrightFixture browser, ITestOutputHelper output) : BrowserPageTest(browser)
{
    [Fact]
    public async Task StaleSession_TurningOn2fa_AsksForThePasswordFirst_WrongIsRefusedNextToTheField_RightOpensTheEnableDialog()
    {
        var email = await FreshPeople.CreateAsync(Server, "Stale Sam", AccountKind.Backupify2);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await PortalUi.ChooseFromMenuAsync(page, "Stale Sam", "User Settings");
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await AgeSessionsAsync(email, TimeSpan.FromMinutes(16));

        await PortalUi.Switch(page, "Two Factor Authentication").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm it's you" });
        await Expect(confirm).ToBeVisibleAsync();
        await AxeChecks.AssertNoSeriousViolationsAsync(page, "Confirm it's you dialog", output);

        // Escape backs out: no change, no Enable dialog.
        await page.Keyboard.PressAsync("Escape");
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(PortalUi.Switch(page, "Two Factor Authentication")).Not.ToBeCheckedAsync();

        await PortalUi.Switch(page, "Two Factor Authentication").ClickAsync();
        await confirm.GetByLabel("Password").FillAsync("not-my-password");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Expect(confirm.GetByText("That password isn't right.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Enable Two Factor Authentication")).ToHaveCountAsync(0);

        await confirm.GetByLabel("Password").FillAsync(DemoPeople.Password);
        await confirm.GetByLabel("Password").PressAsync("Enter");
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Dialog).GetByText("Enable Two Factor Authentication")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FreshSession_TurningOn2fa_OpensTheEnableDialogStraightAway()
    {
        var email = await FreshPeople.CreateAsync(Server, "Fresh Fay", AccountKind.BackupifyClassic);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await PortalUi.ChooseFromMenuAsync(page, "Settings", "User Settings");

        await PortalUi.Switch(page, "Two Factor Authentication").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Dialog).GetByText("Enable Two Factor Authentication")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm it's you" })).ToHaveCountAsync(0);
    }

    /// <summary>Time passing for this person's sessions only: their last proof moves into the past.</summary>
    private async Task AgeSessionsAsync(string email, TimeSpan age)
    {
        await using var db = await Server.CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var past = DateTimeOffset.UtcNow - age;
        Assert.Equal(1, await db.AuthSessions.Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.VerifiedAt, past)));
    }
}
