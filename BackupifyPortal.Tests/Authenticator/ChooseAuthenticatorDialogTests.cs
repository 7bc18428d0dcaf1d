using AngleSharp.Dom;
using BackupifyPortal.Components.Settings;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace BackupifyPortal.Tests.Authenticator;

/// <summary>The Choose Your Authenticator dialog, step by step, as a person sees it.</summary>
public sealed class ChooseAuthenticatorDialogTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private AuthenticatorTestHost host = default!;
    private IRenderedComponent<MudDialogProvider> provider = default!;
    private IDialogReference dialog = default!;

    public async Task InitializeAsync()
    {
        host = await AuthenticatorTestHost.StartAsync();
        host.AddTo(Services);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Render<MudPopoverProvider>();
        provider = Render<MudDialogProvider>();
        await OpenAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await host.DisposeAsync();
    }

    private async Task OpenAsync()
    {
        var dialogs = Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<ChooseAuthenticatorDialog> { { d => d.UserId, host.UserId }, { d => d.SessionId, await host.SessionAsync() } };
        dialog = await provider.InvokeAsync(() => dialogs.ShowAsync<ChooseAuthenticatorDialog>("Choose Your Authenticator", parameters,
            new DialogOptions { CloseOnEscapeKey = true }));
    }

    private IElement Button(string name) => provider.FindAll("button, a").Single(b => b.TextContent.Trim() == name || b.GetAttribute("aria-label") == name);
    private bool HasButton(string name) => provider.FindAll("button, a").Any(b => b.TextContent.Trim() == name || b.GetAttribute("aria-label") == name);
    private IElement Field(string label)
    {
        var id = provider.FindAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for");
        return provider.Find($"#{id}");
    }
    private string SetupKeyText => provider.Find("[data-testid=setup-key]").TextContent.Trim();

    private async Task GoToQrStepAsync(string app = "Google Authenticator")
    {
        await provider.InvokeAsync(() => Button(app).Click());
        await provider.InvokeAsync(() => Button("Continue").Click());
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("svg[role=img][aria-label='QR code']")), Wait);
    }

    private async Task<string> RevealKeyAsync()
    {
        await provider.InvokeAsync(() => Button("Can't scan it?").Click());
        return SetupKeyText.Replace(" ", "");
    }

    [Fact]
    public void ChooseStep_ShowsEveryAppWithItsIcon()
    {
        Assert.Contains("Choose Your Authenticator", provider.Markup);
        foreach (var (app, icon) in new[]
        {
            ("Google Authenticator", "google-authenticator"), ("Microsoft Authenticator", "microsoft-authenticator"), ("Authy", "authy"),
            ("Duo Mobile", "duo-mobile"), ("1Password", "1password"), ("FreeOTP", "freeotp"), ("Other", "other"),
        })
        {
            var img = Button(app).QuerySelector("img")!;
            Assert.Equal($"apps/{icon}.svg", img.GetAttribute("src"));
            Assert.Equal("", img.GetAttribute("alt"));
        }
        Assert.True(Button("Continue").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ChooseStep_PickingAnApp_ShowsItsStepsAndStoreLinks()
    {
        await provider.InvokeAsync(() => Button("Microsoft Authenticator").Click());

        Assert.Contains("Add Backupify to Microsoft Authenticator", provider.Markup);
        Assert.Contains("Choose Other account", provider.Markup);
        Assert.Contains(provider.FindAll("a"), a => a.GetAttribute("href")!.StartsWith("https://apps.apple.com/"));
        Assert.Contains(provider.FindAll("a"), a => a.GetAttribute("href")!.StartsWith("https://play.google.com/"));
        Assert.Equal("true", Button("Microsoft Authenticator").GetAttribute("aria-pressed"));
        Assert.False(Button("Continue").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ChooseStep_Other_AsksForTheAppName()
    {
        await provider.InvokeAsync(() => Button("Other").Click());
        Assert.True(Button("Continue").HasAttribute("disabled"));

        await provider.InvokeAsync(() => Field("App name").Input("Aegis"));

        Assert.False(Button("Continue").HasAttribute("disabled"));
        await provider.InvokeAsync(() => Button("Continue").Click());
        provider.WaitForAssertion(() => Assert.Contains("Open Aegis on your phone", provider.Markup), Wait);
    }

    [Fact]
    public async Task QrStep_ShowsInlineQrAndSameDeviceLink()
    {
        await GoToQrStepAsync();

        var svg = provider.Find("svg[aria-label='QR code']");
        Assert.Equal("QR code", svg.GetAttribute("aria-label"));
        var uri = QrCodeTests.Decode(svg.OuterHtml);
        Assert.StartsWith("otpauth://totp/Backupify:", uri);
        Assert.Equal(uri, Button("Open in authenticator app").GetAttribute("href"));
        Assert.Empty(provider.FindAll("img[src^='http'], img[src*='qr']"));
    }

    [Fact]
    public async Task QrStep_CantScanIt_RevealsKeyInGroupsOfFour()
    {
        await GoToQrStepAsync();
        Assert.Empty(provider.FindAll("[data-testid=setup-key]"));

        await provider.InvokeAsync(() => Button("Can't scan it?").Click());

        Assert.Matches("^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$", SetupKeyText);
        var pending = await host.Enrollment.GetPendingAsync(host.UserId);
        Assert.Equal(pending!.SetupKey, SetupKeyText.Replace(" ", ""));
        Assert.True(HasButton("Copy setup key"));
    }

    [Fact]
    public async Task QrStep_MaskToggle_HidesAndShowsKey()
    {
        await GoToQrStepAsync();
        var key = await RevealKeyAsync();

        await provider.InvokeAsync(() => Button("Hide setup key").Click());
        Assert.DoesNotContain(key[..4], SetupKeyText);
        Assert.Contains("••••", SetupKeyText);

        await provider.InvokeAsync(() => Button("Show setup key").Click());
        Assert.Equal(key, SetupKeyText.Replace(" ", ""));
    }

    [Fact]
    public async Task QrStep_CopyKey_WritesKeyToClipboard()
    {
        await GoToQrStepAsync();
        var key = await RevealKeyAsync();

        await provider.InvokeAsync(() => Button("Copy setup key").Click());

        var call = JSInterop.Invocations["navigator.clipboard.writeText"].Single();
        Assert.Equal(key, call.Arguments[0]);
    }

    [Fact]
    public async Task QrStep_Next_DisabledUntilSixDigits()
    {
        await GoToQrStepAsync();
        Assert.True(Button("Next").HasAttribute("disabled"));

        await provider.InvokeAsync(() => Field("Verification code").Input("12345"));
        Assert.True(Button("Next").HasAttribute("disabled"));

        await provider.InvokeAsync(() => Field("Verification code").Input("123456"));
        Assert.False(Button("Next").HasAttribute("disabled"));
    }

    [Fact]
    public async Task QrStep_WrongCode_ShowsMessageUnderField()
    {
        await GoToQrStepAsync();
        var key = await RevealKeyAsync();
        var wrong = RfcTotp.CodeAt(key, host.Clock.GetUtcNow()) == "123456" ? "654321" : "123456";

        await provider.InvokeAsync(() => Field("Verification code").Input(wrong));
        await provider.InvokeAsync(() => Button("Next").Click());

        provider.WaitForAssertion(() => Assert.Contains("That code is not right", provider.Markup), Wait);
    }

    [Fact]
    public async Task QrStep_ClockDrift_ShowsDriftMessage()
    {
        await GoToQrStepAsync();
        var key = await RevealKeyAsync();

        await provider.InvokeAsync(() => Field("Verification code").Input(RfcTotp.CodeAt(key, host.Clock.GetUtcNow().AddSeconds(-90))));
        await provider.InvokeAsync(() => Button("Next").Click());

        provider.WaitForAssertion(() => Assert.Contains("about 90 seconds behind", provider.Markup), Wait);
    }

    [Fact]
    public async Task FullFlow_RightCode_ShowsRecoveryCodesThenClosesOk()
    {
        await GoToQrStepAsync("Duo Mobile");
        var key = await RevealKeyAsync();
        await provider.InvokeAsync(() => Field("Verification code").Input(RfcTotp.CodeAt(key, host.Clock.GetUtcNow())));
        await provider.InvokeAsync(() => Button("Next").Click());

        provider.WaitForAssertion(() => Assert.Equal(10, provider.FindAll("ol[aria-label='Recovery codes'] li").Count), Wait);
        Assert.True(HasButton("Copy") && HasButton("Print"));
        Assert.StartsWith("data:text/plain", Button("Download").GetAttribute("href"));
        Assert.True(Button("Done").HasAttribute("disabled"));

        await provider.InvokeAsync(() => provider.Find("input[type=checkbox]").Change(true));
        Assert.False(Button("Done").HasAttribute("disabled"));
        await provider.InvokeAsync(() => Button("Done").Click());

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.Equal(true, result.Data);
        Assert.True((await host.LoadUserAsync()).TwoFactorEnabled);
    }

    [Fact]
    public async Task Reopen_WhilePending_ContinuesWithSameQrCode()
    {
        await GoToQrStepAsync("Authy");
        var key = await RevealKeyAsync();

        await OpenAsync();

        provider.WaitForAssertion(() => Assert.Equal(2, provider.FindAll("svg[role=img][aria-label='QR code']").Count), Wait);
        var uris = provider.FindAll("svg[aria-label='QR code']").Select(svg => QrCodeTests.Decode(svg.OuterHtml)).ToList();
        Assert.Equal(uris[0], uris[1]);
        Assert.Contains($"secret={key}&", uris[1]);
        var pending = await host.Enrollment.GetPendingAsync(host.UserId);
        Assert.Equal(key, pending!.SetupKey);
        Assert.Equal("Authy", pending.AppName);
    }

    [Fact]
    public async Task Cancel_OnQrStep_ForgetsPendingSecret()
    {
        await GoToQrStepAsync();
        await provider.InvokeAsync(() => Button("Cancel").Click());

        Assert.True((await dialog.Result)!.Canceled);
        Assert.Null(await host.Enrollment.GetPendingAsync(host.UserId));
    }
}
