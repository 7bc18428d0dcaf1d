using Bunit;
using BackupifyPortal.Components.Settings;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BackupifyPortal.Tests.Phone;

public sealed class DisableTwoFactorDialogTests : PhoneComponentTestContext
{
    private async Task<(IRenderedComponent<IComponent> Provider, IDialogReference Dialog, string UserId)> OpenAsync(bool rememberedBrowser = false)
    {
        var userId = await Host.AddPersonAsync("+447400123456", PhoneState.Verified);
        var sessionId = rememberedBrowser
            ? await Infrastructure.FreshSessions.RememberedBrowserAsync(Host.DbFactory, userId, Host.Clock.GetUtcNow())
            : await Host.SessionAsync(userId);
        var provider = Render<MudDialogProvider>();
        var dialogs = (IDialogService)Services.GetService(typeof(IDialogService))!;
        var parameters = new DialogParameters<DisableTwoFactorDialog> { { d => d.UserId, userId }, { d => d.SessionId, sessionId } };
        var dialog = await provider.InvokeAsync(() => dialogs.ShowAsync<DisableTwoFactorDialog>("Turn off", parameters));
        IRenderedComponent<IComponent> cut = provider;
        cut.WaitForAssertion(() => Assert.Contains("Password", cut.Markup));
        return (cut, dialog, userId);
    }

    [Fact]
    public async Task DisableDialog_WrongPassword_ShowsMessageAndKeepsPhone()
    {
        var (cut, dialog, userId) = await OpenAsync();
        InputLabelled(cut, "Password").Input("not-my-password");
        Button(cut, "Turn Off").Click();
        cut.WaitForAssertion(() => Assert.Contains("That password isn't right.", cut.Markup));
        Assert.False(dialog.Result.IsCompleted);
        Assert.Equal(PhoneState.Verified, (await Host.ProfileAsync(userId))!.PhoneState);
    }

    [Fact]
    public async Task DisableDialog_RightPassword_TurnsPhoneOffAndClosesOk()
    {
        var (cut, dialog, userId) = await OpenAsync();
        InputLabelled(cut, "Password").Input("Demo-Pass-2026");
        Button(cut, "Turn Off").Click();
        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(true, result!.Data);
        Assert.Equal(PhoneState.None, (await Host.ProfileAsync(userId))!.PhoneState);
    }

    [Fact]
    public async Task DisableDialog_RememberedBrowserSession_RightPasswordIsRefused_PhoneStays()
    {
        var (cut, dialog, userId) = await OpenAsync(rememberedBrowser: true);
        InputLabelled(cut, "Password").Input("Demo-Pass-2026");
        Button(cut, "Turn Off").Click();
        cut.WaitForAssertion(() => Assert.Contains("before changing two-factor settings", cut.Markup));
        Assert.False(dialog.Result.IsCompleted);
        Assert.Equal(PhoneState.Verified, (await Host.ProfileAsync(userId))!.PhoneState);
    }

    [Fact]
    public async Task DisableDialog_WithCodeInstead_SendsCodeAndAcceptsIt()
    {
        var (cut, dialog, userId) = await OpenAsync();
        Button(cut, "Send me a code instead").Click();
        cut.WaitForAssertion(() => Assert.Contains("We sent a code to ••• ••• ••56", cut.Markup));
        InputLabelled(cut, "Verification code").Input(Host.Sender.LastCode);
        Button(cut, "Turn Off").Click();
        await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PhoneState.None, (await Host.ProfileAsync(userId))!.PhoneState);
    }
}
