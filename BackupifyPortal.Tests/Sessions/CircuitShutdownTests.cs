using BackupifyPortal.CircuitClient;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;

namespace BackupifyPortal.Tests.Sessions;

/// <summary>
/// Issue 14: "Unhandled exception rendering component: Cannot access a disposed object (IServiceProvider)" in the logs.
/// A circuit outlives its host's services (a stop or restart with pages open; each test host disposed with circuits
/// left): its revalidation then found the services gone, signed the circuit out and rendered the sign-out through the
/// disposed provider. A stopping portal must leave its circuits alone, and log no such error.
/// </summary>
public sealed class CircuitShutdownTests
{
    private static readonly System.Net.IPAddress Source = LoopbackAddressHandler.Nth(190);

    [Fact]
    public async Task SignedInCircuit_WhenThePortalStops_RendersNothingThroughTheDisposedServices()
    {
        var server = new LivePortalServer(settings: new Dictionary<string, string?> { ["SignIn:RevalidationInterval"] = "00:00:01" });
        var logs = server.Logs;
        var email = await FreshPeople.CreateAsync(server, "Stella Stopping", AccountKind.BackupifyClassic);
        var baseUri = new Uri(server.BaseUrl + "/");
        using var login = await LoginPage.OpenAsync(baseUri, Source);
        var landed = await PortalSignIn.PasswordAsync(login, email, DemoPeople.Password);
        Assert.True(landed.Outcome == SignInOutcome.SignedIn, $"{landed.Outcome}: {landed.Message}");
        var settingsPath = System.Text.RegularExpressions.Regex.Replace(landed.Message, "^(/(?:backupify|partner)/[0-9a-fA-F-]+)(/.*)?$", "$1/settings");
        await using var settings = await CircuitClient.CircuitClient.OpenAsync(baseUri, settingsPath, Source, cookies: login.Cookies);
        await settings.WaitForAsync(_ => settings.FindButton("Sign out other sessions") is not null, TimeSpan.FromSeconds(60));

        await server.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(4)); // several revalidation intervals of the circuits left behind

        Assert.Empty(logs.Entries.Where(e => e.FullText.Contains("Cannot access a disposed object")).Select(e => e + " " + e.Exception));
    }
}
