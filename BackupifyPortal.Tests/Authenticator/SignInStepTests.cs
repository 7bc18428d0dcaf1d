using AngleSharp.Dom;
using BackupifyPortal.Components.Settings;
using BackupifyPortal.Components.SignIn;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.SignIn;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace BackupifyPortal.Tests.Authenticator;

/// <summary>The authenticator and recovery-code steps of Two Factor Log In, and the settings pieces around them.</summary>
public sealed class SignInStepTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private AuthenticatorTestHost host = default!;
    private string key = "";
    private IReadOnlyList<string> recoveryCodes = [];
    private readonly List<SignInHandoff> handoffs = [];
    private int continued;
    private string sessionId = "";

    public async Task InitializeAsync()
    {
        host = await AuthenticatorTestHost.StartAsync();
        (key, recoveryCodes) = await host.EnrollAsync();
        attempt = await host.StartAttemptAsync();
        host.AddTo(Services);
        sessionId = await host.SessionAsync();
        AddAuthorization().SetAuthorized(host.Email).SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, host.UserId),
            new System.Security.Claims.Claim(BackupifyPortal.Features.SignIn.DatabaseTicketStore.SessionIdClaim, sessionId));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await host.DisposeAsync();
    }

    private SignInAttempt attempt = default!;
    private EventCallback<SignInHandoff> Record => EventCallback.Factory.Create<SignInHandoff>(this, handoffs.Add);
    private string Now(int seconds = 0) => RfcTotp.CodeAt(key, host.Clock.GetUtcNow().AddSeconds(seconds));

    private static IElement Field(IRenderedComponent<IComponent> cut, string label)
    {
        var id = cut.FindAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for");
        return cut.Find($"#{id}");
    }

    private static IElement Button(IRenderedComponent<IComponent> cut, string name) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == name);

    private async Task TypeAndSubmitAsync(IRenderedComponent<IComponent> cut, string label, string text)
    {
        await cut.InvokeAsync(() => Field(cut, label).Input(text));
        await cut.InvokeAsync(() => cut.Find("form").Submit());
    }

    private IRenderedComponent<IComponent> RenderCodeStep() =>
        (IRenderedComponent<IComponent>)(object)Render<AuthenticatorCodeStep>(p => p.Add(x => x.Attempt, attempt).Add(x => x.OnDone, Record));

    private IRenderedComponent<IComponent> RenderRecoveryStep() =>
        (IRenderedComponent<IComponent>)(object)Render<RecoveryCodeStep>(p => p.Add(x => x.Attempt, attempt).Add(x => x.OnDone, Record)
            .Add(x => x.OnContinue, EventCallback.Factory.Create(this, () => continued++)));

    [Fact]
    public async Task CodeStep_RightCode_HandsOverATicketAndTheAttemptRecordsTheApp()
    {
        var cut = RenderCodeStep();
        Assert.NotNull(Button(cut, "Submit"));

        await TypeAndSubmitAsync(cut, "Verification code", Now());

        cut.WaitForAssertion(() => Assert.NotNull(Assert.Single(handoffs).Ticket), Wait);
        Assert.Equal(SignInFactors.AuthenticatorApp, (await host.LoadAttemptAsync(attempt.Id)).FactorPassed);
    }

    [Fact]
    public async Task CodeStep_ReplayedCode_SaysWaitForNextCode()
    {
        var code = Now();
        Assert.True((await host.Codes.VerifyAsync(host.UserId, code)).Succeeded);
        var cut = RenderCodeStep();

        await TypeAndSubmitAsync(cut, "Verification code", code);

        cut.WaitForAssertion(() => Assert.Contains("This code was already used. Wait for the next code.", cut.Markup), Wait);
        Assert.Empty(handoffs);
    }

    [Fact]
    public async Task CodeStep_CodeForAFutureStep_ReadsExactlyLikeAWrongCode()
    {
        var cut = RenderCodeStep();
        await TypeAndSubmitAsync(cut, "Verification code", Now() == "000000" ? "111111" : "000000");
        cut.WaitForAssertion(() => Assert.Contains(AuthenticatorMessages.WrongCode, cut.Markup), Wait);
        var afterWrongCode = cut.Find("form").TextContent; // what a person reads

        await TypeAndSubmitAsync(cut, "Verification code", Now(150)); // the phone's code five steps from now
        await WaitForFailuresAsync(2);

        cut.WaitForAssertion(() => Assert.Equal(afterWrongCode, cut.Find("form").TextContent), Wait);
        Assert.DoesNotContain("ahead", cut.Markup);
        Assert.Empty(handoffs);
    }

    private async Task WaitForFailuresAsync(int count)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var db = await host.Db.CreateDbContextAsync();
            if (await db.AttemptCounters.Where(c => c.Kind == BackupifyPortal.Features.Limits.CounterKinds.SecondFactor && c.Key == BackupifyPortal.Features.Limits.CounterKinds.Account(host.UserId)).Select(c => c.Count).SingleOrDefaultAsync() >= count) return;
            await Task.Delay(50);
        }
        Assert.Fail($"{count} failures were never recorded");
    }

    [Fact]
    public async Task CodeStep_AfterFiveFailures_ShowsLockoutWait()
    {
        for (var i = 0; i < 5; i++) await host.Codes.VerifyAsync(host.UserId, "abcdef");
        var cut = RenderCodeStep();

        await TypeAndSubmitAsync(cut, "Verification code", Now());

        cut.WaitForAssertion(() => Assert.Contains("Too many wrong codes. Wait 5 minutes", cut.Markup), Wait);
        Assert.Empty(handoffs);
    }

    [Fact]
    public async Task RecoveryStep_RightCode_HandsOverATicketRecordsRecoveryAndEmailsTheOwner()
    {
        var cut = RenderRecoveryStep();

        await TypeAndSubmitAsync(cut, "Recovery code", recoveryCodes[0]);

        cut.WaitForAssertion(() => Assert.NotNull(Assert.Single(handoffs).Ticket), Wait);
        Assert.False(handoffs[0].WaitForContinue);
        Assert.Equal(SignInFactors.RecoveryCode, (await host.LoadAttemptAsync(attempt.Id)).FactorPassed);
        Assert.Contains(await host.EmailsAsync(), m => m.StartsWith("Your two-factor authentication changed") && m.Contains("A recovery code was used to log in") && m.Contains("9 recovery codes are left"));
        Assert.False((await host.RecoveryCodes.RedeemAsync(host.UserId, recoveryCodes[0])).Succeeded);
    }

    [Fact]
    public async Task RecoveryStep_UsedCode_IsRefused()
    {
        await host.RecoveryCodes.RedeemAsync(host.UserId, recoveryCodes[0]);
        var cut = RenderRecoveryStep();

        await TypeAndSubmitAsync(cut, "Recovery code", recoveryCodes[0]);

        cut.WaitForAssertion(() => Assert.Contains("not right, or it was already used", cut.Markup), Wait);
        Assert.Empty(handoffs);
    }

    [Fact]
    public async Task RecoveryStep_ThreeLeftAfterUse_WarnsBeforeContinuing()
    {
        for (var i = 0; i < 6; i++) await host.RecoveryCodes.RedeemAsync(host.UserId, recoveryCodes[i]);
        var cut = RenderRecoveryStep();

        await TypeAndSubmitAsync(cut, "Recovery code", recoveryCodes[6]);

        cut.WaitForAssertion(() => Assert.Contains("Only 3 recovery codes left.", cut.Markup), Wait);
        // The ticket is handed over at once (it lives 30 s); the page only moves on after Continue.
        Assert.True(Assert.Single(handoffs).WaitForContinue);
        Assert.Equal(0, continued);
        await cut.InvokeAsync(() => Button(cut, "Continue").Click());
        Assert.Equal(1, continued);
    }

    [Fact]
    public async Task RecoveryPanel_Regenerate_NeedsCodeAndShowsTenNewCodes()
    {
        var cut = (IRenderedComponent<IComponent>)(object)Render<RecoveryCodesPanel>(p => p.Add(x => x.UserId, host.UserId));
        cut.WaitForAssertion(() => Assert.Contains("10 recovery codes left.", cut.Markup), Wait);

        await cut.InvokeAsync(() => Button(cut, "Regenerate recovery codes").Click());
        cut.WaitForAssertion(() => Assert.True(Button(cut, "Regenerate").HasAttribute("disabled")), Wait);
        await cut.InvokeAsync(() => Field(cut, "Verification code").Input(Now()));
        await cut.InvokeAsync(() => Button(cut, "Regenerate").Click());

        cut.WaitForAssertion(() => Assert.Equal(10, cut.FindAll("ol[aria-label='Recovery codes'] li").Count), Wait);
        Assert.False((await host.RecoveryCodes.RedeemAsync(host.UserId, recoveryCodes[0])).Succeeded);
    }

    [Fact]
    public async Task DisableDialog_WithPassword_TurnsAppOffAndClosesOk()
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<DisableAuthenticatorDialog> { { d => d.UserId, host.UserId }, { d => d.SessionId, sessionId } };
        var dialog = await provider.InvokeAsync(() => dialogs.ShowAsync<DisableAuthenticatorDialog>("", parameters));
        var asComponent = (IRenderedComponent<IComponent>)(object)provider;
        Assert.True(Button(asComponent, "Turn off").HasAttribute("disabled"));

        await provider.InvokeAsync(() => Field(asComponent, "Password").Input("wrong-password"));
        await provider.InvokeAsync(() => Button(asComponent, "Turn off").Click());
        provider.WaitForAssertion(() => Assert.Contains("That password is not right.", provider.Markup), Wait);

        await provider.InvokeAsync(() => Field(asComponent, "Password").Input(AuthenticatorTestHost.Password));
        await provider.InvokeAsync(() => Button(asComponent, "Turn off").Click());

        Assert.False((await dialog.Result)!.Canceled);
        Assert.False((await host.LoadUserAsync()).TwoFactorEnabled);
    }
}
