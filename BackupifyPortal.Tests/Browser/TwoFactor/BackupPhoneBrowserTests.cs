using BackupifyPortal.Data;
using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Tests.TwoFactor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser.TwoFactor;

/// <summary>
/// Issue 17: the backup phone in Chromium. Added in User Settings (proved by the code sent to it), it signs in through
/// "Use my backup phone (…NN)" at Two Factor Log In, shows when it was last used, and is replaced by a new number
/// only once that number's code is entered.
/// </summary>
[Collection(BrowserCollection.Name)]
public class BackupPhoneBrowserTests(PlaywrightFixture browser, ITestOutputHelper output) : BrowserPageTest(browser)
{
    /// <summary>Just over the live server's Phone:SendCooldown (5 s).</summary>
    private static readonly TimeSpan SendCooldown = TimeSpan.FromSeconds(5.5);

    private string email = "";

    [Fact]
    public async Task BackupPhone_AddedInUserSettings_SignsInThroughUseMyBackupPhone_ShowsLastUsed_AndIsReplacedByTheNewNumbersCode()
    {
        const string name = "Bea Backup", main = "+12015550171", backup = "+12015550172", replacement = "+12015550173";
        email = await FreshPeople.CreateAsync(Server, name, AccountKind.Backupify2);
        await using (var db = await Server.CreateDbContextAsync())
        {
            db.Factors.Add(FactorRows.Phone(db.Users.Single(u => u.Email == email).Id, main, PhoneState.Verified));
            await db.SaveChangesAsync();
        }
        await SignInWithCodeAsync(main, null);

        await OpenUserSettingsAsync(name);
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Backup phone" });
        await section.GetByRole(AriaRole.Button, new() { Name = "Add a backup phone", Exact = true }).ClickAsync();
        await AddNumberAsync(section, "Backup phone number", backup);
        await Expect(section.GetByText("Codes can also go to ••• ••• ••72", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(section.GetByText("Backup phone last used", new() { Exact = false })).ToBeVisibleAsync(); // its code was its first use
        output.WriteLine("Backup phone added and verified by its code.");

        await SignOutAsync(name);
        await SignInWithCodeAsync(backup, "Use my backup phone (••• ••• ••72)");
        output.WriteLine("Signed in with the code sent to the backup phone.");

        await OpenUserSettingsAsync(name);
        await Expect(section.GetByText("Backup phone last used", new() { Exact = false })).ToBeVisibleAsync();

        // The sign-in just now is the fresh proof; the old backup stays until the new number's code is entered.
        await section.GetByRole(AriaRole.Button, new() { Name = "Replace backup phone", Exact = true }).ClickAsync();
        await Expect(section.GetByText("••• ••• ••72 stays your backup phone", new() { Exact = false })).ToBeVisibleAsync();
        await AddNumberAsync(section, "New backup phone number", replacement);
        await Expect(section.GetByText("Codes can also go to ••• ••• ••73", new() { Exact = false })).ToBeVisibleAsync();

        await using var check = await Server.CreateDbContextAsync();
        var userId = await check.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        Assert.Equal([replacement], await check.Factors.Where(f => f.UserId == userId && f.IsBackup).Select(f => f.PhoneE164).ToListAsync());
    }

    private async Task AddNumberAsync(ILocator section, string label, string number)
    {
        var before = await MessageCountAsync(number);
        await CooldownPassedAsync(); // one code per person per cooldown, whatever the number
        await section.GetByLabel(label, new() { Exact = true }).FillAsync("+1 " + number[2..5] + " " + number[5..8] + " " + number[8..]);
        await section.GetByRole(AriaRole.Button, new() { Name = "Send code", Exact = true }).ClickAsync();
        var code = await NextCodeAsync(number, before);
        await section.GetByLabel("Verification code").FillAsync(code);
        await section.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
    }

    /// <summary>Password, then the code sent to <paramref name="phone"/>; <paramref name="button"/> picks that phone at Two Factor Log In first.</summary>
    private async Task SignInWithCodeAsync(string phone, string? button)
    {
        var before = await MessageCountAsync(phone);
        // One code per person per cooldown: the last one (to the phone just added) must be outside it, so the step's own code really goes.
        if (button is not null) await CooldownPassedAsync();
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        if (button is not null)
        {
            await PortalUi.WaitForInteractiveAsync(page);
            // The main phone's code goes out as the step opens, then a cooldown line counts down above these buttons. When it
            // vanished it used to move them up, and a click at that moment landed on nothing.
            var other = page.GetByRole(AriaRole.Navigation, new() { Name = "Other ways to sign in" }).GetByRole(AriaRole.Button, new() { Name = button, Exact = true });
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "We sent a 6-digit code" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var whileWaiting = await other.BoundingBoxAsync();
            await Expect(page.GetByText("You can request a new code in")).ToBeHiddenAsync(new() { Timeout = 30_000 }); // one code per person per cooldown
            Assert.Equal(whileWaiting!.Y, (await other.BoundingBoxAsync())!.Y); // the button stayed under the pointer when the wait ended
            await other.ClickAsync();
            await Expect(other).ToBeHiddenAsync(); // the step switched to that phone
        }
        var code = await NextCodeAsync(phone, before);
        await page.GetByLabel("Verification code").FillAsync(code);
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync(new() { Timeout = 30_000 }); // the hand-off and a full page load
        await PortalUi.WaitForInteractiveAsync(page);
    }

    private async Task OpenUserSettingsAsync(string name)
    {
        await PortalUi.ChooseFromMenuAsync(page, name, "User Settings");
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);
    }

    private async Task SignOutAsync(string name)
    {
        await PortalUi.ChooseFromMenuAsync(page, name, "Sign Out");
        await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync();
    }

    /// <summary>
    /// As if the send cooldown had passed: the person's code deliveries, from which the server reckons it, move that far
    /// into the past (the wait itself is the limiter's rule, held with a fake clock by PhoneCodeServiceTests).
    /// </summary>
    private async Task CooldownPassedAsync()
    {
        await using var db = await Server.CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        foreach (var delivery in await db.CodeDeliveries.Where(d => d.UserId == userId).ToListAsync()) delivery.SentAt -= SendCooldown;
        await db.SaveChangesAsync();
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
