using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Playwright;

namespace BackupifyPortal.Bench;

/// <summary>
/// Issue item 4: what the Login page costs a browser until it is interactive (its fields enabled, which the
/// page does only once the circuit renders), in bytes on the wire and in time, cold and warm, in Chromium on loopback.
/// </summary>
public static class PageWeightBenchmark
{
    public const double TargetKb = 150, TargetWarmMs = 300;

    // Stamps the moment the Email field stops being disabled (prerendered disabled, enabled by the interactive render).
    private const string InteractiveProbe = @"(() => {
        const check = () => {
            const e = document.querySelector('input[type=email]');
            if (e && !e.disabled && !window.__bpInteractiveAt) window.__bpInteractiveAt = performance.now();
        };
        new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
    })();";

    public sealed record Resource(string Url, int Status, string Encoding, long WireBytes, bool FromCache);

    public sealed record Load(double InteractiveMs, IReadOnlyList<Resource> Resources, long WebSocketBytes)
    {
        public long HttpBytes => Resources.Sum(r => r.WireBytes);
    }

    public static async Task<string> RunAsync(BenchOptions options)
    {
        var coldSamples = options.Quick ? 5 : 10;
        var warmSamples = options.Quick ? 10 : 20;
        var cold = new List<Load>();
        var warm = new List<Load>();
        Dictionary<string, (long Raw, long Brotli)> brotli;
        await using (var server = await PortalServerProcess.StartAsync())
        await using (var lab = await ChromiumLab.LaunchAsync())
        {
            // One throw-away load so the server's JIT is not billed to the first cold sample.
            await using (var warmUp = await lab.NewContextAsync(server.BaseUrl)) await LoadAsync(await warmUp.NewPageAsync());
            for (var i = 0; i < coldSamples; i++)
            {
                await using var context = await lab.NewContextAsync(server.BaseUrl); // empty cache, no cookies
                cold.Add(await LoadAsync(await context.NewPageAsync()));
            }
            await using (var context = await lab.NewContextAsync(server.BaseUrl))
            {
                var page = await context.NewPageAsync();
                await LoadAsync(page); // fills the cache
                for (var i = 0; i < warmSamples; i++)
                {
                    await page.GotoAsync("about:blank");
                    warm.Add(await LoadAsync(page));
                }
            }
            brotli = await BrotliEstimateAsync(server.BaseUrl, cold[0].Resources);
            foreach (var r in cold[0].Resources) Console.WriteLine($"[pageweight] {r}");
        }
        return Render(cold, warm, brotli);
    }

    private static async Task<Load> LoadAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var responses = new ConcurrentDictionary<string, (string Url, int Status, string Encoding, bool FromCache)>();
        var finished = new ConcurrentDictionary<string, long>();
        long wsBytes = 0;
        cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            if (e is not { } json) return;
            var response = json.GetProperty("response");
            var encoding = response.GetProperty("headers").EnumerateObject()
                .FirstOrDefault(h => h.Name.Equals("content-encoding", StringComparison.OrdinalIgnoreCase)).Value;
            var fromCache = (response.TryGetProperty("fromDiskCache", out var d) && d.GetBoolean())
                || (response.TryGetProperty("fromMemoryCache", out var m) && m.GetBoolean());
            responses[json.GetProperty("requestId").GetString()!] = (response.GetProperty("url").GetString()!, response.GetProperty("status").GetInt32(),
                encoding.ValueKind == JsonValueKind.String ? encoding.GetString()! : "identity", fromCache);
        };
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is { } json) finished[json.GetProperty("requestId").GetString()!] = (long)json.GetProperty("encodedDataLength").GetDouble();
        };
        void Frame(JsonElement? e)
        {
            if (e is not { } json) return;
            var frame = json.GetProperty("response");
            var payload = frame.GetProperty("payloadData").GetString() ?? "";
            // Binary frames (opcode 2, Blazor's MessagePack) arrive base64-encoded.
            Interlocked.Add(ref wsBytes, frame.GetProperty("opcode").GetDouble() == 2 ? payload.Length * 3 / 4 : System.Text.Encoding.UTF8.GetByteCount(payload));
        }
        cdp.Event("Network.webSocketFrameReceived").OnEvent += (_, e) => Frame(e);
        cdp.Event("Network.webSocketFrameSent").OnEvent += (_, e) => Frame(e);
        await cdp.SendAsync("Network.enable");
        await page.Context.AddInitScriptAsync(InteractiveProbe);

        await page.GotoAsync("/login");
        var at = await page.WaitForFunctionAsync("() => window.__bpInteractiveAt", null, new() { PollingInterval = 10, Timeout = 30_000 });
        var interactiveMs = await at.JsonValueAsync<double>();
        var resources = finished.Where(f => responses.ContainsKey(f.Key))
            .Select(f => { var r = responses[f.Key]; return new Resource(r.Url, r.Status, r.Encoding, f.Value, r.FromCache); }).ToList();
        var ws = Interlocked.Read(ref wsBytes);
        await cdp.DetachAsync();
        return new Load(interactiveMs, resources, ws);
    }

    /// <summary>Chromium offers Brotli only over HTTPS; a published build (which also writes .br files) over HTTPS would send this much.</summary>
    private static async Task<Dictionary<string, (long Raw, long Brotli)>> BrotliEstimateAsync(string baseUrl, IReadOnlyList<Resource> resources)
    {
        using var http = PortalServerHandle.NewHttpClient();
        var result = new Dictionary<string, (long, long)>();
        foreach (var r in resources.Where(r => r.Url.StartsWith(baseUrl, StringComparison.Ordinal) && r.Status == 200 && !r.Url.Contains("/_blazor", StringComparison.Ordinal)))
        {
            var body = await http.GetByteArrayAsync(r.Url);
            using var packed = new MemoryStream();
            await using (var brotli = new BrotliStream(packed, CompressionLevel.SmallestSize, leaveOpen: true)) await brotli.WriteAsync(body);
            result[r.Url] = (body.Length, packed.Length);
        }
        return result;
    }

    private static string Render(List<Load> cold, List<Load> warm, Dictionary<string, (long Raw, long Brotli)> brotli)
    {
        string F(double v, string f = "0.0") => SampleStats.F(v, f);
        var first = cold[0];
        var coldKb = SampleStats.Of(cold.Select(l => l.HttpBytes / 1024.0));
        var coldWithWs = SampleStats.Of(cold.Select(l => (l.HttpBytes + l.WebSocketBytes) / 1024.0));
        var warmKb = SampleStats.Of(warm.Select(l => l.HttpBytes / 1024.0));
        var coldMs = SampleStats.Of(cold.Select(l => l.InteractiveMs));
        var warmMs = SampleStats.Of(warm.Select(l => l.InteractiveMs));
        var headerOverhead = first.Resources.Sum(r => r.WireBytes) - first.Resources.Sum(r => brotli.TryGetValue(r.Url, out var b) ? 0 : 0);
        var brotliKb = first.Resources.Sum(r => brotli.TryGetValue(r.Url, out var b) ? b.Brotli : r.WireBytes) / 1024.0;
        var lines = new List<string>
        {
            "## Page weight and time to interactive: the Login page",
            "",
            "Chromium (Debian, headless) on loopback against the published portal (same process setup as the circuits section). *Interactive* = the `Email` field is enabled,",
            "which the Login page does only after the circuit's first interactive render; the time is `performance.now()` at that DOM change (since navigation start).",
            "Bytes are Chrome DevTools Protocol `Network.loadingFinished.encodedDataLength` (compressed body + headers, as on the wire) of every HTTP response,",
            "plus the SignalR WebSocket frames until interactive. Cold = new browser context (empty cache, no cookies); warm = the same tab loading the page again.",
            "",
            "| figure | median (min–max, n) | target | result |",
            "| --- | --- | --- | --- |",
            $"| HTTP bytes until interactive, cold | {coldKb.Spread("0.0", " KB")} | ≤ {TargetKb:0} KB | **{(coldKb.Median <= TargetKb ? "pass" : "miss")}** |",
            $"| … plus WebSocket frames | {coldWithWs.Spread("0.0", " KB")} | | |",
            $"| HTTP bytes, warm (cache) | {warmKb.Spread("0.0", " KB")} | | |",
            $"| time to interactive, cold | {coldMs.Spread("0", " ms")} | | |",
            $"| time to interactive, warm | {warmMs.Spread("0", " ms")} | ≤ {TargetWarmMs:0} ms | **{(warmMs.Median <= TargetWarmMs ? "pass" : "miss")}** (p95 {F(warmMs.P95, "0")} ms) |",
            "",
            $"First cold load, by response (the portal is a `dotnet publish` output in Production over HTTPS, so Chromium may take Brotli; \"Brotli (estimate)\" is each body compressed by the bench at the smallest size, total {F(brotliKb)} KB if every text response were Brotli):",
            "",
            "| response | status | encoding | on the wire | uncompressed | Brotli (estimate) |",
            "| --- | --- | --- | --- | --- | --- |",
        };
        foreach (var r in first.Resources.OrderByDescending(r => r.WireBytes))
        {
            var path = new Uri(r.Url).PathAndQuery;
            var (raw, br) = brotli.TryGetValue(r.Url, out var b) ? b : (0, 0);
            lines.Add($"| `{(path.Length > 70 ? path[..70] + "…" : path)}` | {r.Status} | {r.Encoding} | {F(r.WireBytes / 1024.0)} KB | {(raw > 0 ? F(raw / 1024.0) + " KB" : "-")} | {(br > 0 ? F(br / 1024.0) + " KB" : "-")} |");
        }
        _ = headerOverhead;
        return string.Join('\n', lines) + "\n\n" + PerformanceFixes.Markdown;
    }
}
