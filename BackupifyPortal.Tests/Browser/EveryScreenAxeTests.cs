using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Tests.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>
/// axe-core on every page and every open dialog, on a desktop and on a 390×844 phone, as each kind of person:
/// no violation of any impact (issue 18). Each test walks one person's screens once, at the desktop size; at each
/// screen the same page is checked at both sizes (resized in place), so sign-ins and setups are paid once.
/// Every violation is reported at once, each naming its screen and size.
/// </summary>
[Collection(BrowserCollection.Name)]
public class EveryScreenAxeTests(PlaywrightFixture browser, ITestOutputHelper output) : BrowserPageTest(browser)
{
    /// <summary>The walk's own size first: each check ends back at it.</summary>
    private static readonly (string Name, int Width, int Height)[] Sizes = [("desktop", 1280, 800), ("phone", 390, 844)];

    private readonly List<string> violations = [];

    [Fact]
    public async Task Customer_SignedOutPagesSettingsEveryTwoFactorDialogAndTwoFactorLogIn_HaveNoViolation()
    {
        await UseSizeAsync(Sizes[0]);
        await page.GotoAsync("/login");
        await PortalUi.WaitForInteractiveAsync(page);
        await AxeAsync("Log In", "log-in");
        await page.GotoAsync("/no-such-page");
        await Expect(PortalUi.Heading(page, "Page not found")).ToBeVisibleAsync();
        await AxeAsync("Page not found");

        var name = "Axel Access";
        var email = await FreshPeople.CreateAsync(Server, name, AccountKind.Backupify2);
        await SetTimeZoneAsync(email, CustomerZone);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await AxeAsync("Status (Backupify 2.0)", "status");
        await PortalUi.Button(page, name).ClickAsync();
        await Expect(PortalUi.MenuItem(page, "User Settings")).ToBeVisibleAsync();
        await AxeAsync("Status (Backupify 2.0), name menu open");
        await PortalUi.MenuItem(page, "User Settings").ClickAsync();
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        // Its dates (sessions, security events) in the person's own zone, named: the screenshot shows it.
        await Expect(page.GetByRole(AriaRole.Main).GetByText($"({CustomerZone})", new() { Exact = false }).First).ToBeVisibleAsync();
        await AxeAsync("User Settings (Backupify 2.0)", "user-settings");

        // Enable Two Factor Authentication, with and without its country list open.
        await PortalUi.Switch(page, "Two Factor Authentication").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText("Enable Two Factor Authentication")).ToBeVisibleAsync();
        await AxeAsync("Enable Two Factor Authentication");
        await dialog.GetByLabel("Country code").ClickAsync();
        await Expect(page.GetByText("United Kingdom (+44)", new() { Exact = true })).ToBeVisibleAsync();
        await AxeAsync("Enable Two Factor Authentication, country list open", "enable-two-factor");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByText("United Kingdom (+44)", new() { Exact = true })).ToBeHiddenAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // Choose Your Authenticator, each step.
        await PortalUi.Switch(page, "Authenticator App").ClickAsync();
        await Expect(dialog.GetByText("Choose Your Authenticator").First).ToBeVisibleAsync();
        await AxeAsync("Choose Your Authenticator: choose");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Google Authenticator" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Img, new() { Name = "QR code" })).ToBeVisibleAsync();
        await AxeAsync("Choose Your Authenticator: scan", "choose-your-authenticator");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Can't scan it?" }).ClickAsync();
        var key = (await dialog.GetByTestId("setup-key").TextContentAsync())!.Replace(" ", "");
        await dialog.GetByLabel("Verification code").FillAsync("000000");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();
        await Expect(dialog.GetByText(AuthenticatorMessages.WrongCode)).ToBeVisibleAsync();
        await AxeAsync("Choose Your Authenticator: setup key shown, a wrong code refused");
        await dialog.GetByLabel("Verification code").FillAsync(RfcTotp.CodeAt(key, DateTimeOffset.UtcNow));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        await AxeAsync("Choose Your Authenticator: recovery codes", "recovery-codes");
        await dialog.GetByLabel("I have saved these codes").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await Expect(PortalUi.Switch(page, "Authenticator App")).ToBeCheckedAsync();
        await AxeNoticeAsync("Authenticator App is on.");
        await AxeAsync("User Settings with an authenticator app");

        // Regenerate recovery codes: a person with an app is asked for its current code first.
        var recovery = page.GetByRole(AriaRole.Region, new() { Name = "Recovery codes", Exact = true });
        await recovery.GetByRole(AriaRole.Button, new() { Name = "Regenerate recovery codes", Exact = true }).ClickAsync();
        await Expect(recovery.GetByLabel("Verification code")).ToBeVisibleAsync();
        await AxeAsync("Regenerate recovery codes: the app's code");
        await recovery.GetByLabel("Verification code").FillAsync("000000");
        await recovery.GetByRole(AriaRole.Button, new() { Name = "Regenerate", Exact = true }).ClickAsync();
        await Expect(recovery.GetByText(AuthenticatorMessages.WrongCode)).ToBeVisibleAsync();
        await AxeAsync("Regenerate recovery codes: a wrong code refused");
        await recovery.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(recovery.GetByLabel("Verification code")).ToBeHiddenAsync();

        // Turning it off: its dialog, then Confirm it's you once the session's proof is old.
        await PortalUi.Switch(page, "Authenticator App").ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await AxeAsync("Turn off Authenticator App");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await AgeSessionsAsync(email);
        await PortalUi.Switch(page, "Two Factor Authentication").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm it's you" });
        await Expect(confirm).ToBeVisibleAsync();
        await AxeAsync("Confirm it's you");
        await page.Keyboard.PressAsync("Escape");
        await Expect(confirm).ToBeHiddenAsync();

        // The next log in asks for the app's code.
        await PortalUi.ChooseFromMenuAsync(page, name, "Sign Out");
        await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync();
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        await AxeAsync("Two Factor Log In", "two-factor-log-in");
        await PortalUi.Button(page, "Use a recovery code").ClickAsync();
        await Expect(page.GetByLabel("Recovery code")).ToBeVisibleAsync();
        await AxeAsync("Two Factor Log In, recovery code");

        AssertNoViolations();
    }

    [Fact]
    public async Task PartnerAndClassic_AccountsHomesSettingsAndAccessDenied_HaveNoViolation()
    {
        await UseSizeAsync(Sizes[0]);
        var name = "Petra Partner";
        var email = await FreshPeople.CreateAsync(Server, name, AccountKind.PartnerPortal, AccountKind.BackupifyClassic);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Multi-Account Login"));
        await AxeAsync("Multi-Account Login", "multi-account-login");
        await PortalUi.AccountChoice(page, "Partner Portal").ClickAsync();
        await Expect(PortalUi.Heading(page, "Partner Portal")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        await AxeAsync("Partner Portal home", "partner-portal");
        await PortalUi.Button(page, "Switch account").ClickAsync();
        await Expect(PortalUi.MenuItem(page, "Backupify Classic", exact: false)).ToBeVisibleAsync();
        await AxeAsync("Partner Portal, Switch account open");
        await page.Keyboard.PressAsync("Escape");
        var partnerHome = page.Url;

        // The setup page, while Petra has no factor yet.
        await page.GotoAsync("/setup");
        await PortalUi.WaitForInteractiveAsync(page);
        await AxeAsync("Setup wizard: choose method", "setup");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Authenticator app (recommended)" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up app", Level = 2 })).ToBeVisibleAsync();
        await AxeAsync("Setup wizard: set up app");

        // Now a verified phone and a passkey (as if added earlier), in her own time zone: User Settings shows the
        // backup phone, recovery codes and the passkey list, with dates.
        await GiveFactorsAsync(email);
        await page.GotoAsync(partnerHome);
        await PortalUi.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "User Settings", Exact = true }).ClickAsync();
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        var passkey = page.GetByRole(AriaRole.Listitem, new() { Name = "Work laptop" });
        await Expect(passkey.GetByText($"({PartnerZone})", new() { Exact = false })).ToBeVisibleAsync();
        await AxeAsync("User Settings (Partner Portal)");

        // Passkeys: Rename, then Add (its name field), later Remove.
        await passkey.GetByRole(AriaRole.Button, new() { Name = "Rename", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("New name for Work laptop")).ToBeVisibleAsync();
        await AxeAsync("Passkeys: Rename");
        await page.GetByLabel("New name for Work laptop").FillAsync("Home laptop");
        await PortalUi.Button(page, "Save").ClickAsync();
        passkey = page.GetByRole(AriaRole.Listitem, new() { Name = "Home laptop" });
        await Expect(passkey).ToBeVisibleAsync();
        await PortalUi.Button(page, "Add a passkey").ClickAsync();
        await Expect(page.GetByLabel("Passkey name")).ToBeVisibleAsync();
        await AxeAsync("User Settings (Partner Portal), adding a passkey");
        await page.GetByRole(AriaRole.Region, new() { Name = "Passkeys", Exact = true }).GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Passkey name")).ToBeHiddenAsync();

        // Regenerate recovery codes: with no app, the new set is shown at once.
        var recovery = page.GetByRole(AriaRole.Region, new() { Name = "Recovery codes", Exact = true });
        await recovery.GetByRole(AriaRole.Button, new() { Name = "Regenerate recovery codes", Exact = true }).ClickAsync();
        await Expect(recovery.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        await AxeAsync("Regenerate recovery codes: the new codes");
        await recovery.GetByRole(AriaRole.Button, new() { Name = "Hide codes", Exact = true }).ClickAsync();

        // The backup phone: add (number, then its code), its notice, then replace.
        var backup = page.GetByRole(AriaRole.Region, new() { Name = "Backup phone", Exact = true });
        await backup.GetByRole(AriaRole.Button, new() { Name = "Add a backup phone", Exact = true }).ClickAsync();
        await Expect(backup.GetByLabel("Backup phone number", new() { Exact = true })).ToBeVisibleAsync();
        await AxeAsync("Backup phone: add");
        await backup.GetByLabel("Backup phone number", new() { Exact = true }).FillAsync("+1 201 555 0176");
        await backup.GetByRole(AriaRole.Button, new() { Name = "Send code", Exact = true }).ClickAsync();
        await Expect(backup.GetByLabel("Verification code")).ToBeVisibleAsync();
        await AxeAsync("Backup phone: code sent");
        await backup.GetByLabel("Verification code").FillAsync((await FreshPeople.LatestCodeAsync(page, "+12015550176")).Code);
        await backup.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await AxeNoticeAsync("Your backup phone is verified.");
        // Its code was its first use: when, in her zone.
        await Expect(backup.GetByText("Backup phone last used", new() { Exact = false })).ToContainTextAsync($"({PartnerZone})");
        await backup.GetByRole(AriaRole.Button, new() { Name = "Replace backup phone", Exact = true }).ClickAsync();
        await Expect(backup.GetByLabel("New backup phone number", new() { Exact = true })).ToBeVisibleAsync();
        await AxeAsync("Backup phone: replace");
        await backup.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(backup.GetByLabel("New backup phone number", new() { Exact = true })).ToBeHiddenAsync();

        await passkey.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText("Remove the passkey", new() { Exact = false })).ToBeVisibleAsync();
        await AxeAsync("Passkeys: Remove");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove passkey", Exact = true }).ClickAsync();
        await AxeNoticeAsync("Passkey \"Home laptop\" removed.");

        await PortalUi.Button(page, "Switch account").ClickAsync();
        await PortalUi.MenuItem(page, "Backupify Classic", exact: false).ClickAsync();
        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        await AxeAsync("Status (Backupify Classic)");
        await PortalUi.Button(page, "Settings").ClickAsync();
        await Expect(PortalUi.MenuItem(page, "User Settings")).ToBeVisibleAsync();
        await AxeAsync("Status (Backupify Classic), Settings menu open");
        await PortalUi.MenuItem(page, "User Settings").ClickAsync();
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        await AxeAsync("User Settings (Backupify Classic)");

        await page.GotoAsync("/admin");
        await Expect(PortalUi.Heading(page, "Access denied")).ToBeVisibleAsync();
        await AxeAsync("Access denied");

        AssertNoViolations();
    }

    [Fact]
    public async Task Consoles_AdminSupportAuditLogAndTheirDialogs_HaveNoViolation()
    {
        await UseSizeAsync(Sizes[0]);
        var (admin, person, newcomer) = await NewOrganisationAsync();
        await BrowserSignIn.SignInAsync(page, admin, PortalUi.Heading(page, "Two-Factor Enrollment"));
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = person });
        await Expect(row).ToBeVisibleAsync();
        await AxeAsync("Admin console", "admin-console");

        await PortalUi.Switch(page, "Require two-factor authentication").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await AxeAsync("Require two-factor authentication?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        await row.GetByRole(AriaRole.Button, new() { Name = "Reset 2FA", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await AxeAsync("Reset 2FA");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        await PortalUi.Button(page, "Send setup link to everyone not enrolled").ClickAsync();
        await Expect(dialog.GetByText("Send setup links?")).ToBeVisibleAsync();
        await AxeAsync("Send setup links?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = newcomer })
            .GetByRole(AriaRole.Button, new() { Name = "Send setup link", Exact = true }).ClickAsync();
        await AxeNoticeAsync($"Setup link sent to {newcomer}.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log", Exact = true }).ClickAsync();
        await Expect(PortalUi.Heading(page, "Audit log")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main).GetByText(admin).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main).GetByText($"({AdminZone})", new() { Exact = false }).First).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        await AxeAsync("Audit log", "audit-log");

        var support = await NewPageAsync();
        try
        {
            await support.SetViewportSizeAsync(page.ViewportSize!.Width, page.ViewportSize.Height);
            var other = page;
            page = support;
            await BrowserSignIn.SignInAsync(page, DemoPeople.Support, PortalUi.Heading(page, "Support"));
            await AxeAsync("Support console");
            await page.GetByLabel("Customer email").FillAsync(person);
            await PortalUi.Button(page, "Look up").ClickAsync();
            await Expect(page.GetByText("Current step:", new() { Exact = false })).ToBeVisibleAsync();
            await AxeAsync("Support console, customer card", "support-console");
            page = other;
        }
        finally { await support.Context.DisposeAsync(); }

        AssertNoViolations();
    }

    private Task UseSizeAsync((string Name, int Width, int Height) size) => page.SetViewportSizeAsync(size.Width, size.Height);

    /// <summary>
    /// axe on the page as it is, at each size in turn (the same page resized, nothing reloaded), back at the walk's size
    /// after; <paramref name="shot"/> names a main screen saved on demand (<see cref="Screenshots"/>).
    /// </summary>
    private async Task AxeAsync(string what, string? shot = null)
    {
        foreach (var size in Sizes)
        {
            if (size != Sizes[0]) await UseSizeAsync(size);
            // Transitions (dialogs, popovers, ripples) ended and a resize laid out: axe reads colours as drawn.
            await AxeChecks.SettledAsync(page);
            violations.AddRange(await AxeChecks.ViolationsAsync(page, $"{what} [{size.Name}]", output));
            if (shot is not null) await Screenshots.SaveAsync(page, shot, size.Name);
        }
        await UseSizeAsync(Sizes[0]);
    }

    /// <summary>
    /// A notice (snackbar) checked at each size once it is fully shown: the pointer rests on it, which holds it
    /// (MudBlazor pauses a hovered snackbar), and its fade-in has ended. Closed after (its close button), so the next
    /// check sees the page alone.
    /// </summary>
    private async Task AxeNoticeAsync(string text)
    {
        var notice = page.Locator(".mud-snackbar").Filter(new() { HasText = text });
        await Expect(notice).ToBeVisibleAsync();
        foreach (var size in Sizes)
        {
            if (size != Sizes[0]) await UseSizeAsync(size);
            await notice.HoverAsync();
            // Fully shown: its fade-in (a CSS animation of opacity) has ended and no fade-out has begun.
            await page.WaitForFunctionAsync("e => e.getAnimations().length === 0 && getComputedStyle(e).opacity > 0.9",
                await notice.ElementHandleAsync(), new() { PollingInterval = 50 });
            await AxeChecks.SettledAsync(page);
            violations.AddRange(await AxeChecks.ViolationsAsync(page, $"Notice \"{text}\" [{size.Name}]", output));
        }
        await UseSizeAsync(Sizes[0]);
        await notice.GetByRole(AriaRole.Button).First.ClickAsync();
        await page.Mouse.MoveAsync(0, 0);
        await Expect(notice).ToBeHiddenAsync(new() { Timeout = 20_000 });
    }

    private void AssertNoViolations() =>
        Assert.True(violations.Count == 0, $"{violations.Count} axe violation(s):\n" + string.Join("\n", violations));

    // Each walker's own zone, none UTC: the dates on their screens (and in the screenshots) say which.
    private const string CustomerZone = "America/New_York";
    private const string PartnerZone = "Europe/Berlin";
    private const string AdminZone = "Asia/Tokyo";

    private async Task SetTimeZoneAsync(string email, string zone)
    {
        await using var db = await Server.CreateDbContextAsync();
        await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZoneId, zone));
    }

    /// <summary>A verified phone, a passkey named "Work laptop" and the partner's zone, added while she is signed in.</summary>
    private async Task GiveFactorsAsync(string email)
    {
        await SetTimeZoneAsync(email, PartnerZone);
        await using var db = await Server.CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        db.Factors.Add(FactorRows.Phone(userId, "+12015550175", PhoneState.Verified));
        db.UserPasskeys.Add(new IdentityUserPasskey<string>
        {
            UserId = userId, CredentialId = Guid.NewGuid().ToByteArray(),
            Data = new IdentityPasskeyData { Name = "Work laptop", PublicKey = [5], CreatedAt = DateTimeOffset.UtcNow, AttestationObject = [], ClientDataJson = [] },
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// An organisation of its own: an admin in <see cref="AdminZone"/>, a person with a verified phone (so Reset 2FA is
    /// offered) and a newcomer with no factor (so a setup link can be sent).
    /// </summary>
    private async Task<(string Admin, string Person, string Newcomer)> NewOrganisationAsync()
    {
        var admin = await FreshPeople.CreateAsync(Server, "Ada Admin", AccountKind.PartnerPortal);
        var person = await FreshPeople.CreateAsync(Server, "Pete Person", AccountKind.Backupify2);
        var newcomer = await FreshPeople.CreateAsync(Server, "Nina Newcomer", AccountKind.Backupify2);
        await SetTimeZoneAsync(admin, AdminZone);
        await using var db = await Server.CreateDbContextAsync();
        var org = new Organization { Id = Guid.NewGuid(), Name = "Axe Test MSP" };
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        var adminId = await db.Users.Where(u => u.Email == admin).Select(u => u.Id).SingleAsync();
        var personId = await db.Users.Where(u => u.Email == person).Select(u => u.Id).SingleAsync();
        await db.Users.Where(u => u.Email == admin || u.Email == person || u.Email == newcomer).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganizationId, org.Id));
        db.UserClaims.Add(new IdentityUserClaim<string> { UserId = adminId, ClaimType = ConsolePolicies.RoleClaim, ClaimValue = ConsolePolicies.Admin });
        db.Factors.Add(FactorRows.Phone(personId, "+12015550188", PhoneState.Verified));
        await db.SaveChangesAsync();
        return (admin, person, newcomer);
    }

    /// <summary>This person's last proof of identity moves 16 minutes into the past.</summary>
    private async Task AgeSessionsAsync(string email)
    {
        await using var db = await Server.CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var past = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(16);
        await db.AuthSessions.Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.VerifiedAt, past));
    }
}
