using System.Text.RegularExpressions;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class SignInAndOutTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    [Theory]
    [InlineData(DemoPeople.Direct, "Dana Direct")]
    [InlineData(DemoPeople.DirectClassic, "Settings")]
    [InlineData(DemoPeople.Partner, "Pat Partner")]
    public async Task SignOut_FromAccountMenu_ReturnsToLoginAndEndsTheSession(string email, string accountMenu)
    {
        var firstPage = email == DemoPeople.Partner ? "Multi-Account Login" : "Status";
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, firstPage));
        if (email == DemoPeople.Partner)
        {
            await PortalUi.AccountChoice(page, "Partner Portal").ClickAsync();
            await Expect(PortalUi.Heading(page, "Partner Portal")).ToBeVisibleAsync();
        }

        await PortalUi.ChooseFromMenuAsync(page, accountMenu, "Sign Out");

        // The live circuit also learns that its session ended and may get to /login first, carrying the page as returnUrl.
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await Expect(PortalUi.Button(page, "Log In")).ToBeVisibleAsync();
        await page.GotoAsync("/accounts");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Faccounts$"));
    }

    [Fact]
    public async Task AnonymousVisit_ToStatusPage_ComesBackThereAfterSignIn()
    {
        var status = $"/backupify/{await AccountIdAsync(DemoPeople.Direct)}/status";

        await BrowserSignIn.SignInAsync(page, DemoPeople.Direct, PortalUi.Heading(page, "Status"), path: status);

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(status) + "$"));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task SignIn_WithForeignReturnUrl_StaysInThePortal(string returnUrl)
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.Partner, PortalUi.Heading(page, "Multi-Account Login"),
            path: "/login?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.StartsWith(Server.BaseUrl + "/accounts", page.Url);
    }

    [Fact]
    public async Task SignIn_ThroughTheLoginPage_LeavesNoTicketOrPasswordInTheLogs()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.DirectClassic, PortalUi.Heading(page, "Status"));

        await using var db = await Server.CreateDbContextAsync();
        var ticketHashes = (await db.SignInTickets.Select(t => t.TokenHash).ToListAsync()).ToHashSet();
        Assert.NotEmpty(ticketHashes);
        var logText = string.Join("\n", Server.Logs.Entries.Select(e => e.FullText));
        // A ticket is 64 hex characters; any such run in the logs must not hash to a stored ticket.
        var leaked = Regex.Matches(logText, "[0-9A-Fa-f]{64}").Select(m => m.Value)
            .Where(candidate => ticketHashes.Contains(BackupifyPortal.Features.SignIn.BrowserBinding.Hash(candidate.ToUpperInvariant())));
        Assert.Empty(leaked);
        Assert.Empty(Server.Logs.Containing(DemoPeople.Password).Select(e => $"{e.Level} {e.Category}"));
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsTheGenericMessageAndStaysOnLogin()
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("nobody@demo.test");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Wrong-Pass-2026");
        await PortalUi.Button(page, "Log In").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Incorrect email or password");
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        // The email stays; the password is never sent back to the page.
        await Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("nobody@demo.test");
        await Expect(page.GetByLabel("Password", new() { Exact = true })).ToHaveValueAsync("");
    }

    private async Task<Guid> AccountIdAsync(string email)
    {
        await using var db = await Server.CreateDbContextAsync();
        return await db.Accounts.Where(a => a.Owner!.Email == email && a.Kind != AccountKind.PartnerPortal).Select(a => a.Id).SingleAsync();
    }
}
