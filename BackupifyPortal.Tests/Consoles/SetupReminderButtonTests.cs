using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Components.Admin;
using BackupifyPortal.Data;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>Issue 18 item 6: the admin console's reminder button asks first, naming who, then says what it sent and skipped.</summary>
public class SetupReminderButtonTests : ConsoleComponentTest
{
    [Fact]
    public async Task SendSetupLinkToEveryoneNotEnrolled_AsksNamingWho_ThenShowsSentAndSkipped()
    {
        var org = Guid.NewGuid();
        var admin = await AddPersonAsync("admin@org.test", org, "Admin");
        await AddPersonAsync("app@org.test", org, twoFactor: FactorRows.App("", "Authy", "x"));
        await AddPersonAsync("none@org.test", org);
        await AddPersonAsync("stranger@elsewhere.test", Guid.NewGuid());
        SignIn(admin);
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var cut = Render<AdminConsolePage>();
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Send setup link to everyone not enrolled"));

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Send setup link to everyone not enrolled").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Send setup links?", dialogs.Markup));
        Assert.Contains("each of the 2 people without two-factor authentication: admin@org.test, none@org.test?", dialogs.Markup);
        Assert.DoesNotContain("stranger@elsewhere.test", dialogs.Markup);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Send").Click();

        cut.WaitForAssertion(() => Assert.Contains("Setup links sent: 2. Skipped: 0.", cut.Find(".bp-reminder-result").TextContent), TimeSpan.FromSeconds(5));
        await using var db = Database.CreateDbContext();
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.Channel == "Email"));
    }
}
