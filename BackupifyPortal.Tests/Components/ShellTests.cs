using BackupifyPortal.Components.Layout;
using BackupifyPortal.Data;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace BackupifyPortal.Tests.Components;

public class ShellTests : PortalComponentTest
{
    [Fact]
    public async Task AccountShell_BackupifyClassic_HasGearButtonNamedSettingsWithUserSettings()
    {
        var (_, accounts) = await SignInPersonAsync("Casey Classic", AccountKind.BackupifyClassic);
        var popovers = RenderProviders();
        var cut = Render<AccountShell>(p => p.Add(x => x.AccountId, accounts[0].Id));

        var gear = cut.WaitForElement("button[aria-label='Settings']");
        gear.Click();

        popovers.WaitForAssertion(() =>
        {
            var items = popovers.FindAll("[role=menuitem]").Select(i => i.TextContent.Trim()).ToList();
            Assert.Contains("User Settings", items);
            Assert.Contains("Sign Out", items);
        });
    }

    [Fact]
    public async Task AccountShell_Backupify2_HasMenuNamedAfterThePerson()
    {
        var (_, accounts) = await SignInPersonAsync("Dana Direct", AccountKind.Backupify2);
        var popovers = RenderProviders();
        var cut = Render<AccountShell>(p => p.Add(x => x.AccountId, accounts[0].Id));

        cut.WaitForElement("button[aria-label='Dana Direct']").Click();

        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll("[role=menuitem]"), i => i.TextContent.Trim() == "User Settings"));
        Assert.Empty(cut.FindAll("button[aria-label='Settings']"));
    }

    [Fact]
    public async Task AccountShell_PartnerPortal_LinksToUserSettingsAndSwitchesAccounts()
    {
        var (_, accounts) = await SignInPersonAsync("Pat Partner", AccountKind.PartnerPortal, AccountKind.Backupify2);
        var popovers = RenderProviders();
        var cut = Render<AccountShell>(p => p.Add(x => x.AccountId, accounts[0].Id));

        var settings = cut.WaitForElement($"a[href='/partner/{accounts[0].Id}/settings']");
        Assert.Equal("User Settings", settings.TextContent.Trim());
        cut.Find("button[aria-label='Switch account']").Click();
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll("a[role=menuitem], [role=menuitem] a, a"),
            a => a.GetAttribute("href") == $"/backupify/{accounts[1].Id}/status"));
    }

    [Fact]
    public async Task AccountShell_SomeoneElsesAccount_ShowsNoAccessAndNothingOfIt()
    {
        await SignInPersonAsync("Pat Partner", AccountKind.PartnerPortal);
        var stranger = new PortalAccount { Id = Guid.NewGuid(), OwnerId = "someone-else", Kind = AccountKind.Backupify2, Name = "secret-customer.example" };
        await using (var db = Database.CreateDbContext())
        {
            db.Users.Add(new PortalUser { Id = "someone-else", UserName = "x@demo.test", Email = "x@demo.test" });
            db.Accounts.Add(stranger);
            await db.SaveChangesAsync();
        }
        RenderProviders();
        var cut = Render<AccountShell>(p => p
            .Add(x => x.AccountId, stranger.Id)
            .Add(x => x.ChildContent, (RenderFragment)(b => b.AddContent(0, "PRIVATE CONTENT"))));

        cut.WaitForAssertion(() => Assert.Contains("No access to this account", cut.Markup));
        Assert.DoesNotContain("secret-customer.example", cut.Markup);
        Assert.DoesNotContain("PRIVATE CONTENT", cut.Markup);
    }
}
