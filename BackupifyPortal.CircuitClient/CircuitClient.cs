using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.CircuitClient;

/// <summary>
/// A browser at the Blazor Server protocol level: loads a prerendered page over HTTP, starts its circuit over
/// /_blazor (blazorpack), keeps the rendered tree, answers JS interop like blazor.web.js, and dispatches events.
/// All traffic (HTTP, WebSocket, the sign-in hand-off POST) leaves from one chosen loopback address.
/// </summary>
public sealed partial class CircuitClient : IAsyncDisposable
{
    private readonly object gate = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement?>> pendingDotNetCalls = new();
    private readonly List<string> errors = [];
    private readonly HubConnection connection;
    private readonly HttpMessageInvoker socketInvoker;
    private TaskCompletionSource changed = NewSignal();
    private long nextCallId;
    private long renderBatches;
    private long nextJsObjectId;
    private long rendererInteropObjectId;
    private string? circuitSecret;

    private CircuitClient(Uri baseAddress, IPAddress source, CookieContainer? cookies, string? forwardedFor)
    {
        BaseAddress = baseAddress;
        Source = source;
        Cookies = cookies ?? new CookieContainer();
        Http = new HttpClient(LoopbackAddressHandler.Create(source, Cookies)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        socketInvoker = new HttpMessageInvoker(LoopbackAddressHandler.Create(source, Cookies));
        CurrentUri = baseAddress;
        // A proxy's header, or a forged one: sent on every request and on the circuit's WebSocket alike.
        if (forwardedFor is not null) Http.DefaultRequestHeaders.Add(ForwardedForHeader, forwardedFor);
        var builder = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, "_blazor"), HttpTransportType.WebSockets, options =>
        {
            options.SkipNegotiation = true;
            options.WebSocketFactory = async (context, ct) =>
            {
                var socket = new ClientWebSocket();
                if (forwardedFor is not null) socket.Options.SetRequestHeader(ForwardedForHeader, forwardedFor);
                await socket.ConnectAsync(context.Uri, socketInvoker, ct);
                return socket;
            };
        });
        builder.Services.AddSingleton<IHubProtocol, BlazorPackHubProtocol>();
        connection = builder.Build();
        RegisterHandlers();
    }

    public const string ForwardedForHeader = "X-Forwarded-For";

    public Uri BaseAddress { get; }
    public IPAddress Source { get; }
    public CookieContainer Cookies { get; }
    /// <summary>Plain HTTP from the same address and cookie jar (what fetch() and page loads would use).</summary>
    public HttpClient Http { get; }
    public Uri CurrentUri { get; private set; }
    public ElementTree Tree { get; } = new();
    /// <summary>A full page load the app asked for (window.location.assign or NavigateTo with forceLoad).</summary>
    public Uri? PageLoadRequested { get; private set; }
    /// <summary>Status codes of the hand-off POSTs done for portal-auth.js's redeem().</summary>
    public ConcurrentQueue<int> HandoffStatuses { get; } = new();

    /// <summary>Render batches applied so far (a click's answer is the next one).</summary>
    public long RenderBatches => Interlocked.Read(ref renderBatches);

    /// <summary>JS interop calls the server made into this "browser" so far (each one a round trip on the circuit).</summary>
    public int JsCalls => JsCallLog.Count;

    /// <summary>The JS functions the server called, in order (names only, never arguments).</summary>
    public ConcurrentQueue<string> JsCallLog { get; } = new();

    /// <summary>The circuit's connection is up (false once the server or a timeout closed it).</summary>
    public bool IsConnected => connection.State == HubConnectionState.Connected;

    public IReadOnlyList<string> Errors
    {
        get { lock (gate) return [.. errors]; }
    }

    /// <summary>GETs <paramref name="path"/> like a browser, then starts its circuit and waits for the first render.</summary>
    /// <param name="cookies">The browser's cookie jar when it is already signed in (a new, empty one otherwise).</param>
    /// <param name="forwardedFor">An X-Forwarded-For header on every request and the WebSocket (as a proxy, or a forger, sends it).</param>
    /// <param name="replayedState">Persisted component state to start the circuit with instead of this page load's (a replay).</param>
    public static async Task<CircuitClient> OpenAsync(Uri baseAddress, string path, IPAddress source, CancellationToken ct = default, CookieContainer? cookies = null,
        string? forwardedFor = null, string? replayedState = null)
    {
        var client = new CircuitClient(baseAddress, source, cookies, forwardedFor);
        try
        {
            await client.StartAsync(path, replayedState, ct);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(string path, string? replayedState, CancellationToken ct)
    {
        using var response = await Http.GetAsync(path, ct);
        if (response.StatusCode != HttpStatusCode.OK) throw new CircuitClientException($"GET {path} answered {(int)response.StatusCode}");
        var markers = ComponentMarkers.Parse(await response.Content.ReadAsStringAsync(ct));
        if (markers.ServerComponents.Count == 0) throw new CircuitClientException($"GET {path} holds no interactive server component");
        CurrentUri = new Uri(BaseAddress, path);
        var state = replayedState ?? markers.ApplicationState;

        await connection.StartAsync(ct);
        circuitSecret = await connection.InvokeAsync<string?>("StartCircuit", BaseAddress.ToString(), CurrentUri.ToString(), "[]", state, ct)
            ?? throw new CircuitClientException($"StartCircuit refused: {string.Join("; ", Errors)}");
        await connection.SendAsync("UpdateRootComponents", markers.AddOperationsJson(1), state, ct);
        await WaitForAsync(_ => Interlocked.Read(ref rendererInteropObjectId) != 0 && Tree.Elements().Any(), TimeSpan.FromSeconds(30), ct);
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the rendered tree (checked after every batch).</summary>
    public async Task WaitForAsync(Func<ElementTree, bool> condition, TimeSpan timeout, CancellationToken ct = default)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (errors.Count > 0) throw new CircuitClientException($"circuit error: {string.Join("; ", errors)}");
                if (condition(Tree)) return;
                next = changed.Task;
            }
            try { await next.WaitAsync(timer.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s at {CurrentUri}; page text: {Truncate(Text())}");
            }
        }
    }

    /// <summary>All text on the rendered page.</summary>
    public string Text()
    {
        lock (gate) return Tree.TextContent();
    }

    public T Query<T>(Func<ElementTree, T> query)
    {
        lock (gate) return query(Tree);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // blazor.web.js sends this beacon on pagehide so the server drops the circuit at once instead of retaining it.
            if (circuitSecret is not null && connection.State == HubConnectionState.Connected)
            {
                using var beacon = new FormUrlEncodedContent([new("circuitId", circuitSecret)]);
                using var _ = await Http.PostAsync("_blazor/disconnect", beacon);
            }
        }
        catch (HttpRequestException) { }
        await connection.DisposeAsync();
        Http.Dispose();
        socketInvoker.Dispose();
    }

    private void Signal()
    {
        TaskCompletionSource old;
        lock (gate)
        {
            old = changed;
            changed = NewSignal();
        }
        old.TrySetResult();
    }

    private void Fail(string message)
    {
        lock (gate) errors.Add(message);
        Signal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Truncate(string text) => text.Length > 400 ? text[..400] + "…" : text;

    private long NextCallId() => Interlocked.Increment(ref nextCallId);

    private long NextJsObjectId() => Interlocked.Increment(ref nextJsObjectId);

    private static JsonArray ParseArgs(string? argsJson) => argsJson is null ? [] : JsonNode.Parse(argsJson) as JsonArray ?? [];
}

public sealed class CircuitClientException(string message) : Exception(message);
