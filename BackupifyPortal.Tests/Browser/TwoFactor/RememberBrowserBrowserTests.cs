using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser.TwoFactor;

/// <summary>
/// Issue 14/17: "Remember this browser" in Chromium, one walk with two browsers. After a sign-in through the second factor
/// with the box ticked, the next sign-in in the same browser asks only the password; once the browser is forgotten (from
/// another browser's User Settings, or from its own), it is asked for the second factor again. That a password change
/// forgets every remembered browser is <c>TrustedBrowserTests.PasswordChange_ForgetsEveryTrustedBrowser_SoThePasswordAloneSkipsNothing</c>
/// (the change itself in Chromium: <c>ChangePasswordBrowserTests</c>).
/// </summary>
[Collection(BrowserCollection.Name)]
public class RememberBrowserBrowserTests(PlaywrightFixture browser, ITestOutputHelper output) : BrowserPageTest(browser)
{
    [Fact]
    public async Task RememberThisBrowser_NextSignInSkipsTheSecondFactor_UntilForgottenFromAnotherBrowserOrFromItself()
    {
        const string name = "Tara Trusted", phone = "+12015550163";
        var email = await PersonWithPhoneAsync(name, phone);
        await RememberThisBrowserAsync(email, name, phone);

        // User Settings lists it as this browser, from where it was remembered.
        await PortalUi.ChooseFromMenuAsync(page, name, "User Settings");
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        var trusted = page.GetByRole(AriaRole.Region, new() { Name = "Trusted browsers" });
        await Expect(trusted.GetByRole(AriaRole.Row).Filter(new() { HasText = "This browser" })).ToContainTextAsync("Chrome on Linux");
        await Expect(trusted.GetByRole(AriaRole.Row).Filter(new() { HasText = "This browser" })).ToContainTextAsync("127.0.0.0/24");
        await AxeChecks.AssertNoSeriousViolationsAsync(page, "User Settings with a trusted browser", output);

        await SignOutAsync(page, name);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        output.WriteLine("Remembered: the password alone signed in.");

        // A second browser, remembered too, forgets the first one from its own User Settings.
        var other = await NewPageAsync();
        try
        {
            await SignInWithCodeAsync(other, email, phone, remember: true);
            await PortalUi.ChooseFromMenuAsync(other, name, "User Settings");
            await Expect(PortalUi.Heading(other, "User Settings")).ToBeVisibleAsync();
            var list = other.GetByRole(AriaRole.Region, new() { Name = "Trusted browsers" });
            var rows = list.GetByRole(AriaRole.Row).Filter(new() { HasText = "Chrome on Linux" });
            await Expect(rows).ToHaveCountAsync(2);
            var first = rows.Filter(new() { HasNotText = "This browser" }); // remembered in the first browser, not this one
            await Expect(first).ToHaveCountAsync(1);
            await first.GetByRole(AriaRole.Button, new() { Name = "Forget", Exact = true }).ClickAsync();
            await Expect(other.GetByText("Forgot Chrome on Linux.")).ToBeVisibleAsync();
            await Expect(rows).ToHaveCountAsync(1);

            await SignOutAsync(page, name);
            await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
            output.WriteLine("Forgotten from another browser: the first browser was asked for the second factor again.");

            // The second browser forgets itself (its sign-in through the code is the fresh proof Forget needs).
            var thisBrowser = list.GetByRole(AriaRole.Row).Filter(new() { HasText = "This browser" });
            await Expect(thisBrowser).ToHaveCountAsync(1);
            await thisBrowser.GetByRole(AriaRole.Button, new() { Name = "Forget", Exact = true }).ClickAsync();
            await Expect(list.GetByText("No browser is remembered.")).ToBeVisibleAsync();
            // Its cookie is still in this browser, but the server no longer trusts it.
            Assert.Contains(await other.Context.CookiesAsync(), c => c.Name.EndsWith("bp.2fa-remember", StringComparison.Ordinal));
            await SignOutAsync(other, name);
            await BrowserSignIn.SignInAsync(other, email, PortalUi.Heading(other, "Two Factor Log In"));
            output.WriteLine("Forgotten in the same browser: its next sign-in was asked for the second factor.");
        }
        finally { await other.Context.DisposeAsync(); }
    }

    /// <summary>Signs in through the second factor with "Remember this browser for 30 days" ticked.</summary>
    private async Task RememberThisBrowserAsync(string email, string name, string phone)
    {
        await SignInWithCodeAsync(page, email, phone, remember: true);
        await Expect(PortalUi.Button(page, name)).ToBeVisibleAsync();
    }

    private async Task SignInWithCodeAsync(IPage on, string email, string phone, bool remember)
    {
        var before = await MessageCountAsync(phone);
        await BrowserSignIn.SignInAsync(on, email, PortalUi.Heading(on, "Two Factor Log In"));
        var code = await NextCodeAsync(phone, before);
        if (remember) await on.GetByRole(AriaRole.Checkbox, new() { Name = "Remember this browser for 30 days" }).CheckAsync();
        await on.GetByLabel("Verification code").FillAsync(code);
        await PortalUi.Button(on, "Submit").ClickAsync();
        await Expect(PortalUi.Heading(on, "Status")).ToBeVisibleAsync(new() { Timeout = 30_000 }); // the hand-off and a full page load
        await PortalUi.WaitForInteractiveAsync(on);
    }

    private static async Task SignOutAsync(IPage on, string name)
    {
        await PortalUi.ChooseFromMenuAsync(on, name, "Sign Out");
        await Expect(PortalUi.Heading(on, "Log In")).ToBeVisibleAsync();
    }

    /// <summary>A Backupify 2.0 customer with a verified mobile number, made for this test.</summary>
    private async Task<string> PersonWithPhoneAsync(string name, string phone)
    {
        var email = await FreshPeople.CreateAsync(Server, name, AccountKind.Backupify2);
        await using var db = await Server.CreateDbContextAsync();
        var user = db.Users.Single(u => u.Email == email);
        db.Factors.Add(FactorRows.Phone(user.Id, phone, PhoneState.Verified));
        await db.SaveChangesAsync();
        return email;
    }

    private async Task<int> MessageCountAsync(string phone)
    {
        await using var db = await Server.CreateDbContextAsync();
        return db.OutboxMessages.Count(m => m.To == phone);
    }

    /// <summary>The code of the first message to <paramref name="phone"/> after the first <paramref name="before"/>, read from /dev/outbox.json.</summary>
    private async Task<string> NextCodeAsync(string phone, int before)
    {
        for (var waited = 0; waited < 15_000 && await MessageCountAsync(phone) <= before; waited += 250) await Task.Delay(250);
        return (await FreshPeople.LatestCodeAsync(page, phone)).Code;
    }
}
