using System.Text.Json;
using System.Text.RegularExpressions;
using System.Web;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>The setup page (where an emailed setup link lands) sits in the portal's own frame, with a way out.</summary>
[Collection(BrowserCollection.Name)]
public partial class SetupPageBrowserTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    [Fact]
    public async Task SetupPage_HasThePortalsLogoHome_AndANameMenuWithMyAccountsAndSignOut()
    {
        var email = await FreshPeople.CreateAsync(Server, "Otto Outway", AccountKind.Backupify2);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await page.GotoAsync("/setup");
        await Expect(PortalUi.Heading(page, "Set up two-factor authentication")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);

        await Expect(page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Backupify Portal" })).ToBeVisibleAsync();
        await PortalUi.ChooseFromMenuAsync(page, "Otto Outway", "My accounts");
        await Expect(page).Not.ToHaveURLAsync(new Regex("/setup$"));
        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync();

        await page.GotoAsync("/setup");
        await PortalUi.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Backupify Portal" }).ClickAsync();
        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync();
    }

    /// <summary>Issue 18 item 7: the emailed link opens one setup flow in the page, with a way out at each step, and no dialog over it.</summary>
    [Fact]
    public async Task EmailedSetupLink_SignIn_SetsUpTheAuthenticatorAppAsStepsOfThePage_WithNoDialog()
    {
        var email = await FreshPeople.CreateAsync(Server, "Sadie Steps", AccountKind.Backupify2);
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var userId = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            Assert.True((await scope.ServiceProvider.GetRequiredService<SetupLinks>().SendToSelfAsync(userId)).Sent);
        }
        // Any dialog that appears at any moment of the flow is remembered, however briefly it was there.
        await page.AddInitScriptAsync("""
            new MutationObserver(() => { if (document.querySelector('[role=dialog], dialog[open]')) window.bpSawDialog = true; })
              .observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['role', 'open'] });
            """);

        var link = await SetupLinkFromOutboxAsync(email);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Set up two-factor authentication"), path: link);
        await Expect(page).ToHaveURLAsync(new Regex("/setup$"));

        await page.GetByRole(AriaRole.Radio, new() { Name = "Authenticator app (recommended)" }).CheckAsync();
        await Expect(WayOut()).ToBeVisibleAsync();
        await PortalUi.Button(page, "Continue").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose Your Authenticator" })).ToBeVisibleAsync();
        await Expect(WayOut()).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Google Authenticator" }).ClickAsync();
        await PortalUi.Button(page, "Continue").ClickAsync();

        // The secret as a phone's camera reads it from the QR code on screen; the code from Otp.NET.
        var qr = page.GetByRole(AriaRole.Img, new() { Name = "QR code" });
        await Expect(qr).ToBeVisibleAsync();
        var uri = new Uri(QrCodeTests.Decode(await qr.EvaluateAsync<string>("e => e.outerHTML")));
        var secret = HttpUtility.ParseQueryString(uri.Query)["secret"]!;
        await page.GetByLabel("Verification code").FillAsync(new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow));
        await PortalUi.Button(page, "Next").ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        await page.GetByLabel("I have saved these codes").CheckAsync();
        await PortalUi.Button(page, "Done").ClickAsync();

        await Expect(page.GetByText("Your authenticator app (Google Authenticator) is confirmed.")).ToBeVisibleAsync();
        await Expect(WayOut()).ToBeVisibleAsync();
        await PortalUi.Button(page, "Continue").ClickAsync();
        // The codes were shown and "I have saved these codes" ticked once, in the app's steps: the wizard does not ask again.
        await Expect(page.GetByText("Two-factor authentication is set up.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("I have saved my recovery codes")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Go to my accounts" })).ToBeVisibleAsync();

        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            Assert.True(await db.Factors.AnyAsync(f => f.UserId == userId && f.Kind == FactorKind.AuthenticatorApp && f.Name == "Google Authenticator"));
        }
        Assert.False(await page.EvaluateAsync<bool>("() => window.bpSawDialog === true"), "a dialog was shown during the setup flow");
    }

    private ILocator WayOut() => page.GetByRole(AriaRole.Link, new() { Name = "Finish later" });

    /// <summary>The setup link in the newest email to <paramref name="email"/>, read from /dev/outbox.json as a person reads their mail.</summary>
    private async Task<string> SetupLinkFromOutboxAsync(string email)
    {
        var response = await page.APIRequest.GetAsync("/dev/outbox.json");
        var mail = JsonDocument.Parse(await response.TextAsync()).RootElement.EnumerateArray()
            .First(m => m.GetProperty("to").GetString() == email);
        return SetupPath().Match(mail.GetProperty("text").GetString()!).Value;
    }

    [GeneratedRegex(@"/setup/[A-Za-z0-9_\-]{43}")]
    private static partial Regex SetupPath();
}
