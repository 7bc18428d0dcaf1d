using BackupifyPortal.Features.Operations;
using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Components.Settings;
using BackupifyPortal.Components.Shared;
using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Components;

public class UserSettingsTests : PortalComponentTest
{
    public UserSettingsTests()
    {
        Services.AddSingleton<ISignInTickets>(new UnusedTickets());
        AddBunitPersistentComponentState();
    }

    [Fact]
    public async Task TwoFactorPanel_PendingPhone_ShowsTwoFactorOnAndWhenItWillBeVerified()
    {
        var (user, accounts) = await SignInPersonAsync("Dana Direct", AccountKind.Backupify2);
        await using (var db = Database.CreateDbContext())
        {
            db.Factors.Add(FactorRows.Phone(user.Id, "+14155550142", PhoneState.Pending));
            await db.SaveChangesAsync();
        }
        var cut = RenderPanel(user, accounts[0]);

        cut.WaitForAssertion(() => Assert.True(Switch(cut, "Two Factor Authentication").HasAttribute("checked")));
        Assert.False(Switch(cut, "Authenticator App").HasAttribute("checked"));
        Assert.Contains("will be verified at your next log in", cut.Markup);
        Assert.Contains("42", cut.Markup);
        Assert.DoesNotContain("4155550142", cut.Markup);
    }

    [Fact]
    public async Task TwoFactorPanel_NothingSetUp_ShowsBothSwitchesOffAndSetupLinkInBackupify()
    {
        var (user, accounts) = await SignInPersonAsync("Drew Direct", AccountKind.BackupifyClassic);
        var cut = RenderPanel(user, accounts[0]);

        cut.WaitForAssertion(() => Assert.False(Switch(cut, "Two Factor Authentication").HasAttribute("checked")));
        Assert.False(Switch(cut, "Authenticator App").HasAttribute("checked"));
        Assert.Contains(cut.FindAll("a"), a => a.TextContent.Trim() == "Setup");
    }

    [Fact]
    public async Task TwoFactorPanel_PartnerPortal_HasNoSetupLink()
    {
        var (user, accounts) = await SignInPersonAsync("Pat Partner", AccountKind.PartnerPortal);
        var cut = RenderPanel(user, accounts[0]);

        cut.WaitForAssertion(() => Switch(cut, "Authenticator App"));
        Assert.DoesNotContain(cut.FindAll("a"), a => a.TextContent.Trim() == "Setup");
    }

    private IRenderedComponent<TwoFactorSettingsPanel> RenderPanel(PortalUser user, PortalAccount account)
    {
        RenderProviders();
        return Render<TwoFactorSettingsPanel>(p => p
            .AddCascadingValue(account)
            .AddCascadingValue(user));
    }

    private static AngleSharp.Dom.IElement Switch(IRenderedComponent<TwoFactorSettingsPanel> cut, string label) =>
        cut.FindAll("label").First(l => l.TextContent.Trim() == label).QuerySelector("input")
        ?? throw new InvalidOperationException($"No switch labelled {label}");

    private sealed class UnusedTickets : ISignInTickets
    {
        public Task<string> IssueAsync(string userId, string bindingHash, string method, bool rememberBrowser, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<SignInTicket?> RedeemAsync(string ticket, string? presentedBindingHash, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
