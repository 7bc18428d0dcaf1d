using BackupifyPortal.Tests.TwoFactor;
using System.Text.RegularExpressions;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>Paths that used to end nowhere: the first address, console staff after sign-in, Sign Out, the send cap.</summary>
[Collection(BrowserCollection.Name)]
public class DeadEndBrowserTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    [Fact]
    public async Task FirstAddress_SignedOut_ShowsLogIn_SignedIn_GoesHome()
    {
        await page.GotoAsync("/");
        await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));

        await BrowserSignIn.SignInAsync(page, DemoPeople.Direct, PortalUi.Heading(page, "Status"), path: "/");
        await page.GotoAsync("/");
        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Admin_SignsIn_LandsOnTheConsole_AndEveryShellLinksBackToIt()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.Admin, PortalUi.Heading(page, "Two-Factor Enrollment"));
        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));

        await PortalUi.ChooseFromMenuAsync(page, "Alex Admin", "My accounts");
        await Expect(PortalUi.Heading(page, "Partner Portal")).ToBeVisibleAsync();
        await PortalUi.ChooseFromMenuAsync(page, "Alex Admin", "Admin console");
        await Expect(PortalUi.Heading(page, "Two-Factor Enrollment")).ToBeVisibleAsync();

        // The help article's path to User Settings still works from there.
        await PortalUi.ChooseFromMenuAsync(page, "Alex Admin", "My accounts");
        await PortalUi.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "User Settings", Exact = true }).ClickAsync();
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Support_SignsIn_LandsOnTheSupportConsole()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.Support, PortalUi.Heading(page, "Support"));
        await Expect(page).ToHaveURLAsync(new Regex("/support$"));
    }

    [Fact]
    public async Task SignOut_WithASecondTabOpen_BothTabsEndAtACleanLogIn()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.DirectClassic, PortalUi.Heading(page, "Status"));
        var otherTab = await page.Context.NewPageAsync();
        await otherTab.GotoAsync(page.Url);
        await Expect(PortalUi.Heading(otherTab, "Status")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(otherTab);

        await PortalUi.ChooseFromMenuAsync(page, "Settings", "Sign Out");

        // The other tab's circuit sees its session end; the next person must not be sent to this person's page.
        foreach (var tab in new[] { page, otherTab })
        {
            await Expect(PortalUi.Button(tab, "Log In")).ToBeVisibleAsync();
            await Expect(tab).ToHaveURLAsync(new Regex("/login$"));
        }
    }

    [Fact]
    public async Task SendCap_Reached_SaysUntilWhenAndWhatElseWorks_NeverGettingReady()
    {
        var email = await FreshPeople.CreateAsync(Server, "Carl Capped", AccountKind.Backupify2);
        await using (var db = await Server.CreateDbContextAsync())
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            user.TwoFactorEnabled = true;
            var now = DateTimeOffset.UtcNow;
            db.Factors.Add(FactorRows.Phone(user.Id, "+12015550166", PhoneState.Verified, DeliveryChannel.Sms, now));
            // Five sends in the last hour: the per-person cap.
            db.CodeDeliveries.AddRange(Enumerable.Range(1, 5).Select(i => new CodeDelivery
            {
                UserId = user.Id, PhoneHash = "capped", Channel = DeliveryChannel.Sms, SentAt = now.AddMinutes(-10 - i), Succeeded = true,
            }));
            await db.SaveChangesAsync();
        }

        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));

        var refusal = page.GetByText("You've asked for too many codes", new() { Exact = false });
        await Expect(refusal).ToBeVisibleAsync();
        await Expect(refusal).ToContainTextAsync(new Regex(@"until \d{1,2}:\d\d [AP]M \(UTC[+-]\d\d:\d\d\), in \d+ min"));
        await Expect(refusal).ToContainTextAsync("ask your administrator or Backupify support");
        await Expect(page.GetByText("Getting your verification code ready", new() { Exact = false })).ToHaveCountAsync(0);
        await Expect(PortalUi.Button(page, "SMS")).ToBeDisabledAsync();
        await Expect(PortalUi.Button(page, "Phone Call")).ToBeDisabledAsync();
    }
}
