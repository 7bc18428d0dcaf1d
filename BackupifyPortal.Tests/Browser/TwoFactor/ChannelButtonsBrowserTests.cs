using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser.TwoFactor;

/// <summary>The portal with the real Twilio SDK pointed at WireMock, and a Chromium: what each channel button asks Twilio for.</summary>
public sealed class TwilioPortalFixture : IAsyncLifetime
{
    public const string Sid = "AC00000000000000000000000000000002";
    public WireMockServer Twilio { get; } = WireMockServer.Start();
    public LivePortalServer Server { get; private set; } = default!;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public async Task InitializeAsync()
    {
        Twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Sid}/Messages.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"sid": "SM00000000000000000000000000000002", "status": "queued"}"""));
        Twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Sid}/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"sid": "CA00000000000000000000000000000002", "status": "queued"}"""));
        Server = new LivePortalServer(settings: new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = Sid, ["Twilio:AuthToken"] = "test-auth-token-not-real", ["Twilio:FromNumber"] = "+15005550006",
            ["Twilio:BaseUrl"] = Twilio.Urls[0], ["Phone:SendCooldown"] = "00:00:01",
        });
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = PlaywrightFixture.ChromiumPath, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await browser!.NewContextAsync(new() { BaseURL = Server.BaseUrl, Locale = "en-US" });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>The Twilio endpoints the portal has posted to, oldest first: "Messages" or "Calls".</summary>
    public IReadOnlyList<string> Requests() => Twilio.LogEntries
        .Select(e => e.RequestMessage.Path).Where(p => p.EndsWith(".json")).Select(p => p.Split('/')[^1].Replace(".json", "")).ToList();

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        await Server.DisposeAsync();
        Twilio.Stop();
    }
}

public sealed class ChannelButtonsBrowserTests(TwilioPortalFixture app) : IClassFixture<TwilioPortalFixture>
{
    [Theory]
    [InlineData(DeliveryChannel.Sms, "Use SMS instead", "Messages")]
    [InlineData(DeliveryChannel.Voice, "Use a phone call instead", "Calls")]
    public async Task UsePhoneInstead_FromTheAuthenticatorStep_SendsByTheChannelItNames(DeliveryChannel channel, string button, string twilioEndpoint)
    {
        var email = await PersonWithAppAndPhoneAsync(channel, channel == DeliveryChannel.Sms ? "+12015550171" : "+12015550172");
        var page = await app.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        app.Twilio.ResetLogEntries();

        // A landline has no "Use SMS instead": that button would have placed a call.
        if (channel == DeliveryChannel.Voice) await Expect(PortalUi.Button(page, "Use SMS instead")).ToHaveCountAsync(0);
        await PortalUi.Button(page, button).ClickAsync();

        await Expect(page.GetByLabel("Verification code")).ToBeVisibleAsync();
        await WaitForAsync(() => app.Requests().Count == 1);
        Assert.Equal([twilioEndpoint], app.Requests());
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task ResendButtons_SmsSendsATextAndPhoneCallPlacesACall()
    {
        var email = await PersonWithAppAndPhoneAsync(DeliveryChannel.Sms, "+12015550173", withApp: false);
        var page = await app.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        await WaitForAsync(() => app.Requests().Count >= 1);
        // The first code's request is logged when Twilio's answer is read; forget it only once the re-send wait is over.
        await Expect(PortalUi.Button(page, "Phone Call")).ToBeEnabledAsync();
        app.Twilio.ResetLogEntries();

        await PortalUi.Button(page, "Phone Call").ClickAsync();
        await WaitForAsync(() => app.Requests().Count == 1);
        await Expect(PortalUi.Button(page, "SMS")).ToBeEnabledAsync();
        await PortalUi.Button(page, "SMS").ClickAsync();
        await WaitForAsync(() => app.Requests().Count == 2);

        Assert.Equal(["Calls", "Messages"], app.Requests());
        await page.Context.DisposeAsync();
    }

    private async Task<string> PersonWithAppAndPhoneAsync(DeliveryChannel channel, string e164, bool withApp = true)
    {
        var email = await FreshPeople.CreateAsync(app.Server, "Cleo Channel", AccountKind.Backupify2);
        await using var db = await app.Server.CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        user.TwoFactorEnabled = true;
        db.Factors.Add(FactorRows.Phone(user.Id, e164, PhoneState.Verified, channel));
        // Only its presence matters here: the sign-in asks for the app first, so the phone is chosen with a button.
        if (withApp) db.Factors.Add(FactorRows.App(user.Id, "Authy", "not-a-real-secret"));
        await db.SaveChangesAsync();
        return email;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition() && waited < 10_000; waited += 100) await Task.Delay(100);
    }
}
