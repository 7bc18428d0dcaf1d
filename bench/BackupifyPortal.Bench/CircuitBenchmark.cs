using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace BackupifyPortal.Bench;

/// <summary>
/// Issue item 3: N real circuits on the Backupify Status page (one signed-in person, one Chromium tab per circuit),
/// server memory per idle circuit, and the in-page latency of a sort click while all N stay connected.
/// </summary>
public static class CircuitBenchmark
{
    public const double TargetKbPerCircuit = 200, MicrosoftKbPerCircuit = 250, TargetP95Ms = 50, LatencyLimitMs = 1000;

    public sealed record Step(int Requested, int Circuits, int Connected, double ManagedKbPerCircuit, double WorkingSetKbPerCircuit,
        SampleStats Latency, int OpenErrors, int LatencyErrors, double OpenSeconds, string? StoppedBecause);

    // Click the Name sort label and time until the server's render batch has changed the table body.
    private const string SortClickJs = @"async () => {
        const label = [...document.querySelectorAll('th button, .mud-table-sort-label')].find(e => e.textContent.trim() === 'Name');
        const body = document.querySelector('tbody');
        if (!label || !body) return -2;
        return await new Promise(resolve => {
            let t0 = 0;
            const obs = new MutationObserver(() => { const t1 = performance.now(); obs.disconnect(); clearTimeout(timer); resolve(t1 - t0); });
            const timer = setTimeout(() => { obs.disconnect(); resolve(-1); }, 5000);
            obs.observe(body, { subtree: true, childList: true, characterData: true });
            t0 = performance.now();
            label.click();
        });
    }";

    public static async Task<string> RunAsync(BenchOptions options)
    {
        var steps = new List<Step>();
        var clock = Stopwatch.StartNew();
        MemorySample baseline;
        await using (var server = await PortalServerProcess.StartAsync())
        await using (var lab = await ChromiumLab.LaunchAsync("--renderer-process-limit=12"))
        {
            var signedIn = await lab.NewContextAsync(server.BaseUrl);
            var statusPath = await SignInAsync(signedIn);
            var cookies = await signedIn.CookiesAsync();
            // Chromium puts every tab of a context on one HTTP/2 connection and Kestrel allows 100 streams (WebSockets)
            // per connection, so tabs are spread over contexts carrying the same session cookies, 50 each.
            var contexts = new List<IBrowserContext> { signedIn };
            async Task<IBrowserContext> ContextFor(int tab)
            {
                while (contexts.Count <= tab / TabsPerContext)
                {
                    var next = await lab.NewContextAsync(server.BaseUrl);
                    await next.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Secure = c.Secure, HttpOnly = c.HttpOnly, SameSite = c.SameSite, Expires = c.Expires }));
                    contexts.Add(next);
                }
                return contexts[tab / TabsPerContext];
            }
            await WarmUpAsync(ContextFor, statusPath);
            baseline = await server.MemoryAsync();
            Console.WriteLine($"[circuits] baseline: {baseline}");

            var pages = new List<IPage>();
            foreach (var target in Targets(options))
            {
                var stopwatch = Stopwatch.StartNew();
                var openErrors = await OpenUntilAsync(ContextFor, statusPath, pages, target);
                var openSeconds = stopwatch.Elapsed.TotalSeconds;
                await Task.Delay(TimeSpan.FromSeconds(3)); // let the last renders and acks settle: idle circuits
                var memory = await server.MemoryAsync();
                await HeapDumpAsync(server.ProcessId, target);
                var (latency, latencyErrors) = await MeasureLatencyAsync(pages, options.Quick ? 30 : 60);
                var added = Math.Max(1, memory.CircuitsOpen - baseline.CircuitsOpen);
                var stop = StopReason(openErrors, latencyErrors, latency, target, options.MaxCircuits);
                var step = new Step(target, memory.CircuitsOpen - baseline.CircuitsOpen, memory.CircuitsConnected - baseline.CircuitsConnected,
                    (memory.ManagedBytes - baseline.ManagedBytes) / 1024.0 / added,
                    (memory.WorkingSetBytes - baseline.WorkingSetBytes) / 1024.0 / added,
                    latency, openErrors, latencyErrors, openSeconds, stop);
                steps.Add(step);
                Console.WriteLine($"[circuits] {step}");
                if (stop is not null) break;
            }
            foreach (var context in contexts) await context.CloseAsync();
        }
        return Render(steps, baseline, clock.Elapsed, options);
    }

    private static IEnumerable<int> Targets(BenchOptions options)
    {
        yield return 50;
        yield return 200;
        if (options.Quick) yield break;
        for (var n = 400; ; n += 200) yield return n;
    }

    private static string? StopReason(int openErrors, int latencyErrors, SampleStats latency, int target, int max)
    {
        if (openErrors > 0 || latencyErrors > 0) return $"errors ({openErrors} tabs failed to connect, {latencyErrors} clicks unanswered)";
        if (latency.P95 > LatencyLimitMs) return $"p95 latency {latency.P95:0} ms > {LatencyLimitMs:0} ms";
        var available = AvailableMemoryMb();
        if (available < 3000) return $"machine memory: {available} MB left";
        if (target >= max) return $"--max-circuits {max} reached";
        return null;
    }

    /// <summary>direct@demo.test through the real Login page; the app sends a one-account person straight to Status.</summary>
    private static async Task<string> SignInAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await ChromiumLab.WaitForInteractiveAsync(page);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("direct@demo.test");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Data.DemoSeeder.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log In", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/status", new() { Timeout = 60_000 });
        var path = new Uri(page.Url).PathAndQuery;
        await page.CloseAsync(new() { RunBeforeUnload = true });
        return path;
    }

    // JIT, caches and pools warm before the baseline, so the deltas are what circuits cost.
    private static async Task WarmUpAsync(Func<int, Task<IBrowserContext>> contextFor, string statusPath)
    {
        var pages = new List<IPage>();
        await OpenUntilAsync(contextFor, statusPath, pages, 4);
        await MeasureLatencyAsync(pages, 12);
        foreach (var page in pages) await page.CloseAsync(new() { RunBeforeUnload = true });
        await Task.Delay(TimeSpan.FromSeconds(3));
    }

    private const int TabsPerContext = 50;

    private static async Task<int> OpenUntilAsync(Func<int, Task<IBrowserContext>> contextFor, string statusPath, List<IPage> pages, int target)
    {
        var errors = 0;
        while (pages.Count < target)
        {
            var batch = Enumerable.Range(pages.Count, Math.Min(4, target - pages.Count)).Select(async tab =>
            {
                var page = await (await contextFor(tab)).NewPageAsync();
                try
                {
                    await page.GotoAsync(statusPath);
                    await ChromiumLab.WaitForInteractiveAsync(page);
                    await page.Locator("tbody tr").First.WaitForAsync();
                    return page;
                }
                catch (Exception e) when (e is PlaywrightException or TimeoutException)
                {
                    Console.WriteLine($"[circuits] tab failed: {e.Message.Split('\n')[0]}");
                    Interlocked.Increment(ref errors);
                    await page.CloseAsync();
                    return null;
                }
            }).ToList();
            foreach (var page in await Task.WhenAll(batch)) if (page is not null) pages.Add(page);
            if (errors > 8) break;
        }
        return errors;
    }

    private static async Task<(SampleStats, int)> MeasureLatencyAsync(List<IPage> pages, int samples)
    {
        var times = new List<double>();
        var errors = 0;
        for (var i = 0; i < samples; i++)
        {
            var page = pages[(int)((long)i * 7919 % pages.Count)]; // spread the clicks over the tabs
            var ms = await page.EvaluateAsync<double>(SortClickJs);
            if (ms < 0) errors++; else times.Add(ms);
            await Task.Delay(50);
        }
        return (SampleStats.Of(times), errors);
    }

    /// <summary>For profiling: with BP_BENCH_GCDUMP set to a folder (and dotnet-gcdump on PATH), a heap dump of the portal per step.</summary>
    private static async Task HeapDumpAsync(int processId, int tabs)
    {
        if (Environment.GetEnvironmentVariable("BP_BENCH_GCDUMP") is not { Length: > 0 } folder) return;
        var start = new ProcessStartInfo("dotnet-gcdump") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in new[] { "collect", "-p", processId.ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(folder, $"circuits-{tabs}.gcdump") }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
    }

    private static long AvailableMemoryMb()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
        return line is null ? long.MaxValue : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static string Render(List<Step> steps, MemorySample baseline, TimeSpan elapsed, BenchOptions options)
    {
        string F(double v, string f = "0.0") => SampleStats.F(v, f);
        var lines = new List<string>
        {
            "## Circuits: memory and interaction latency",
            "",
            "The portal is a `dotnet publish` output run in its own process (Production, Kestrel HTTPS on 127.0.0.1, server GC, fresh SQLite file, demo seed on);",
            "one person (`direct@demo.test`) signs in through the Login page, then every Chromium tab opens the Backupify Status page: one circuit each",
            "(tabs spread over browser contexts holding the same session, 50 per context, because Kestrel allows 100 HTTP/2 streams per connection).",
            "Memory is read in the portal process after one forced full collection: managed heap (`GC.GetTotalMemory(false)`) and working set,",
            $"minus the baseline after a warm-up with no tabs open (managed {F(baseline.ManagedBytes / 1048576.0)} MB, working set {F(baseline.WorkingSetBytes / 1048576.0)} MB), divided by the circuits the server counts (CircuitHandler).",
            "Latency: a click on the Status table's `Name` sort label, timed inside the page from `click()` to the first DOM mutation of the table body",
            "(`performance.now()` + MutationObserver: SignalR round trip + server render + DOM patch; no Playwright overhead), spread over the tabs while all stay connected.",
            "",
            "| tabs | circuits (connected) | managed KB / circuit | working set KB / circuit | click latency median (min–max, n) | p95 | tab errors | open time |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        };
        foreach (var s in steps)
            lines.Add($"| {s.Requested} | {s.Circuits} ({s.Connected}) | {F(s.ManagedKbPerCircuit)} | {F(s.WorkingSetKbPerCircuit)} | {s.Latency.Spread("0.0", " ms")} | {F(s.Latency.P95)} ms | {s.OpenErrors + s.LatencyErrors} | {F(s.OpenSeconds, "0")} s |");
        var at200 = steps.FirstOrDefault(s => s.Requested == 200);
        var idle = at200 ?? steps.LastOrDefault();
        var largest = steps.LastOrDefault(s => s.OpenErrors == 0 && s.LatencyErrors == 0 && s.Latency.P95 <= LatencyLimitMs);
        lines.Add("");
        if (idle is not null)
        {
            lines.Add($"- **Memory per idle circuit** at {idle.Requested} tabs: {F(idle.ManagedKbPerCircuit)} KB managed, {F(idle.WorkingSetKbPerCircuit)} KB working set; " +
                      $"target ≤ {TargetKbPerCircuit:0} KB: **{(Math.Max(idle.ManagedKbPerCircuit, 0) <= TargetKbPerCircuit ? "pass" : "miss")}** (managed heap), " +
                      $"ratio to Microsoft's ~{MicrosoftKbPerCircuit:0} KB hello-world circuit: {F(idle.ManagedKbPerCircuit / MicrosoftKbPerCircuit, "0.00")} (managed), {F(idle.WorkingSetKbPerCircuit / MicrosoftKbPerCircuit, "0.00")} (working set).");
        }
        if (at200 is not null)
            lines.Add($"- **p95 click latency at 200 circuits**: {F(at200.Latency.P95)} ms (median {F(at200.Latency.Median)} ms); target ≤ {TargetP95Ms:0} ms: **{(at200.Latency.P95 <= TargetP95Ms ? "pass" : "miss")}**; Microsoft's sizing goal is ≤ 250 ms UI latency.");
        if (largest is not null)
            lines.Add($"- **Largest measured**: {largest.Circuits} circuits with p95 {F(largest.Latency.P95)} ms. Step-up stopped: {steps[^1].StoppedBecause ?? "end of steps"}" +
                      (options.Quick ? " (quick mode: 50 and 200 only; run without `--quick` to step up by 200 until a limit)." : "."));
        lines.Add($"- Chromium tabs share 12 renderer processes (`--renderer-process-limit=12`) so hundreds fit in the machine's memory; the browser runs on the same 2 cores as the server, so latency at high N includes CPU contention from the browser. Section time: {F(elapsed.TotalSeconds, "0")} s.");
        return string.Join('\n', lines) + "\n";
    }
}
