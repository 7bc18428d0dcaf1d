using BackupifyPortal.Components.Accounts;
using BackupifyPortal.Data;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Components;

public class MultiAccountLoginTests : PortalComponentTest
{
    [Fact]
    public async Task MultiAccountLogin_TwoAccounts_OffersOneChoiceEach()
    {
        var (_, accounts) = await SignInPersonAsync("Pat Partner", AccountKind.PartnerPortal, AccountKind.Backupify2);
        var cut = Render<MultiAccountLogin>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("a.bp-account-choice").Count));
        var choices = cut.FindAll("a.bp-account-choice");
        Assert.Contains("Partner Portal", choices[0].TextContent);
        Assert.Equal($"/partner/{accounts[0].Id}", choices[0].GetAttribute("href"));
        Assert.Contains("Backupify 2.0", choices[1].TextContent);
        Assert.Equal($"/backupify/{accounts[1].Id}/status", choices[1].GetAttribute("href"));
        Assert.Equal("Multi-Account Login", cut.Find("h1").TextContent.Trim());
    }

    [Fact]
    public async Task MultiAccountLogin_OneAccount_GoesStraightToStatus()
    {
        var (_, accounts) = await SignInPersonAsync("Drew Direct", AccountKind.BackupifyClassic);
        var navigation = Services.GetRequiredService<NavigationManager>();
        Render<MultiAccountLogin>();

        Assert.EndsWith($"/backupify/{accounts[0].Id}/status", navigation.Uri);
    }
}
