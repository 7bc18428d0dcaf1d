using BackupifyPortal.Components.Admin;
using BackupifyPortal.Components.Layout;
using BackupifyPortal.Data;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>"Require two-factor authentication" after its grace period: set-up only, and only through the mailbox.</summary>
public class PolicyEnforcementTests : ConsoleComponentTest
{
    private static readonly Guid Org = Guid.NewGuid();

    [Fact]
    public async Task AccountPages_AfterGraceWithoutTwoFactor_SendThePersonToSetup()
    {
        var person = await PersonUnderExpiredPolicyAsync();
        var account = new PortalAccount { Id = Guid.NewGuid(), OwnerId = person.Id, Kind = AccountKind.Backupify2, Name = "acme.example" };
        await using (var db = Database.CreateDbContext()) { db.Accounts.Add(account); await db.SaveChangesAsync(); }
        SignIn(person);

        var cut = Render<AccountShell>(p => p.Add(x => x.AccountId, account.Id)
            .Add(x => x.ChildContent, (RenderFragment)(b => b.AddContent(0, "STATUS PAGE"))));

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.EndsWith("/setup", navigation.Uri));
        Assert.DoesNotContain("STATUS PAGE", cut.Markup);
    }

    [Fact]
    public async Task SetupPage_AfterGraceWithoutALink_ShowsNoWizardAndMailsALinkOnlyToThePerson()
    {
        var person = await PersonUnderExpiredPolicyAsync();
        SignIn(person);

        var cut = Render<SetupWizardPage>();

        cut.WaitForAssertion(() => Assert.Contains("Email me a setup link", cut.Markup));
        Assert.Empty(cut.FindComponents<SetupWizard>());
        cut.FindAll("button").Single(b => b.TextContent.Contains("Email me a setup link")).Click();
        cut.WaitForAssertion(() => Assert.Contains("We sent the setup link", cut.Markup));
        await using var db = Database.CreateDbContext();
        var mail = await db.OutboxMessages.SingleAsync(m => m.Channel == "Email");
        Assert.Equal(person.Email, mail.To);
        Assert.Contains("/setup/", mail.Text);
    }

    [Fact]
    public async Task SetupPage_EmailMeALink_OverTheSendLimit_SaysHowLongToWaitBesideTheButton_AndSendsNothing()
    {
        var person = await PersonUnderExpiredPolicyAsync();
        var links = Services.GetRequiredService<BackupifyPortal.Features.Admin.SetupLinks>();
        for (var i = 0; i < 3; i++) Assert.True((await links.SendToSelfAsync(person.Id)).Sent);
        SignIn(person);

        var cut = Render<SetupWizardPage>();
        cut.WaitForAssertion(() => Assert.Contains("Email me a setup link", cut.Markup));
        cut.FindAll("button").Single(b => b.TextContent.Contains("Email me a setup link")).Click();

        cut.WaitForAssertion(() => Assert.Contains("Too many setup links were sent. You can send another in", cut.Find(".bp-send-wait").TextContent));
        Assert.DoesNotContain("We sent the setup link", cut.Markup);
        await using var db = Database.CreateDbContext();
        Assert.Equal(3, await db.OutboxMessages.CountAsync(m => m.Channel == "Email" && m.To == person.Email));
    }

    private async Task<PortalUser> PersonUnderExpiredPolicyAsync()
    {
        var person = await AddPersonAsync($"late-{Guid.NewGuid():N}@demo.test", Org);
        await using var db = Database.CreateDbContext();
        await db.Organizations.Where(o => o.Id == Org).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.RequireTwoFactor, true)
            .SetProperty(o => o.TwoFactorGraceDays, 14)
            .SetProperty(o => o.RequireTwoFactorSince, DateTimeOffset.UtcNow.AddDays(-30)));
        return person;
    }
}
