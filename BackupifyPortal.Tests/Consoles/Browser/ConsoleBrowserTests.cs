using BackupifyPortal.Tests.TwoFactor;
using System.Diagnostics;
using System.Text.RegularExpressions;
using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BackupifyPortal.Tests.Consoles.Browser;

/// <summary>Two real browsers: a customer in setup and a support agent or admin watching and acting.</summary>
public partial class ConsoleBrowserTests(ConsoleBrowserFixture app) : IClassFixture<ConsoleBrowserFixture>
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/support")]
    public async Task Console_OpenedByASignedInCustomer_ShowsAccessDeniedInPlaceWithALinkToTheirAccounts(string path)
    {
        var customer = await app.SignedInPageAsync("direct@demo.test");

        var response = await customer.GotoAsync(path);
        await ConsoleBrowserFixture.WaitForInteractiveAsync(customer);

        // The live circuit renders the same page: no trip to /login (which sent a signed-in person back here, for ever).
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(customer.GetByRole(AriaRole.Heading, new() { Name = "Access denied", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(customer.GetByRole(AriaRole.Link, new() { Name = "Go to my accounts" })).ToHaveAttributeAsync("href", "/accounts");
        Assert.Equal(path, new Uri(customer.Url).AbsolutePath);
    }

    [Fact]
    public async Task SupportConsole_CustomerMovesThroughWizard_AgentSeesEachStepLive()
    {
        var agent = await app.SignedInPageAsync("support@demo.test");
        var customer = await app.SignedInPageAsync("direct@demo.test");

        await agent.GotoAsync("/support");
        await ConsoleBrowserFixture.WaitForInteractiveAsync(agent);
        await agent.GetByLabel("Customer email").FillAsync("direct@demo.test");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Look up", Exact = true }).ClickAsync();
        await Assertions.Expect(agent.GetByText("Current step: not in setup")).ToBeVisibleAsync();

        await customer.GotoAsync("/setup");
        await ConsoleBrowserFixture.WaitForInteractiveAsync(customer);
        await Assertions.Expect(agent.GetByText("Current step: Setup wizard: Choose method")).ToBeVisibleAsync();
        await customer.GetByText("Authenticator app (recommended)").ClickAsync();
        var clock = Stopwatch.StartNew();
        await customer.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Assertions.Expect(agent.GetByText("Current step: Setup wizard: Set up app")).ToBeVisibleAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");

        // Choose Your Authenticator's steps are part of the page (no dialog); support follows them too.
        await Assertions.Expect(customer.GetByRole(AriaRole.Heading, new() { Name = "Choose Your Authenticator" })).ToBeVisibleAsync();
        await Assertions.Expect(agent.GetByText("Current step: Choose Your Authenticator — Step 1 of 3: choose your app")).ToBeVisibleAsync();
        Assert.DoesNotContain("otpauth", await agent.ContentAsync());
    }

    [Fact]
    public async Task AdminConsole_ResetWithReasonAndPassword_PersonOpensTheEmailedLinkOnceAndGetsTheWizard()
    {
        var admin = await app.SignedInPageAsync("admin@demo.test");
        await admin.GotoAsync("/admin");
        await ConsoleBrowserFixture.WaitForInteractiveAsync(admin);
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Two-Factor Enrollment", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByText(EnrolledSummary())).ToBeVisibleAsync();

        // Reset 2FA is offered only to a person with a factor: give partner-classic a verified phone first.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var personId = await db.Users.Where(u => u.Email == "partner-classic@demo.test").Select(u => u.Id).SingleAsync();
            db.Factors.Add(FactorRows.Phone(personId, "+12015550174", PhoneState.Verified));
            await db.SaveChangesAsync();
        }
        await admin.ReloadAsync();
        await ConsoleBrowserFixture.WaitForInteractiveAsync(admin);
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "partner-classic@demo.test" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Reset 2FA", Exact = true }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Reset 2FA", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog.GetByText("Enter the reason for the reset")).ToBeVisibleAsync();
        await dialog.GetByLabel("Reason").FillAsync("Lost phone, confirmed in person");
        await dialog.GetByLabel("Your password").FillAsync(DemoSeeder.Password);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Reset 2FA", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.GetByText("was reset")).ToBeVisibleAsync();

        var link = await SetupLinkSentToAsync("partner-classic@demo.test");
        var person = await app.SignedInPageAsync("partner-classic@demo.test");
        await person.GotoAsync(link);
        await Assertions.Expect(person.GetByText("Authenticator app (recommended)")).ToBeVisibleAsync();
        await Assertions.Expect(person).ToHaveURLAsync(new Regex("/setup$"));

        await person.GotoAsync(link);
        await Assertions.Expect(person.GetByText("expired or was already used")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SetupLink_OpenedBeforeLogIn_LogInPageCarriesNoToken_AndAfterLogInTheWizardOpens()
    {
        var email = $"held-{Guid.NewGuid():N}@demo.test";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
            Assert.True((await users.CreateAsync(new PortalUser { UserName = email, Email = email, DisplayName = "Held Link" }, Infrastructure.DemoPeople.Password)).Succeeded);
            var person = await users.FindByEmailAsync(email);
            Assert.True((await scope.ServiceProvider.GetRequiredService<BackupifyPortal.Features.Admin.SetupLinks>().SendToSelfAsync(person!.Id)).Sent);
        }
        var link = await SetupLinkSentToAsync(email);
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, Locale = "en-US" });
        var page = await context.NewPageAsync();

        await page.GotoAsync(link);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fsetup$"));
        await ConsoleBrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Infrastructure.DemoPeople.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log In", Exact = true }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/setup$"), new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByText("Authenticator app (recommended)")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.SetupLinks.AnyAsync(l => l.UsedAt != null && db.Users.Any(u => u.Id == l.UserId && u.Email == email)));
        await context.CloseAsync();
    }

    private async Task<string> SetupLinkSentToAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var mail = await db.OutboxMessages.Where(m => m.To == email && m.Channel == "Email").OrderByDescending(m => m.Id).FirstAsync();
        return SetupPath().Match(mail.Text).Value;
    }

    [GeneratedRegex(@"/setup/[A-Za-z0-9_\-]{43}")]
    private static partial Regex SetupPath();

    [GeneratedRegex(@"\d+ of \d+ enrolled")]
    private static partial Regex EnrolledSummary();
}
