using BackupifyPortal.Components.Settings;
using BackupifyPortal.Components.SignIn;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Features.Support;
using BackupifyPortal.Tests.Authenticator;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using static BackupifyPortal.Tests.Security.BadInput.BadInputAssert;

namespace BackupifyPortal.Tests.Security.BadInput;

/// <summary>
/// The authenticator fields fed every hostile value: the sign-in steps (Verification code, Recovery code),
/// Choose Your Authenticator (App name for Other, Verification code), Turn off Authenticator App (both fields)
/// and Regenerate recovery codes.
/// </summary>
public sealed class AuthenticatorFieldTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private AuthenticatorTestHost host = default!;
    private readonly List<SignInHandoff> verified = [];
    private SignInAttempt attempt = default!;
    private Bunit.TestDoubles.BunitAuthorizationContext authorization = default!;

    /// <summary>A freshly proved session, made after enrolment: enrolling rotates the stamp, which ends earlier sessions.</summary>
    private async Task SignInAsFreshSessionAsync() =>
        authorization.SetAuthorized(host.Email).SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, host.UserId),
            new System.Security.Claims.Claim(BackupifyPortal.Features.SignIn.DatabaseTicketStore.SessionIdClaim, await host.SessionAsync()));

    public async Task InitializeAsync()
    {
        host = await AuthenticatorTestHost.StartAsync();
        host.AddTo(Services);
        attempt = await host.StartAttemptAsync();
        authorization = AddAuthorization();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Render<MudPopoverProvider>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await host.DisposeAsync();
    }

    private EventCallback<SignInHandoff> Record => EventCallback.Factory.Create<SignInHandoff>(this, verified.Add);

    private async Task<TwoFactorProfile?> ProfileAsync()
    {
        await using var db = await host.Db.CreateDbContextAsync();
        return await db.TwoFactorProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == host.UserId);
    }

    private async Task<bool> HasAppAsync()
    {
        await using var db = await host.Db.CreateDbContextAsync();
        return await db.Factors.AnyAsync(f => f.UserId == host.UserId && f.Kind == FactorKind.AuthenticatorApp);
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync<TDialog>() where TDialog : IComponent
    {
        var provider = Render<MudDialogProvider>();
        var parameters = new DialogParameters { { "UserId", host.UserId } };
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<TDialog>("dialog", parameters));
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll(".mud-dialog")), Wait);
        return provider;
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task SignInAuthenticatorCode_HostileValue_ShowsMessageUnderTheFieldAndNeverVerifies(string name)
    {
        await host.EnrollAsync();
        var cut = Render<AuthenticatorCodeStep>(p => p.Add(x => x.Attempt, attempt).Add(x => x.OnDone, Record));
        await Field(cut, "Verification code").InputAsync(new ChangeEventArgs { Value = HostileInputs.Value(name) });
        await cut.Find("form").SubmitAsync(EventArgs.Empty);

        cut.WaitForAssertion(() => HasMessageUnder(cut, "Verification code"), Wait);
        Assert.Empty(verified);
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task SignInRecoveryCode_HostileValue_ShowsMessageUnderTheFieldAndUsesNoCode(string name)
    {
        await host.EnrollAsync();
        var cut = Render<RecoveryCodeStep>(p => p.Add(x => x.Attempt, attempt).Add(x => x.OnDone, Record));
        await Field(cut, "Recovery code").InputAsync(new ChangeEventArgs { Value = HostileInputs.Value(name) });
        await cut.Find("form").SubmitAsync(EventArgs.Empty);

        cut.WaitForAssertion(() => HasMessageUnder(cut, "Recovery code"), Wait);
        Assert.Empty(verified);
        await using var db = await host.Db.CreateDbContextAsync();
        Assert.False(await db.RecoveryCodes.AnyAsync(c => c.UserId == host.UserId && c.UsedAt != null));
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task ChooseAuthenticatorOtherAppName_HostileValue_IsRefusedUnderTheFieldOrStoredAsCleanText(string name)
    {
        var value = HostileInputs.Value(name);
        var cut = await OpenAsync<ChooseAuthenticatorDialog>();
        await Button(cut, AuthenticatorAppsOther).ClickAsync(new MouseEventArgs());
        await Field(cut, "App name").InputAsync(new ChangeEventArgs { Value = value });
        var canContinue = !Button(cut, "Continue").HasAttribute("disabled");
        if (canContinue) await Button(cut, "Continue").ClickAsync(new MouseEventArgs());

        var stored = (await ProfileAsync())?.PendingAuthenticatorAppName;
        if (stored is null)
        {
            // Refused: the person is told why under the field (an empty name only keeps Continue disabled).
            Assert.True(string.IsNullOrWhiteSpace(value) || MessageUnder(cut, "App name") is not null, "No message under App name");
            Assert.False(canContinue && !string.IsNullOrWhiteSpace(value) && MessageUnder(cut, "App name") is null);
        }
        else
        {
            Assert.Equal(value.Trim(), stored);
            Assert.InRange(stored.Length, 1, 40);
            Assert.False(TypedText.HasHiddenCharacters(stored), "An app name with control, bidi, zero-width or broken characters was stored");
        }
        if (name is "long10k" or "longDigits" or "nul" or "crlf" or "bell" or "loneSurrogate" or "rtlOverride" or "zeroWidth" or "combiningMarks")
            Assert.NotNull(MessageUnder(cut, "App name"));
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task ChooseAuthenticatorVerificationCode_HostileValue_KeepsNextDisabledOrSaysWhy(string name)
    {
        var cut = await OpenAsync<ChooseAuthenticatorDialog>();
        await Button(cut, "Google Authenticator").ClickAsync(new MouseEventArgs());
        await Button(cut, "Continue").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Field(cut, "Verification code"), Wait);
        await Field(cut, "Verification code").InputAsync(new ChangeEventArgs { Value = HostileInputs.Value(name) });

        var next = Button(cut, "Next");
        if (!next.HasAttribute("disabled"))
        {
            await next.ClickAsync(new MouseEventArgs());
            cut.WaitForAssertion(() => HasMessageUnder(cut, "Verification code"), Wait);
        }
        Assert.Contains("The 6-digit code the app shows for Backupify", cut.Markup);
        Assert.False(await HasAppAsync());
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task TurnOffAuthenticatorCode_HostileValue_KeepsTheAppOn(string name)
    {
        await host.EnrollAsync();
        var cut = await OpenAsync<DisableAuthenticatorDialog>();
        await Field(cut, "Verification code").InputAsync(new ChangeEventArgs { Value = HostileInputs.Value(name) });
        await TurnOffAndExpectRefusalAsync(cut);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task TurnOffAuthenticatorPassword_HostileValue_KeepsTheAppOn(string name)
    {
        await host.EnrollAsync();
        var cut = await OpenAsync<DisableAuthenticatorDialog>();
        await Field(cut, "Password").InputAsync(new ChangeEventArgs { Value = HostileInputs.Value(name) });
        await TurnOffAndExpectRefusalAsync(cut);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task RegenerateRecoveryCodesVerificationCode_HostileValue_MakesNoNewCodes(string name)
    {
        var (_, codes) = await host.EnrollAsync();
        await SignInAsFreshSessionAsync();
        var cut = Render<RecoveryCodesPanel>(p => p.Add(x => x.UserId, host.UserId));
        await Button(cut, "Regenerate recovery codes").ClickAsync(new MouseEventArgs());
        await Field(cut, "Verification code").InputAsync(new ChangeEventArgs { Value = HostileInputs.Value(name) });
        var regenerate = Button(cut, "Regenerate");
        if (!regenerate.HasAttribute("disabled"))
        {
            await regenerate.ClickAsync(new MouseEventArgs());
            cut.WaitForAssertion(() => HasMessageUnder(cut, "Verification code"), Wait);
        }
        Assert.Contains("A current code from your authenticator app", cut.Markup);
        Assert.True((await host.RecoveryCodes.RedeemAsync(host.UserId, codes[0])).Succeeded, "The old codes were replaced");
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    private const string AuthenticatorAppsOther = BackupifyPortal.Features.Authenticator.AuthenticatorApps.OtherName;

    private async Task TurnOffAndExpectRefusalAsync(IRenderedComponent<MudDialogProvider> cut)
    {
        var turnOff = Button(cut, "Turn off");
        if (!turnOff.HasAttribute("disabled"))
        {
            await turnOff.ClickAsync(new MouseEventArgs());
            cut.WaitForAssertion(() => Assert.NotEmpty(Alerts(cut)), Wait);
        }
        Assert.True(await HasAppAsync());
        RenderedAsText(cut);
        NoUnhandledException(this);
    }
}
