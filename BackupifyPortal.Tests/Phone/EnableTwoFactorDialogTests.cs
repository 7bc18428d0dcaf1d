using Bunit;
using BackupifyPortal.Components.Settings;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BackupifyPortal.Tests.Phone;

public sealed class EnableTwoFactorDialogTests : PhoneComponentTestContext
{
    private async Task<(IRenderedComponent<IComponent> Provider, IDialogReference Dialog, string UserId)> OpenAsync()
    {
        var userId = await Host.AddPersonAsync(phoneE164: null, locale: "en-GB");
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetService(typeof(IDialogService)) as IDialogService;
        var parameters = new DialogParameters<EnableTwoFactorDialog> { { d => d.UserId, userId }, { d => d.SessionId, await Host.SessionAsync(userId) } };
        var dialog = await provider.InvokeAsync(() => dialogs!.ShowAsync<EnableTwoFactorDialog>("Enable Two Factor Authentication", parameters));
        IRenderedComponent<IComponent> cut = provider;
        cut.WaitForAssertion(() => Assert.Contains("Phone number", cut.Markup));
        return (cut, dialog, userId);
    }

    [Fact]
    public async Task EnableDialog_Opens_WithTitleFieldsCheckboxesAndCountryFromLocale()
    {
        var (cut, _, _) = await OpenAsync();
        Assert.Contains("Enable Two Factor Authentication", cut.Find("h2").TextContent);
        cut.WaitForAssertion(() => Assert.Equal("United Kingdom (+44)", InputLabelled(cut, "Country code").GetAttribute("value")));
        Assert.Equal("tel", InputLabelled(cut, "Phone number").GetAttribute("type"));
        Assert.Contains("Set up your own authenticator app", cut.Markup);
        Assert.Contains("This is a landline", cut.Markup);
        Assert.NotNull(Button(cut, "Enable"));
        Assert.NotNull(Button(cut, "Cancel"));
    }

    [Fact]
    public async Task EnableDialog_TellsThePersonThatPhoneCodesCanBeInterceptedAndAnAppIsSafer()
    {
        var (cut, _, _) = await OpenAsync();
        Assert.Contains("can be intercepted if someone takes over your phone number (a SIM swap). An authenticator app is safer.", cut.Markup);
    }

    [Fact]
    public async Task EnableDialog_InvalidNumber_ShowsMessageUnderFieldAndSavesNothing()
    {
        var (cut, dialog, userId) = await OpenAsync();
        InputLabelled(cut, "Phone number").Change("12345");
        Button(cut, "Enable").Click();
        cut.WaitForAssertion(() =>
        {
            var field = InputLabelled(cut, "Phone number").Closest(".mud-input-control")!;
            Assert.Contains("isn't a valid phone number for United Kingdom", field.TextContent);
        });
        Assert.Null(await Host.ProfileAsync(userId));
        Assert.False(dialog.Result.IsCompleted);
    }

    [Fact]
    public async Task EnableDialog_ValidMobile_SavesPendingBySmsAndClosesWithCheckbox()
    {
        var (cut, dialog, userId) = await OpenAsync();
        InputLabelled(cut, "Phone number").Change("07400 123456");
        cut.FindAll("label").Single(l => l.TextContent.Contains("Set up your own authenticator app")).QuerySelector("input")!.Change(true);
        Button(cut, "Enable").Click();
        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(result!.Canceled);
        Assert.Equal(new EnableTwoFactorResult(true), result.Data);
        var profile = (await Host.ProfileAsync(userId))!;
        Assert.Equal((PhoneState.Pending, "+447400123456", DeliveryChannel.Sms), (profile.PhoneState, profile.PhoneE164, profile.PhoneChannel));
    }

    [Fact]
    public async Task EnableDialog_LandlineTicked_SavesVoiceChannel()
    {
        var (cut, dialog, userId) = await OpenAsync();
        InputLabelled(cut, "Phone number").Change("07400 123456");
        cut.FindAll("label").Single(l => l.TextContent.Contains("This is a landline")).QuerySelector("input")!.Change(true);
        Button(cut, "Enable").Click();
        await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(DeliveryChannel.Voice, (await Host.ProfileAsync(userId))!.PhoneChannel);
    }

    [Fact]
    public async Task EnableDialog_Cancel_SavesNothing()
    {
        var (cut, dialog, userId) = await OpenAsync();
        InputLabelled(cut, "Phone number").Change("07400 123456");
        Button(cut, "Cancel").Click();
        Assert.True((await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10)))!.Canceled);
        Assert.Null(await Host.ProfileAsync(userId));
    }
}
