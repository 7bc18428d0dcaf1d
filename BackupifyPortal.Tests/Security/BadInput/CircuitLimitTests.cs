using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace BackupifyPortal.Tests.Security.BadInput;

/// <summary>
/// Oversized circuit messages end only the connection that sent them; a person's live circuit in Chromium
/// keeps working, and a 10,000-character paste into Log In's Email gets a message, not the error bar.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CircuitLimitTests(PlaywrightFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public void CircuitAndHubLimits_AreTheAppsOwnExplicitValues()
    {
        var services = fixture.Server.Services;
        var hubType = typeof(CircuitOptions).Assembly.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub", throwOnError: true)!;
        var hubOptionsType = typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(hubType));
        var hub = (HubOptions)hubOptionsType.GetProperty("Value")!.GetValue(services.GetRequiredService(hubOptionsType))!;
        var circuit = services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal(CircuitLimits.MaximumReceiveMessageSize, hub.MaximumReceiveMessageSize);
        Assert.Equal(1, hub.MaximumParallelInvocationsPerClient);
        Assert.False(hub.EnableDetailedErrors ?? false);
        Assert.False(circuit.DetailedErrors);
        Assert.Equal(100, circuit.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromSeconds(30), circuit.JSInteropDefaultCallTimeout);
        Assert.Equal(10, circuit.MaxBufferedUnacknowledgedRenderBatches);
    }

    [Fact]
    public async Task OversizedCircuitMessage_DisconnectsItsSender_WhileAnotherCircuitKeepsWorking()
    {
        // The person's circuit: a signed-in page (Log In is static and has none).
        var page = await fixture.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, DemoPeople.Direct, PortalUi.Heading(page, "Status"));

        using var attacker = await ConnectToBlazorHubAsync();
        // One blazorpack frame announcing (and carrying) four times the limit.
        var size = (int)CircuitLimits.MaximumReceiveMessageSize * 4;
        var frame = VarIntLength(size).Concat(Enumerable.Repeat((byte)0x90, size)).ToArray();
        await SendIgnoringResetAsync(attacker, frame, WebSocketMessageType.Binary);
        Assert.True(await ClosedWithinAsync(attacker, Wait), "The hub kept a connection that sent an oversized message");

        // The person's own circuit still answers: the header menu opens User Settings, no error bar.
        await PortalUi.ChooseFromMenuAsync(page, "Dana Direct", "User Settings");
        await PortalUi.Heading(page, "User Settings").WaitForAsync(new() { Timeout = 20_000 });
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LoginEmail_TenThousandCharactersPasted_ShowsTheMessageAndThePageKeepsWorking()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/login");
        await PortalUi.WaitForInteractiveAsync(page);

        var email = page.GetByLabel("Email", new() { Exact = true });
        await email.FocusAsync();
        // A paste is one insertText, the way the clipboard delivers it (the field's maxlength applies as in a real paste).
        await page.Keyboard.InsertTextAsync(new string('a', 10_000));
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("whatever-password");
        await PortalUi.Button(page, "Log In").ClickAsync();

        await page.GetByText("Enter an email address like name@example.com.").WaitForAsync(new() { Timeout = 20_000 });
        Assert.True((await email.InputValueAsync()).Length <= 256);
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());

        // Still alive: a corrected value is checked again.
        await email.FillAsync("partner@demo.test");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("wrong-password-123");
        await PortalUi.Button(page, "Log In").ClickAsync();
        await page.GetByText("Incorrect email or password.").WaitForAsync(new() { Timeout = 20_000 });
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    /// <summary>Negotiates and opens the hub's WebSocket with the blazorpack handshake, as blazor.web.js does.</summary>
    private async Task<ClientWebSocket> ConnectToBlazorHubAsync()
    {
        using var http = new HttpClient();
        using var negotiate = await http.PostAsync(fixture.Server.Url("/_blazor/negotiate?negotiateVersion=1"), null);
        negotiate.EnsureSuccessStatusCode();
        var token = (await negotiate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString();
        var socket = new ClientWebSocket();
        var url = fixture.Server.BaseUrl.Replace("http://", "ws://") + $"/_blazor?id={Uri.EscapeDataString(token!)}";
        await socket.ConnectAsync(new Uri(url), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        var answer = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal("{}\u001e", Encoding.UTF8.GetString(buffer, 0, answer.Count));
        return socket;
    }

    private static async Task SendIgnoringResetAsync(ClientWebSocket socket, byte[] data, WebSocketMessageType type)
    {
        try { await socket.SendAsync(data, type, true, CancellationToken.None); }
        catch (WebSocketException) { } // the server may already have closed mid-send
        catch (IOException) { }
    }

    private static async Task<bool> ClosedWithinAsync(ClientWebSocket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cts.Token);
                if (result.MessageType == WebSocketMessageType.Close) return true;
                // A SignalR close message (type 7) before the socket closes counts too.
            }
        }
        catch (OperationCanceledException) { return socket.State is WebSocketState.Closed or WebSocketState.Aborted or WebSocketState.CloseReceived; }
        catch (WebSocketException) { return true; }
    }

    private static IEnumerable<byte> VarIntLength(int length)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(length & 0x7f);
            length >>= 7;
            bytes.Add(length > 0 ? (byte)(b | 0x80) : b);
        } while (length > 0);
        return bytes;
    }
}
