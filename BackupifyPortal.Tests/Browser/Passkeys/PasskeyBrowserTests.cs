using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Passkeys;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser.Passkeys;

/// <summary>
/// Passkeys in Chromium with the DevTools virtual authenticator, on http://localhost:port (WebAuthn refuses IP
/// addresses): added in User Settings, a whole sign-in on its own, the second factor after a password, refused once
/// removed, and refused when relayed from another origin.
/// </summary>
[Collection(BrowserCollection.Name)]
public class PasskeyBrowserTests(PlaywrightFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Name = "Pia Passkey";
    private IPage page = null!;
    private ICDPSession cdp = null!;
    private string authenticatorId = "";

    private LivePortalServer Server => browser.Server;

    public async Task InitializeAsync()
    {
        page = await browser.NewLocalhostPageAsync();
        // The virtual authenticator answers a conditional (autofill) request at once; unless a test turns autofill on,
        // the page is a browser without passkey autofill, so the buttons are what signs in.
        await page.Context.AddInitScriptAsync(@"if (localStorage.getItem('bp-test-autofill') !== 'on' && window.PublicKeyCredential)
            PublicKeyCredential.isConditionalMediationAvailable = async () => false;");
        (cdp, authenticatorId) = await VirtualAuthenticator.AddWithIdAsync(page);
    }

    public async Task DisposeAsync() => await page.Context.DisposeAsync();

    [Fact]
    public async Task Passkey_AddedInUserSettings_SignsInAloneAndAsSecondFactor_AndIsRefusedOnceRemoved()
    {
        var email = await SignedInNewPersonInUserSettingsAsync();

        await AddPasskeyAsync("Work laptop");
        var item = page.GetByRole(AriaRole.Listitem, new() { Name = "Work laptop" });
        await item.GetByRole(AriaRole.Button, new() { Name = "Rename", Exact = true }).ClickAsync();
        await page.GetByLabel("New name for Work laptop").FillAsync("Home laptop");
        await PortalUi.Button(page, "Save").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Listitem, new() { Name = "Home laptop" })).ToBeVisibleAsync();

        // A passkey alone is the whole sign-in: on to Multi-Account Login, never Two Factor Log In.
        await SignOutAndInWithThePasskeyAsync();

        // The browser's passkey autofill on the Email field signs in too, with no button pressed.
        await SignOutAsync();
        await page.EvaluateAsync("localStorage.setItem('bp-test-autofill', 'on')");
        await page.GotoAsync("/login");
        await Expect(PortalUi.Heading(page, "Multi-Account Login")).ToBeVisibleAsync();
        await page.EvaluateAsync("localStorage.removeItem('bp-test-autofill')");
        await PortalUi.WaitForInteractiveAsync(page); // as after the button: a click while the page starts its circuit was lost once
        await PortalUi.AccountChoice(page, "Partner Portal").ClickAsync();
        await Expect(PortalUi.Heading(page, "Partner Portal")).ToBeVisibleAsync();

        // After the password it is the second factor.
        await SignOutAsync();
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        await PortalUi.Button(page, "Use a passkey").ClickAsync();
        await Expect(PortalUi.Heading(page, "Multi-Account Login")).ToBeVisibleAsync();

        // Removed (the sign-in just now is the fresh proof), the authenticator still offers it, and the portal refuses it.
        // It is this person's last factor, so the last-factor rule asks first.
        await OpenUserSettingsAsync();
        await page.GetByRole(AriaRole.Listitem, new() { Name = "Home laptop" }).GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog).GetByText(LastFactorRule.ConfirmQuestion, new() { Exact = false })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove anyway", Exact = true }).ClickAsync();
        await Expect(page.GetByText("You have no passkeys yet.")).ToBeVisibleAsync();
        await SignOutAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        await PortalUi.Button(page, "Sign in with a passkey").ClickAsync();
        await Expect(page.GetByText("That passkey was not accepted", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync();

        await using var db = await Server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var events = await db.AuditEvents.Where(e => e.UserId == userId).Select(e => e.Type).ToListAsync();
        Assert.Contains(AuditEventTypes.PasskeyAdded, events);
        Assert.Contains(AuditEventTypes.PasskeyRenamed, events);
        Assert.Contains(AuditEventTypes.PasskeyRemoved, events);
        var methods = await db.SignInTickets.Where(t => t.UserId == userId && t.RedeemedAt != null).Select(t => t.Method).ToListAsync();
        Assert.Equal(2, methods.Count(m => m == PasskeySignIn.Method));
        Assert.Contains(SignInFactors.MethodFor(SignInFactors.Passkey), methods);
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.To == email && m.Text.Contains("passkey")));
        output.WriteLine("Added, renamed, signed in alone and as second factor, removed, refused afterwards.");
    }

    [Fact]
    public async Task Passkey_AssertionMadeOnAnotherOrigin_IsRefused_TheSameOnThePortalsOriginSignsIn()
    {
        var email = await FreshPeople.CreateAsync(Server, Name, AccountKind.PartnerPortal);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Partner Portal"));
        await OpenUserSettingsAsync(choose: false);
        await AddPasskeyAsync("Relay test");

        // Another origin with the same relying-party id (localhost, another port): the browser signs, the portal refuses.
        var otherPort = new Uri(Server.LocalhostUrl).Port == 8089 ? 8090 : 8089;
        await page.RouteAsync($"http://localhost:{otherPort}/**", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<!doctype html><title>Look-alike</title><p>look-alike</p>" }));
        var signIn = Server.Services.GetRequiredService<PasskeySignIn>();
        var browserSnapshot = new BrowserSnapshot("relay-test-browser", null);
        var relayed = await signIn.BeginAsync(browserSnapshot);
        await page.GotoAsync($"http://localhost:{otherPort}/");
        var relayedJson = await AssertAsync(relayed.OptionsJson);
        Assert.Equal(PasskeySignInOutcome.Refused, (await signIn.CompleteAsync(relayed.CeremonyId, relayedJson, browserSnapshot)).Outcome);

        // The same steps on the portal's own origin sign in, so only the origin made the difference.
        var genuine = await signIn.BeginAsync(browserSnapshot);
        await page.GotoAsync(Server.LocalhostUrl + "/login");
        var genuineJson = await AssertAsync(genuine.OptionsJson);
        Assert.Equal(PasskeySignInOutcome.SignedIn, (await signIn.CompleteAsync(genuine.CeremonyId, genuineJson, browserSnapshot)).Outcome);
    }

    [Fact]
    public async Task PasskeyOnlyPerson_ConfirmsItsYouWithThePasskey_AndRemovingTheLastPasskeyAsksFirst()
    {
        const string name = "Olga Onlykey";
        var email = await FreshPeople.CreateAsync(Server, name, AccountKind.PartnerPortal);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Partner Portal"));
        await OpenUserSettingsAsync(choose: false);
        await AddPasskeyAsync("Only key");

        // Sixteen minutes on, the session has no fresh proof: "Confirm it's you" asks for the passkey, never the password.
        await using (var db = await Server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var past = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(16);
            Assert.Equal(1, await db.AuthSessions.Where(s => s.UserId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.VerifiedAt, past)));
        }
        await page.GetByRole(AriaRole.Listitem, new() { Name = "Only key" }).GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        var question = page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = LastFactorRule.ConfirmQuestion });
        await Expect(question).ToBeVisibleAsync();
        await question.GetByRole(AriaRole.Button, new() { Name = "Remove anyway", Exact = true }).ClickAsync();

        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm it's you" });
        await Expect(confirm).ToBeVisibleAsync();
        await Expect(confirm.GetByLabel("Password")).ToHaveCountAsync(0);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Confirm with a passkey", Exact = true }).ClickAsync();
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(page.GetByText("You have no passkeys yet.")).ToBeVisibleAsync();

        await using var check = await Server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var userId = await check.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var events = await check.AuditEvents.Where(e => e.UserId == userId).Select(e => new { e.Type, e.Detail }).ToListAsync();
        Assert.Contains(events, e => e.Type == AuditEventTypes.ReauthSucceeded && e.Detail == $"method={ConfirmationMethod.Passkey}");
        Assert.Contains(events, e => e.Type == AuditEventTypes.PasskeyRemoved);
        output.WriteLine("Confirmed with the passkey; the last passkey went only after the question.");
    }

    [Fact]
    public async Task Passkey_PresentedAgainWithALowerSignCount_IsRefusedAsACloneAtLogIn_WhileThePasswordStillSignsIn()
    {
        var email = await SignedInNewPersonInUserSettingsAsync();
        await AddPasskeyAsync("Cloned key");

        // Two passkey sign-ins: each time the portal stores the count the authenticator signed.
        for (var i = 0; i < 2; i++) await SignOutAndInWithThePasskeyAsync();

        // A clone: the same credential (id, private key, user handle, rp id) one signature behind the original. It presents
        // a count lower than the one stored, yet higher than the count at registration, so only the stored count refuses it.
        var credentials = await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticatorId });
        var original = credentials!.Value.GetProperty("credentials").EnumerateArray().Single();
        var count = original.GetProperty("signCount").GetInt32();
        var credentialId = original.GetProperty("credentialId").GetString()!;
        await cdp.SendAsync("WebAuthn.removeCredential", new Dictionary<string, object> { ["authenticatorId"] = authenticatorId, ["credentialId"] = credentialId });
        await cdp.SendAsync("WebAuthn.addCredential", new Dictionary<string, object>
        {
            ["authenticatorId"] = authenticatorId,
            ["credential"] = new Dictionary<string, object>
            {
                ["credentialId"] = credentialId,
                ["isResidentCredential"] = true,
                ["rpId"] = original.GetProperty("rpId").GetString()!,
                ["privateKey"] = original.GetProperty("privateKey").GetString()!,
                ["userHandle"] = original.GetProperty("userHandle").GetString()!,
                // The authenticator adds one before it signs, so the clone presents count - 1.
                ["signCount"] = count - 2,
            },
        });

        await SignOutAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        await PortalUi.Button(page, "Sign in with a passkey").ClickAsync();
        await Expect(page.GetByText("That passkey was not accepted", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync();
        Assert.Equal((uint)count, await StoredSignCountAsync(email));

        // The person's other way in is untouched: the password still leads to Two Factor Log In.
        await page.GotoAsync("/login");
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));

        output.WriteLine($"Stored count {count}; the clone presented {count - 1} and was refused.");
    }

    private async Task<uint> StoredSignCountAsync(string email)
    {
        await using var db = await Server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var passkey = await db.UserPasskeys.Where(p => p.UserId == userId).SingleAsync();
        return passkey.Data.SignCount;
    }

    private async Task<string> AssertAsync(string optionsJson) => await page.EvaluateAsync<string>(@"async (optionsJson) => {
        const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(optionsJson));
        return JSON.stringify(await navigator.credentials.get({ publicKey }));
    }", optionsJson);

    private async Task AddPasskeyAsync(string label)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Passkeys", Exact = true })).ToBeVisibleAsync();
        await PortalUi.Button(page, "Add a passkey").ClickAsync();
        await page.GetByLabel("Passkey name").FillAsync(label);
        await PortalUi.Button(page, "Create passkey").ClickAsync();
        // Seen once at load 73: the "added" notice showed but the list had not re-rendered within the default 5 s.
        await Expect(page.GetByRole(AriaRole.Listitem, new() { Name = label })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    private async Task OpenUserSettingsAsync(bool choose = true)
    {
        var settings = page.GetByRole(AriaRole.Link, new() { Name = "User Settings", Exact = true });
        await Expect(PortalUi.Heading(page, "Multi-Account Login").Or(settings).First).ToBeVisibleAsync();
        if (choose && await PortalUi.Heading(page, "Multi-Account Login").IsVisibleAsync())
        {
            await PortalUi.WaitForInteractiveAsync(page);
            await PortalUi.AccountChoice(page, "Partner Portal").ClickAsync();
            await Expect(PortalUi.Heading(page, "Partner Portal")).ToBeVisibleAsync();
        }
        await PortalUi.WaitForInteractiveAsync(page);
        try { await settings.ClickAsync(); }
        catch (TimeoutException e) { throw new TimeoutException($"{e.Message}\n{page.Url}: {await page.Locator("body").InnerTextAsync()}", e); }
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
    }

    /// <summary>A new person with a Partner Portal and a Backupify 2.0 account, signed in with the password, on User Settings.</summary>
    private async Task<string> SignedInNewPersonInUserSettingsAsync()
    {
        var email = await FreshPeople.CreateAsync(Server, Name, AccountKind.PartnerPortal, AccountKind.Backupify2);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Multi-Account Login"));
        await OpenUserSettingsAsync();
        return email;
    }

    /// <summary>Signs out, then in with "Sign in with a passkey" alone, on to the Partner Portal through Multi-Account Login.</summary>
    private async Task SignOutAndInWithThePasskeyAsync()
    {
        await SignOutAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        await PortalUi.Button(page, "Sign in with a passkey").ClickAsync();
        await Expect(PortalUi.Heading(page, "Multi-Account Login")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        await PortalUi.AccountChoice(page, "Partner Portal").ClickAsync();
        await Expect(PortalUi.Heading(page, "Partner Portal")).ToBeVisibleAsync();
    }

    private async Task SignOutAsync()
    {
        try { await PortalUi.ChooseFromMenuAsync(page, Name, "Sign Out"); }
        catch (TimeoutException first)
        {
            // Seen once in CI after the autofill step: the name menu did not answer. Say what the page showed, then try once more
            // after a reload, as a person would; the passkey steps under test are asserted before and after this.
            var shown = $"{page.Url}: {await page.Locator("body").InnerTextAsync()}";
            await page.ReloadAsync();
            try { await PortalUi.ChooseFromMenuAsync(page, Name, "Sign Out"); }
            catch (TimeoutException) { throw new TimeoutException($"{first.Message}\n{shown}", first); }
            output.WriteLine($"Sign Out needed a reload; the page had shown {shown}");
        }
        await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync();
        // A plain Log In, without the return URL sign-out leaves, so a sign-in lands where a new visit would.
        await page.GotoAsync("/login");
    }
}
