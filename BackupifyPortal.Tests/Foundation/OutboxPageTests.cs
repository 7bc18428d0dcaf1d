using System.Net;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>
/// Outside Development /dev/outbox lists codes only by explicit opt-in (Outbox:Page, which ./deploy/cluster.sh sets when
/// asked), only while nothing is really sent (Outbox:Mode=Database), and only to clients on the machine itself: behind
/// a trusted proxy that is the forwarded client address, so a tester at nginx on loopback reads it and nobody else does.
/// </summary>
public sealed class OutboxPageTests
{
    private static readonly Dictionary<string, string?> PageOn = new()
    {
        ["Outbox:Page"] = "true",
        ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
    };

    [Fact]
    public async Task Production_OutboxPageOn_AnswersALoopbackClientBehindTheProxy_AndNobodyElse()
    {
        using var server = new LivePortalServer(environment: "Production", settings: PageOn);
        await server.Services.GetRequiredService<ICodeSender>().SendAsync("+447400123456", DeliveryChannel.Sms, "424242");
        using var http = new HttpClient();

        using var local = await GetThroughProxyAsync(http, server, "/dev/outbox.json", client: "127.0.0.5");
        using var remote = await GetThroughProxyAsync(http, server, "/dev/outbox.json", client: "203.0.113.9");
        using var remotePage = await GetThroughProxyAsync(http, server, "/dev/outbox", client: "203.0.113.9");

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Contains("424242", await local.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, remote.StatusCode);
        Assert.DoesNotContain("424242", await remote.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, remotePage.StatusCode);
    }

    [Fact]
    public async Task Production_ByDefault_HasNoOutboxPage_EvenForALoopbackClient()
    {
        using var server = new LivePortalServer(environment: "Production", settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies"] = "127.0.0.1" });
        using var http = new HttpClient();

        using var local = await GetThroughProxyAsync(http, server, "/dev/outbox.json", client: "127.0.0.5");

        Assert.Equal(HttpStatusCode.NotFound, local.StatusCode);
    }

    [Fact]
    public async Task Production_OutboxPageOn_WhileMessagesAreReallySent_RefusesToStart()
    {
        await using var app = new PortalAppFactory(environment: "Production", settings: new Dictionary<string, string?>
        {
            ["Outbox:Page"] = "true",
            ["Outbox:Mode"] = "Send",
            ["Twilio:AccountSid"] = "AC00000000000000000000000000000000",
            ["Twilio:AuthToken"] = "test-token",
            ["Twilio:FromNumber"] = "+15005550006",
            ["Smtp:Host"] = "smtp.example",
        });

        var thrown = Record.Exception(() => app.Services);

        var validation = Assert.IsType<OptionsValidationException>(Unwrap(thrown));
        Assert.Contains("Outbox:Page", validation.Message);
    }

    // As nginx forwards it: from 127.0.0.1 (the configured proxy), the client's address and https in the headers.
    private static Task<HttpResponseMessage> GetThroughProxyAsync(HttpClient http, LivePortalServer server, string path, string client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, server.Url(path));
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return http.SendAsync(request);
    }

    private static Exception? Unwrap(Exception? thrown)
    {
        for (var e = thrown; e is not null; e = e.InnerException)
            if (e is OptionsValidationException) return e;
        return thrown;
    }
}
