using System.Net;
using System.Text;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace BackupifyPortal.Tests.Phone;

public sealed class TwilioCodeSenderTests : IAsyncLifetime
{
    private const string Sid = "AC00000000000000000000000000000001";
    private const string Token = "test-auth-token-not-real";
    private const string From = "+15005550006";
    private const string To = "+447400123456";
    private readonly WireMockServer twilio = WireMockServer.Start();
    private PhoneTestHost host = default!;

    public async Task InitializeAsync()
    {
        // The first request to a fresh WireMock server is slow; pay it here, not inside a 2-second timeout.
        using (var warm = new HttpClient()) await warm.GetAsync(twilio.Urls[0] + "/warm-up");
        twilio.ResetLogEntries();
        host = await StartHostAsync();
    }

    private Task<PhoneTestHost> StartHostAsync() => PhoneTestHost.StartAsync(new()
    {
        ["Twilio:AccountSid"] = Sid, ["Twilio:AuthToken"] = Token, ["Twilio:FromNumber"] = From,
        ["Twilio:BaseUrl"] = twilio.Urls[0], ["Twilio:Timeout"] = "00:00:02",
    }, realSender: true);

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        twilio.Stop();
    }

    private ICodeSender Sender => host.Get<ICodeSender>();
    private string MessagesPath => $"/2010-04-01/Accounts/{Sid}/Messages.json";
    private string CallsPath => $"/2010-04-01/Accounts/{Sid}/Calls.json";

    private void Reply(string path, int status, string body, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        if (delay is { } d) response = response.WithDelay(d);
        twilio.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(response);
    }

    private static string TwilioError(int code, int status) =>
        $$"""{"code": {{code}}, "message": "error {{code}}", "more_info": "https://www.twilio.com/docs/errors/{{code}}", "status": {{status}}}""";

    private Dictionary<string, string> FormOfOnlyRequest()
    {
        var entry = Assert.Single(twilio.LogEntries);
        return entry.RequestMessage.Body!.Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p[1]));
    }

    [Fact]
    public async Task Sms_IsPostedToMessagesWithFormFieldsAndBasicAuth()
    {
        Reply(MessagesPath, 201, """{"sid": "SM00000000000000000000000000000001", "status": "queued"}""");
        var outcome = await Sender.SendAsync(To, DeliveryChannel.Sms, "123456");
        Assert.True(outcome.Succeeded);
        var request = Assert.Single(twilio.LogEntries).RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.Equal(MessagesPath, request.Path);
        var expectedAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Sid}:{Token}"));
        Assert.Equal(expectedAuth, request.Headers!["Authorization"].Single());
        var form = FormOfOnlyRequest();
        Assert.Equal(To, form["To"]);
        Assert.Equal(From, form["From"]);
        Assert.Contains("123456", form["Body"]);
        Assert.DoesNotContain("Twiml", form.Keys);
    }

    [Fact]
    public async Task Voice_IsPostedToCallsWithTwimlReadingDigitsTwice()
    {
        Reply(CallsPath, 201, """{"sid": "CA00000000000000000000000000000001", "status": "queued"}""");
        var outcome = await Sender.SendAsync(To, DeliveryChannel.Voice, "123456");
        Assert.True(outcome.Succeeded);
        Assert.Equal(CallsPath, Assert.Single(twilio.LogEntries).RequestMessage.Path);
        var form = FormOfOnlyRequest();
        Assert.Equal(To, form["To"]);
        Assert.Equal(From, form["From"]);
        var twiml = form["Twiml"];
        Assert.StartsWith("<Response>", twiml);
        Assert.Equal(2, twiml.Split("1, 2, 3, 4, 5, 6").Length - 1);
        Assert.Equal(2, twiml.Split("<Say>").Length - 1);
    }

    [Theory]
    [InlineData(21211, 400, SendFailure.InvalidNumber, "not valid")]
    [InlineData(21614, 400, SendFailure.NotSmsCapable, "Phone Call")]
    [InlineData(20429, 429, SendFailure.RateLimited, "try again")]
    [InlineData(20500, 500, SendFailure.ProviderUnavailable, "Try again")]
    public async Task TwilioError_BecomesClearOutcome(int code, int status, SendFailure expected, string messagePart)
    {
        Reply(MessagesPath, status, TwilioError(code, status));
        var outcome = await Sender.SendAsync(To, DeliveryChannel.Sms, "123456");
        Assert.False(outcome.Succeeded);
        Assert.Equal(expected, outcome.Failure);
        Assert.Equal(code.ToString(), outcome.ErrorCode);
        Assert.Contains(messagePart, outcome.UserMessage);
    }

    [Fact]
    public async Task ServerErrorWithoutJson_IsProviderUnavailable()
    {
        Reply(MessagesPath, 503, "<html>Service Unavailable</html>");
        var outcome = await Sender.SendAsync(To, DeliveryChannel.Sms, "123456");
        Assert.Equal(SendFailure.ProviderUnavailable, outcome.Failure);
    }

    [Fact]
    public async Task SlowProvider_TimesOutWithClearMessage()
    {
        Reply(MessagesPath, 201, """{"sid": "SM1"}""", delay: TimeSpan.FromSeconds(6));
        var outcome = await Sender.SendAsync(To, DeliveryChannel.Sms, "123456");
        Assert.Equal(SendFailure.Timeout, outcome.Failure);
        Assert.Contains("took too long", outcome.UserMessage);
    }

    [Fact]
    public async Task ProviderFailure_ThroughCodeService_LeavesNoLiveCodeAndLogsNoSecrets()
    {
        Reply(MessagesPath, 400, TwilioError(21614, 400));
        var person = await host.AddPersonAsync(To);
        var result = await host.Codes.SendAsync(new CodeBinding(person, CodePurpose.SignIn, "a"), DeliveryChannel.Sms);
        Assert.Equal(SendCodeStatus.ProviderFailed, result.Status);
        Assert.Equal(SendFailure.NotSmsCapable, result.Failure);
        Assert.False((await host.Codes.GetStateAsync(new CodeBinding(person, CodePurpose.SignIn, "a"))).HasLiveCode);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("7400123456") || l.Contains(Token));
    }

    [Fact]
    public async Task Lookup_LandlineLineType_GivesVoice()
    {
        twilio.Given(Request.Create().WithPath(new WildcardMatcher("/v2/PhoneNumbers/*16502530000")).UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody("""{"phone_number": "+16502530000", "valid": true, "line_type_intelligence": {"type": "landline", "carrier_name": "x"}}"""));
        var parsed = await host.Get<PhoneNumberService>().ParseAsync("US", "650 253 0000", isLandline: false);
        Assert.Equal(DeliveryChannel.Voice, parsed.Phone!.Channel);
        Assert.True(parsed.Phone.ChannelCertain);
        Assert.Contains("line_type_intelligence", Assert.Single(twilio.LogEntries).RequestMessage.Url);
    }
}
