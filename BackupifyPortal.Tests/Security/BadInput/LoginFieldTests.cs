using BackupifyPortal.Features.Operations;
using BackupifyPortal.Components.Shared;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Components;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using static BackupifyPortal.Tests.Security.BadInput.BadInputAssert;
using Login = BackupifyPortal.Components.SignIn.Login;

namespace BackupifyPortal.Tests.Security.BadInput;

/// <summary>Log In's Email and Password fed every hostile value.</summary>
public sealed class LoginFieldTests : PortalComponentTest
{
    private readonly RecordingPasswordSignIn signIn = new();

    public LoginFieldTests()
    {
        Services.AddSingleton<IPasswordSignIn>(signIn);
        Services.AddScoped<ClientContext>();
        Services.AddScoped<BrowserContext>();
        Services.AddScoped<SessionHandoff>();
        AddBunitPersistentComponentState().Persist(BrowserContext.StateKey, Sealed(new BrowserSnapshot("BINDING", null)));
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public void LoginEmail_HostileValue_ShowsMessageUnderEmailAndNeverChecksThePassword(string name)
    {
        var cut = Render<Login>();
        Field(cut, "Email").Change(HostileInputs.Value(name));
        Field(cut, "Password").Change("Demo-Pass-2026");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => HasMessageUnder(cut, "Email"));
        Assert.Empty(signIn.Calls);
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public void LoginPassword_HostileValue_ShowsMessageUnderPasswordOrTheGenericError(string name)
    {
        var value = HostileInputs.Value(name);
        var cut = Render<Login>();
        Field(cut, "Email").Change("partner@demo.test");
        Field(cut, "Password").Change(value);
        cut.Find("form").Submit();

        if (string.IsNullOrWhiteSpace(value) || value.Length > 512)
        {
            cut.WaitForAssertion(() => HasMessageUnder(cut, "Password"));
            Assert.Empty(signIn.Calls);
        }
        else
        {
            cut.WaitForAssertion(() => Assert.Contains("Incorrect email or password.", cut.Find("[role=alert]").TextContent));
            Assert.Equal(value, signIn.Calls.Single().Password);
            Assert.Equal("", Field(cut, "Password").GetAttribute("value") ?? "");
        }
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    private sealed class RecordingPasswordSignIn : IPasswordSignIn
    {
        public List<(string Email, string Password)> Calls { get; } = [];

        public Task<PasswordCheckResult> CheckAsync(string email, string password, BrowserSnapshot browser, string? returnUrl, CancellationToken ct = default)
        {
            Calls.Add((email, password));
            return Task.FromResult(PasswordCheckResult.Failed);
        }
    }
}
