using BackupifyPortal.Components.Settings;
using BackupifyPortal.Components.SignIn;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Phone;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using static BackupifyPortal.Tests.Security.BadInput.BadInputAssert;

namespace BackupifyPortal.Tests.Security.BadInput;

/// <summary>
/// The phone fields fed every hostile value: Enable Two Factor Authentication (Country code, Phone number),
/// the sign-in step's Verification code, and Turn off Two Factor Authentication (Password, Verification code).
/// </summary>
public sealed class PhoneFieldTests : PhoneComponentTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private async Task<(IRenderedComponent<MudDialogProvider> Cut, IDialogReference Dialog)> OpenAsync<TDialog>(string userId, string mustShow)
        where TDialog : IComponent
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = (IDialogService)Services.GetService(typeof(IDialogService))!;
        var parameters = new DialogParameters { { "UserId", userId } };
        var dialog = await provider.InvokeAsync(() => dialogs.ShowAsync<TDialog>("dialog", parameters));
        provider.WaitForAssertion(() => Assert.Contains(mustShow, provider.Markup), Wait);
        return (provider, dialog);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task EnableDialogPhoneNumber_HostileValue_ShowsMessageUnderTheFieldAndSavesNothing(string name)
    {
        var userId = await Host.AddPersonAsync(phoneE164: null, locale: "en-GB");
        var (cut, dialog) = await OpenAsync<EnableTwoFactorDialog>(userId, "Phone number");
        cut.WaitForAssertion(() => Assert.Equal("United Kingdom (+44)", Field(cut, "Country code").GetAttribute("value")), Wait);
        Field(cut, "Phone number").Change(HostileInputs.Value(name));
        await Button(cut, "Enable").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => HasMessageUnder(cut, "Phone number"), Wait);
        Assert.Null(await Host.ProfileAsync(userId));
        Assert.False(dialog.Result.IsCompleted);
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task EnableDialogCountryCode_HostileSearch_NeverCrashesAndSavesNothingWithoutANumber(string name)
    {
        var userId = await Host.AddPersonAsync(phoneE164: null, locale: "en-GB");
        var (cut, dialog) = await OpenAsync<EnableTwoFactorDialog>(userId, "Country code");
        var country = Field(cut, "Country code");
        await country.InputAsync(new ChangeEventArgs { Value = HostileInputs.Value(name) });
        await Field(cut, "Country code").BlurAsync(new FocusEventArgs());
        await Button(cut, "Enable").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.True(MessageUnder(cut, "Country code") is not null || MessageUnder(cut, "Phone number") is not null), Wait);
        Assert.Null(await Host.ProfileAsync(userId));
        Assert.False(dialog.Result.IsCompleted);
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task PhoneSignInStepVerificationCode_HostileValue_ShowsMessageUnderTheFieldAndNeverVerifies(string name)
    {
        var userId = await Host.AddPersonAsync();
        var attempts = Host.Get<BackupifyPortal.Features.SignIn.ISignInAttempts>();
        var attempt = (await attempts.FindOpenAsync(await attempts.StartAsync(userId, "browser-a", null), "browser-a"))!;
        var verified = new List<SignInHandoff>();
        var cut = Render<PhoneCodeStep>(p => p
            .Add(x => x.Attempt, attempt)
            .Add(x => x.OnDone, EventCallback.Factory.Create<SignInHandoff>(this, verified.Add)));
        cut.WaitForAssertion(() => Assert.Single(Host.Sender.Messages), Wait);
        Field(cut, "Verification code").Change(HostileInputs.Value(name));
        await Button(cut, "Submit").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => HasMessageUnder(cut, "Verification code"), Wait);
        Assert.Empty(verified);
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task DisableDialogPassword_HostileValue_ShowsMessageUnderTheFieldAndKeepsThePhone(string name)
    {
        var userId = await Host.AddPersonAsync("+447400123456", PhoneState.Verified);
        var (cut, dialog) = await OpenAsync<DisableTwoFactorDialog>(userId, "Password");
        Field(cut, "Password").Input(HostileInputs.Value(name));
        await Button(cut, "Turn Off").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => HasMessageUnder(cut, "Password"), Wait);
        Assert.Equal(PhoneState.Verified, (await Host.ProfileAsync(userId))!.PhoneState);
        Assert.False(dialog.Result.IsCompleted);
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task DisableDialogVerificationCode_HostileValue_ShowsMessageUnderTheFieldAndKeepsThePhone(string name)
    {
        var userId = await Host.AddPersonAsync("+447400123456", PhoneState.Verified);
        var (cut, dialog) = await OpenAsync<DisableTwoFactorDialog>(userId, "Password");
        await Button(cut, "Send me a code instead").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Field(cut, "Verification code"), Wait);
        Field(cut, "Verification code").Input(HostileInputs.Value(name));
        await Button(cut, "Turn Off").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => HasMessageUnder(cut, "Verification code"), Wait);
        Assert.Equal(PhoneState.Verified, (await Host.ProfileAsync(userId))!.PhoneState);
        Assert.False(dialog.Result.IsCompleted);
        RenderedAsText(cut);
        NoUnhandledException(this);
    }
}
