using BackupifyPortal.Tests.TwoFactor;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.Support;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace BackupifyPortal.Tests.Phone;

/// <summary>
/// Issue 18 item 5: the real app sends a code through the real Twilio SDK (to WireMock) asking for status callbacks, and
/// POST /twilio/status records what Twilio says only when X-Twilio-Signature is Twilio's for our Auth Token and our URL.
/// </summary>
public sealed class TwilioStatusCallbackTests : IAsyncLifetime
{
    private const string AccountSid = "AC00000000000000000000000000000001";
    private const string AuthToken = "test-auth-token-not-real";
    private const string PublicBase = "https://portal.example.test";
    private const string CallbackUrl = PublicBase + "/twilio/status";
    private const string Phone = "+447400123456";
    private const string MessageSid = "SM00000000000000000000000000000042";
    private readonly WireMockServer twilio = WireMockServer.Start();
    private PortalAppFactory app = default!;
    private string customerId = "";

    public async Task InitializeAsync()
    {
        twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Messages.json").UsingPost()).RespondWith(Response.Create()
            .WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody($$"""{"sid": "{{MessageSid}}", "status": "queued"}"""));
        app = new PortalAppFactory(settings: new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = AccountSid, ["Twilio:AuthToken"] = AuthToken, ["Twilio:FromNumber"] = "+15005550006",
            ["Twilio:BaseUrl"] = twilio.Urls[0], ["Twilio:UseLookup"] = "false", ["Portal:PublicBaseUrl"] = PublicBase,
        });
        _ = app.Server;
        await using var db = await app.CreateDbContextAsync();
        customerId = await db.Users.Where(u => u.Email == "direct@demo.test").Select(u => u.Id).SingleAsync();
        db.Factors.RemoveRange(db.Factors.Where(f => f.UserId == customerId && f.Kind == FactorKind.Phone));
        db.Factors.Add(FactorRows.Phone(customerId, Phone, PhoneState.Verified, DeliveryChannel.Sms));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Stop();
    }

    private async Task<SendCodeResult> SendCodeAsync() =>
        await app.Services.GetRequiredService<IPhoneCodeService>().SendAsync(new CodeBinding(customerId, CodePurpose.SignIn, "attempt-1"), DeliveryChannel.Sms);

    private static Dictionary<string, string> Callback(string status, string? errorCode = null)
    {
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = AccountSid, ["MessageSid"] = MessageSid, ["SmsSid"] = MessageSid, ["MessageStatus"] = status,
            ["SmsStatus"] = status, ["To"] = Phone, ["From"] = "+15005550006", ["ApiVersion"] = "2010-04-01",
        };
        if (errorCode is not null) form["ErrorCode"] = errorCode;
        return form;
    }

    /// <summary>Twilio's scheme, written out here rather than taken from the SDK: HMAC-SHA1 over the URL and the sorted fields.</summary>
    private static string Sign(string token, string url, IDictionary<string, string> form)
    {
        var data = new StringBuilder(url);
        foreach (var key in form.Keys.OrderBy(k => k, StringComparer.Ordinal)) data.Append(key).Append(form[key]);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(data.ToString())));
    }

    private async Task<HttpResponseMessage> PostAsync(Dictionary<string, string> form, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/twilio/status") { Content = new FormUrlEncodedContent(form) };
        if (signature is not null) request.Headers.Add("X-Twilio-Signature", signature);
        return await app.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(request);
    }

    private async Task<CodeDelivery> DeliveryAsync()
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.CodeDeliveries.AsNoTracking().SingleAsync(d => d.UserId == customerId);
    }

    private async Task<CustomerView> SupportCardAsync()
    {
        await using var db = await app.CreateDbContextAsync();
        var support = await db.Users.Where(u => u.Email == "support@demo.test").Select(u => u.Id).SingleAsync();
        return (await app.Services.GetRequiredService<SupportDirectory>().FindAsync(support, "direct@demo.test"))!;
    }

    [Fact]
    public async Task SignedCallback_Undelivered30003_IsStoredAgainstTheMessage_AndSupportReadsItInPlainWords()
    {
        Assert.Equal(SendCodeStatus.Sent, (await SendCodeAsync()).Status);
        var sent = Assert.Single(twilio.LogEntries).RequestMessage.Body!;
        Assert.Contains("StatusCallback=" + Uri.EscapeDataString(CallbackUrl), sent);
        Assert.Equal((MessageSid, DeliveryStatus.Sent), ((await DeliveryAsync()).ProviderSid, (await DeliveryAsync()).Status));
        Assert.Equal("Sent, waiting for the carrier", (await SupportCardAsync()).Deliveries.Single().Status);

        var form = Callback("undelivered", "30003");
        var response = await PostAsync(form, Sign(AuthToken, CallbackUrl, form));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var delivery = await DeliveryAsync();
        Assert.Equal((DeliveryStatus.Undelivered, "30003"), (delivery.Status, delivery.StatusErrorCode));
        Assert.Null(delivery.ErrorCode); // the send caps' own record of the send stays as it was
        var shown = (await SupportCardAsync()).Deliveries.Single();
        Assert.Equal(("SMS", "Not delivered: the phone is switched off or out of signal (Twilio 30003)", true), (shown.Channel, shown.Status, shown.Problem));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("7400123456"));
    }

    [Fact]
    public async Task ForgedSignature_Is403_Audited_AndChangesNothing()
    {
        await SendCodeAsync();
        var form = Callback("delivered");

        var response = await PostAsync(form, Sign("someone-elses-token", CallbackUrl, form));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(DeliveryStatus.Sent, (await DeliveryAsync()).Status);
        await AssertRejectionAuditedAsync("X-Twilio-Signature does not match");
    }

    [Fact]
    public async Task RightSignatureForAnotherUrl_OrFieldsChangedAfterSigning_Is403()
    {
        await SendCodeAsync();
        var form = Callback("delivered");
        var signedForElsewhere = Sign(AuthToken, "https://attacker.example/twilio/status", form);
        var signedThenChanged = Sign(AuthToken, CallbackUrl, Callback("undelivered", "30005"));

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(form, signedForElsewhere)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(form, signedThenChanged)).StatusCode);
        Assert.Equal(DeliveryStatus.Sent, (await DeliveryAsync()).Status);
    }

    [Fact]
    public async Task MissingSignature_Is403_Audited_AndChangesNothing()
    {
        await SendCodeAsync();

        var response = await PostAsync(Callback("delivered"), signature: null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(DeliveryStatus.Sent, (await DeliveryAsync()).Status);
        await AssertRejectionAuditedAsync("no X-Twilio-Signature");
    }

    [Fact]
    public async Task ForgedCallbacksFromOneAddress_AreAllRefused_ButOnlyTheFirstTwentyAnHourAreAudited()
    {
        await SendCodeAsync();
        var form = Callback("delivered");
        var forged = Sign("someone-elses-token", CallbackUrl, form);

        for (var i = 0; i < TwilioStatusCallbacks.AuditedRejectionsPerHour + 5; i++)
            Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(form, forged)).StatusCode);

        Assert.Equal(DeliveryStatus.Sent, (await DeliveryAsync()).Status);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(TwilioStatusCallbacks.AuditedRejectionsPerHour, await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.DeliveryCallbackRejected));
    }

    [Fact]
    public async Task CallbacksOutOfOrder_NeverMoveADeliveredCodeBack()
    {
        await SendCodeAsync();
        var delivered = Callback("delivered");
        var sentLate = Callback("sent");

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(delivered, Sign(AuthToken, CallbackUrl, delivered))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(sentLate, Sign(AuthToken, CallbackUrl, sentLate))).StatusCode);

        Assert.Equal(DeliveryStatus.Delivered, (await DeliveryAsync()).Status);
        Assert.Equal("Delivered", (await SupportCardAsync()).Deliveries.Single().Status);
    }

    private async Task AssertRejectionAuditedAsync(string reason)
    {
        await using var db = await app.CreateDbContextAsync();
        var audit = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Type == AuditEventTypes.DeliveryCallbackRejected);
        Assert.Equal(reason, audit.Detail);
        Assert.DoesNotContain("7400123456", audit.Detail);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("7400123456"));
    }
}
