using System.Net;
using BackupifyPortal.CircuitClient;
using BackupifyPortal.Tests.Infrastructure;

namespace BackupifyPortal.Tests.Security.Load;

/// <summary>The protocol-level client signs in exactly as a person does in a browser (Log In's form, then Two Factor Log In's circuit), from its own loopback address.</summary>
public sealed class CircuitClientTests : IDisposable
{
    private readonly LivePortalServer server = new();
    private Uri Base => new(server.BaseUrl + "/");

    [Fact]
    public async Task CircuitClient_PasswordAndAuthenticatorCode_SignsInAndLandsOnASignedInPage()
    {
        var person = await LoadTestPerson.CreateAsync(server.Services, "circuit-client@demo.test", "Load-Pass-2026", withAuthenticator: true);
        var code = await person.NextCodeAsync();

        var report = await PortalSignIn.FullAsync(Base, LoopbackAddressHandler.Nth(7), person.Email, person.Password, () => code);

        Assert.Equal(SignInOutcome.SignedIn, report.Outcome);
        Assert.Equal(HttpStatusCode.OK, report.LandingStatus);
    }

    [Fact]
    public async Task CircuitClient_WrongPassword_ShowsTheSameRefusalAsTheBrowser()
    {
        using var client = await LoginPage.OpenAsync(Base, LoopbackAddressHandler.Nth(8));

        var report = await PortalSignIn.PasswordAsync(client, DemoPeople.Direct, "not-the-password");

        Assert.Equal(SignInOutcome.PasswordRefused, report.Outcome);
        Assert.Equal("Incorrect email or password.", report.Message);
        Assert.Empty(client.Errors);
    }

    public void Dispose() => server.Dispose();
}
