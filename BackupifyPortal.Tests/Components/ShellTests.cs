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
        var cut = Render<AccountShell>(p => p.Add(x => x.AccountId, accounts[0].Id));

        var menu = MenuOf(cut, cut.WaitForElement("button[aria-label='Settings']"));

        Assert.Equal(["User Settings", "Sign Out"], menu.QuerySelectorAll("[role=menuitem]").Select(i => i.TextContent.Trim()));
        Assert.Equal($"/backupify/{accounts[0].Id}/settings", menu.QuerySelector("a[role=menuitem]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task AccountShell_Backupify2_HasMenuNamedAfterThePerson()
    {
        var (_, accounts) = await SignInPersonAsync("Dana Direct", AccountKind.Backupify2);
        var cut = Render<AccountShell>(p => p.Add(x => x.AccountId, accounts[0].Id));

        var button = cut.WaitForElement("button[aria-label='Dana Direct']");
        var menu = MenuOf(cut, button);

        Assert.Contains("Dana Direct", button.TextContent);
        Assert.Equal(["User Settings", "Sign Out"], menu.QuerySelectorAll("[role=menuitem]").Select(i => i.TextContent.Trim()));
        Assert.Empty(cut.FindAll("button[aria-label='Settings']"));
    }

    [Fact]
    public async Task AccountShell_SignOutItem_PostsToLogout()
    {
        var (_, accounts) = await SignInPersonAsync("Dana Direct", AccountKind.Backupify2);
        var cut = Render<AccountShell>(p => p.Add(x => x.AccountId, accounts[0].Id));

        var menu = MenuOf(cut, cut.WaitForElement("button[aria-label='Dana Direct']"));
        var signOut = menu.QuerySelectorAll("[role=menuitem]").Single(i => i.TextContent.Trim() == "Sign Out");

        Assert.Equal("submit", signOut.GetAttribute("type"));
        var form = signOut.Closest("form")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/account/logout", form.GetAttribute("action"));
    }

    [Fact]
    public async Task AccountShell_PartnerPortal_LinksToUserSettingsAndSwitchesAccounts()
    {
        var (_, accounts) = await SignInPersonAsync("Pat Partner", AccountKind.PartnerPortal, AccountKind.Backupify2);
        var cut = Render<AccountShell>(p => p.Add(x => x.AccountId, accounts[0].Id));

        var settings = cut.WaitForElement($"a[href='/partner/{accounts[0].Id}/settings']");
        Assert.Equal("User Settings", settings.TextContent.Trim());
        var switcher = MenuOf(cut, cut.Find("button[aria-label='Switch account']"));
        var items = switcher.QuerySelectorAll("[role=menuitem]").ToList();
        Assert.Contains(items, a => a.GetAttribute("href") == $"/backupify/{accounts[1].Id}/status");
        var current = Assert.Single(items, a => a.TextContent.Contains("(current)"));
        Assert.Equal("true", current.GetAttribute("aria-disabled"));
        Assert.Null(current.GetAttribute("href"));
        Assert.Contains(items, a => a.GetAttribute("href") == "/accounts" && a.TextContent.Trim() == "All accounts");
    }

    /// <summary>
    /// The menu a header button opens (WAI-ARIA menu button): closed at first, named by its button. Opening, arrow keys
    /// and Escape run in the browser (HeaderMenu.razor.js) and are covered by <c>HeaderMenuBrowserTests</c>.
    /// </summary>
    private static AngleSharp.Dom.IElement MenuOf(IRenderedComponent<AccountShell> cut, AngleSharp.Dom.IElement button)
    {
        Assert.Equal("menu", button.GetAttribute("aria-haspopup"));
        Assert.Equal("false", button.GetAttribute("aria-expanded"));
        var menu = cut.Find($"#{button.GetAttribute("aria-controls")}");
        Assert.Equal("menu", menu.GetAttribute("role"));
        Assert.True(menu.HasAttribute("hidden"));
        Assert.Equal(button.Id, menu.GetAttribute("aria-labelledby"));
        return menu;
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
