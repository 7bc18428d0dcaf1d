using System.Diagnostics;
using System.Globalization;
using System.Net;
using BackupifyPortal.CircuitClient;

namespace BackupifyPortal.Bench;

/// <summary>
/// Issue 16 item 9, in one run on one machine: the same full sign-ins and the same idle circuits against one instance
/// on SQLite and against two instances on PostgreSQL behind nginx (<see cref="ClusterLab"/>), measured turn about,
/// so the ratios compare like with like on a shared machine.
/// </summary>
public static class ClusterBenchmark
{
    public const double CpuRatioGoal = 1.10, ClickP95GoalMs = 50, IdleCircuitsGoal = 10_000;
    private const int ClickSamples = 60, OpenInParallel = 32;
    private static int nextAddress = 3_000_000; // apart from the sign-in section's addresses

    internal sealed record Turn(string Target, ThroughputLevel Level, TimeSpan NginxCpu, TimeSpan PostgresCpu);

    public sealed record CircuitStep(int Requested, int Circuits, int Connected, double ManagedKbPerCircuit, double WorkingSetKbPerCircuit,
        SampleStats Click, int OpenErrors, int ClickErrors, double OpenSeconds, string Spread, string? StoppedBecause, IdleCpu Idle, string Closed);

    /// <summary>CPU used while the circuits sit idle (no clicks, no opening), in percent of one core, per process group.</summary>
    public sealed record IdleCpu(double Portal, double Bench, double Nginx, double Postgres, double Seconds)
    {
        public override string ToString() => $"{Portal:0.0} / {Bench:0.0} / {(Nginx < 0 ? "-" : Nginx.ToString("0.0", CultureInfo.InvariantCulture))} / {(Postgres < 0 ? "-" : Postgres.ToString("0.0", CultureInfo.InvariantCulture))}";
    }

    /// <param name="writeReport">Program's report writer, given the section so far after every turn and circuit step, so a stopped run keeps what it measured.</param>
    public static async Task<string> RunAsync(BenchOptions options, Func<string, Task> writeReport)
    {
        var clock = Stopwatch.StartNew();
        var loadBefore = LoadAverage();
        var rounds = options.Quick ? 1 : 2;
        var clients = options.ThroughputClients.Length == 1 ? options.ThroughputClients[0] : 8;
        var duration = options.ThroughputDuration;
        var people = options.SkipSignIn ? 0 : options.People ?? (options.Quick ? 300 : 600);
        Console.WriteLine($"[cluster] load average {loadBefore}; starting one instance on SQLite and PostgreSQL + two instances + nginx");
        await using var single = await PortalServerProcess.StartAsync();
        await using var cluster = await ClusterLab.StartAsync();
        var targets = new (string Name, IPortalUnderTest Portal)[] { ("one instance, SQLite", single), ("nginx + two instances, PostgreSQL", cluster) };
        var warmUps = new List<string>();
        var turns = new List<Turn>();
        var steps = new List<(string Target, MemorySample Baseline, List<CircuitStep> Steps)>();
        string Report(string? partial) => Render(turns, steps, warmUps, options, clients, duration, people, loadBefore, LoadAverage(), clock.Elapsed, partial);
        Task Progress(string after) => writeReport(Report($"Partial: the run was still going (or stopped) after {after}."));
        var pools = options.SkipSignIn ? [] : new[]
        {
            SignInPeople.From(await single.SeedPeopleAsync(people)),
            SignInPeople.From(await cluster.Instances[0].SeedPeopleAsync(people)),
        };
        if (options.SkipSignIn) rounds = 0; // --skip-sign-in: only the circuit step-up
        else for (var t = 0; t < targets.Length; t++)
            warmUps.Add($"{targets[t].Name}: {await SignInThroughput.WarmUpAsync(targets[t].Portal, pools[t], maxRounds: options.Quick ? 2 : 6)}");

        // Turn about: SQLite, cluster, SQLite, cluster … so drift in the machine's load falls on both alike.
        for (var round = 0; round < rounds; round++)
        {
            for (var t = 0; t < targets.Length; t++)
            {
                await targets[t].Portal.WaitUntilIdleAsync();
                var (nginxBefore, postgresBefore) = (cluster.NginxCpuTime(), cluster.PostgresCpuTime());
                var level = await SignInThroughput.RunLevelAsync(targets[t].Portal, pools[t], clients, duration);
                var turn = t == 0 ? new Turn(targets[t].Name, level, TimeSpan.Zero, TimeSpan.Zero)
                    : new Turn(targets[t].Name, level, cluster.NginxCpuTime() - nginxBefore, cluster.PostgresCpuTime() - postgresBefore);
                turns.Add(turn);
                Console.WriteLine($"[cluster] {turn.Target}: {level.PerSecond:0.00} sign-ins/s, p95 {level.P95Ms:0} ms, portal CPU {level.ServerCpuMsPerSignIn:0} ms per sign-in, errors {level.Errors} {level.FirstError}");
                await Progress($"sign-in turn {turns.Count} of {rounds * targets.Length} ({turn.Target})");
            }
        }

        for (var t = options.ClusterCircuitsOnly ? 1 : 0; t < targets.Length; t++)
            await StepUpAsync(targets[t].Name, targets[t].Portal, CircuitTargets(options), t == 1 ? cluster : null, TimeSpan.FromSeconds(options.IdleSeconds), steps, Progress);
        return Report(partial: null);
    }

    private static int[] CircuitTargets(BenchOptions options) =>
        [.. (options.Quick ? new[] { 200, 1000 } : [1000, 2500, 5000, 7500, 10_000, 12_500, 15_000]).Where(n => n <= options.MaxIdleCircuits)];

    /// <summary>
    /// Idle circuits held by protocol clients (<see cref="CircuitClient"/>: the page's GET, the WebSocket, the circuit's
    /// render batches, blazor.web.js's interop answers), each from a loopback address of its own with the same session
    /// cookies, on the Backupify Status page; per step the portal's memory per circuit and a Name sort click's latency.
    /// </summary>
    private static async Task StepUpAsync(string name, IPortalUnderTest portal, int[] targets, ClusterLab? cluster, TimeSpan idleWindow,
        List<(string Target, MemorySample Baseline, List<CircuitStep> Steps)> results, Func<string, Task> progress)
    {
        var baseAddress = new Uri(portal.BaseUrl + "/");
        var (statusPath, session) = await SignInOnceAsync(baseAddress);
        var open = new List<CircuitClient.CircuitClient>();
        var steps = new List<CircuitStep>();
        try
        {
            // Warm-up: JIT and pools, so the baseline holds no start-up cost.
            var errors = await OpenUntilAsync(baseAddress, statusPath, session, open, 40);
            await ClicksAsync(open, 40);
            await CloseAllAsync(open);
            await Task.Delay(TimeSpan.FromSeconds(3));
            await portal.WaitUntilIdleAsync();
            var baseline = await portal.MemoryAsync();
            Console.WriteLine($"[cluster] {name}: baseline {baseline}");
            results.Add((name, baseline, steps));
            var idleAtZero = await IdleCpuAsync(portal, cluster, idleWindow);
            steps.Add(new CircuitStep(0, 0, 0, 0, 0, SampleStats.Of([]), 0, 0, 0, "-", null, idleAtZero, "0"));
            Console.WriteLine($"[cluster] {name}: idle CPU with no circuits (portal / bench / nginx / PostgreSQL, % of a core): {idleAtZero}");
            foreach (var target in targets)
            {
                var stopwatch = Stopwatch.StartNew();
                errors = await OpenUntilAsync(baseAddress, statusPath, session, open, target);
                var openSeconds = stopwatch.Elapsed.TotalSeconds;
                await Task.Delay(TimeSpan.FromSeconds(3)); // the last renders and acknowledgements settle: idle circuits
                var memory = await portal.MemoryAsync();
                var idle = await IdleCpuAsync(portal, cluster, idleWindow);
                var closed = ClosedByReason(open);
                var (click, clickErrors) = await ClicksAsync(open, ClickSamples);
                var added = Math.Max(1, memory.CircuitsOpen - baseline.CircuitsOpen);
                var spread = cluster is null ? "-" : string.Join(" / ", await cluster.CircuitsPerInstanceAsync());
                var stop = errors > target / 100 || clickErrors > 0 ? $"errors ({errors} circuits failed to open, {clickErrors} clicks unanswered)"
                    : click.P95 > 1000 ? $"p95 click {click.P95:0} ms > 1000 ms"
                    : AvailableMemoryMb() < 3000 ? $"machine memory: {AvailableMemoryMb()} MB left" : null;
                var step = new CircuitStep(target, memory.CircuitsOpen - baseline.CircuitsOpen, memory.CircuitsConnected - baseline.CircuitsConnected,
                    (memory.ManagedBytes - baseline.ManagedBytes) / 1024.0 / added, (memory.WorkingSetBytes - baseline.WorkingSetBytes) / 1024.0 / added,
                    click, errors, clickErrors, openSeconds, spread, stop, idle, closed);
                steps.Add(step);
                Console.WriteLine($"[cluster] {name}: {step}");
                await progress($"{name}: the {target:N0} idle circuits step");
                if (stop is not null) break;
            }
        }
        finally { await CloseAllAsync(open); }
    }

    /// <summary>CPU of the portal processes, this bench (the clients), nginx and PostgreSQL over <paramref name="window"/> with nothing asked of them.</summary>
    private static async Task<IdleCpu> IdleCpuAsync(IPortalUnderTest portal, ClusterLab? cluster, TimeSpan window)
    {
        var self = Process.GetCurrentProcess();
        var before = (portal.CpuTime(), self.TotalProcessorTime, cluster?.NginxCpuTime(), cluster?.PostgresCpuTime());
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        self.Refresh();
        var seconds = clock.Elapsed.TotalSeconds;
        double Percent(TimeSpan? after, TimeSpan? start) => after is null || start is null ? -1 : (after.Value - start.Value).TotalSeconds / seconds * 100;
        return new IdleCpu(Percent(portal.CpuTime(), before.Item1), Percent(self.TotalProcessorTime, before.Item2),
            Percent(cluster?.NginxCpuTime(), before.Item3), Percent(cluster?.PostgresCpuTime(), before.Item4), seconds);
    }

    /// <summary>How many held clients lost their circuit's connection, by the first reason each recorded ("0" when none).</summary>
    private static string ClosedByReason(List<CircuitClient.CircuitClient> open)
    {
        var closed = open.Where(c => !c.IsConnected).ToList();
        if (closed.Count == 0) return "0";
        var reasons = closed.GroupBy(c => c.Errors.FirstOrDefault() is { } e ? (e.Length > 90 ? e[..90] + "…" : e) : "no reason recorded")
            .OrderByDescending(g => g.Count()).Select(g => $"{g.Count():N0}: {g.Key}");
        return $"{closed.Count:N0} ({string.Join("; ", reasons)})";
    }

    /// <summary>direct@demo.test signs in once on the Log In page (password only); its cookies, without nginx's route, are every client's session.</summary>
    private static async Task<(string StatusPath, Cookie[] Session)> SignInOnceAsync(Uri baseAddress)
    {
        using var client = await LoginPage.OpenAsync(baseAddress, LoopbackAddressHandler.Nth(Interlocked.Increment(ref nextAddress)));
        var report = await PortalSignIn.PasswordAsync(client, "direct@demo.test", Data.DemoSeeder.Password);
        if (report.Outcome != SignInOutcome.SignedIn) throw new InvalidOperationException($"direct@demo.test did not sign in: {report.Outcome} {report.Message}");
        // Without the route cookie nginx gives each new client a route of its own, so circuits spread over both instances.
        return (report.Message, [.. client.Cookies.GetAllCookies().Where(c => c.Name != "bp_route")]);
    }

    private static async Task<int> OpenUntilAsync(Uri baseAddress, string path, Cookie[] session, List<CircuitClient.CircuitClient> open, int target)
    {
        var errors = 0;
        var firstShown = 0;
        using var gate = new SemaphoreSlim(OpenInParallel);
        var wanted = target - open.Count;
        var tasks = Enumerable.Range(0, Math.Max(0, wanted)).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var jar = new CookieContainer(); // CookieContainer's default per-domain cap (20) is per jar: one jar per browser
                foreach (var cookie in session) jar.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain) { Secure = cookie.Secure, HttpOnly = cookie.HttpOnly });
                var client = await CircuitClient.CircuitClient.OpenAsync(baseAddress, path, LoopbackAddressHandler.Nth(Interlocked.Increment(ref nextAddress)), cookies: jar);
                await client.WaitForAsync(tree => tree.Elements().Any(e => e.Tag == "tbody" && e.Descendants().OfType<ElementNode>().Any(r => r.Tag == "tr")), TimeSpan.FromSeconds(60));
                lock (open) open.Add(client);
            }
            catch (Exception e) when (e is CircuitClientException or TimeoutException or HttpRequestException or IOException or InvalidOperationException or OperationCanceledException or System.Net.WebSockets.WebSocketException)
            {
                Interlocked.Increment(ref errors);
                if (Interlocked.Exchange(ref firstShown, 1) == 0) Console.WriteLine($"[cluster] circuit failed to open: {e.GetType().Name}: {e.Message}");
            }
            finally { gate.Release(); }
        });
        await Task.WhenAll(tasks);
        return errors;
    }

    /// <summary>Name sort clicks, one at a time, spread over the open circuits: time from sending the event to the render batch that answers it.</summary>
    private static async Task<(SampleStats, int)> ClicksAsync(List<CircuitClient.CircuitClient> open, int samples)
    {
        var times = new List<double>();
        var errors = 0;
        for (var i = 0; i < samples && open.Count > 0; i++)
        {
            var client = open[(int)((long)i * 7919 % open.Count)];
            var before = client.RenderBatches;
            var stopwatch = Stopwatch.StartNew();
            try
            {
                var rendered = client.WaitForAsync(_ => client.RenderBatches > before, TimeSpan.FromSeconds(10));
                var click = client.ClickAsync("Name");
                await rendered;
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
                await click;
            }
            catch (Exception e) when (e is CircuitClientException or TimeoutException)
            {
                errors++;
                Console.WriteLine($"[cluster] click failed: {e.Message}");
            }
            await Task.Delay(50);
        }
        return (SampleStats.Of(times), errors);
    }

    private static async Task CloseAllAsync(List<CircuitClient.CircuitClient> open)
    {
        foreach (var chunk in open.Chunk(64))
            await Task.WhenAll(chunk.Select(async c => { try { await c.DisposeAsync(); } catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException) { } }));
        open.Clear();
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static long AvailableMemoryMb()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
        return line is null ? long.MaxValue : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static string Render(List<Turn> turns, List<(string Target, MemorySample Baseline, List<CircuitStep> Steps)> circuits, List<string> warmUps,
        BenchOptions options, int clients, TimeSpan duration, int people, string loadBefore, string loadAfter, TimeSpan elapsed, string? partial)
    {
        string F(double v, string f = "0.0") => SampleStats.F(v, f);
        var lines = new List<string>
        {
            "## Several instances: nginx + two instances on PostgreSQL against one instance on SQLite",
            "",
            $"One run, one machine ({Environment.ProcessorCount} cores, shared), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}. Section time: {F(elapsed.TotalSeconds, "0")} s.",
            "Command: `dotnet run -c Release --project bench/BackupifyPortal.Bench -- --only cluster" + (options.Quick ? " --quick" : "") + (options.SkipSignIn ? " --skip-sign-in" : "") + (options.ClusterCircuitsOnly ? " --cluster-circuits-only" : "") + (options.MaxIdleCircuits != 10_000 ? $" --max-idle-circuits {options.MaxIdleCircuits}" : "") + (options.IdleSeconds != 30 ? $" --idle-seconds {options.IdleSeconds}" : "") + "`.",
            "Both targets are the published portal (Production, HTTPS, server GC) started by the bench: one on a fresh SQLite file; two on one PostgreSQL 15",
            "database (private data folder, fsync on) behind nginx rendered from `deploy/nginx.conf.template` (bp_route cookie hash, WebSockets), forwarded headers trusted from 127.0.0.1.",
            "",
            "### Sign-in",
            "",
            $"Full sign-ins by protocol-level clients (Log In with password, Two Factor Log In with an authenticator code, the cookie hand-off, the signed-in page answers 200), {clients} clients at once,",
            $"{F(duration.TotalSeconds, "0")} s per turn, turns alternating between the targets; {people} people with an authenticator per target. Portal CPU is the instances' processes (both, for the cluster);",
            "nginx and PostgreSQL are shown apart. Warm-up (JIT) before measuring: " + string.Join("; ", warmUps) + ".",
            "",
            "| turn | target | sign-ins | per second | p50 | p95 | portal CPU per sign-in | nginx CPU per sign-in | PostgreSQL CPU per sign-in | errors |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        };
        if (partial is not null) lines.InsertRange(2, [$"**{partial}**", ""]);
        var n = 0;
        foreach (var turn in turns)
        {
            var l = turn.Level;
            var perSignIn = (TimeSpan t) => t == TimeSpan.Zero ? "-" : $"{F(t.TotalMilliseconds / Math.Max(1, l.Completed), "0.0")} ms";
            lines.Add($"| {++n} | {turn.Target} | {l.SignIns} | {F(l.PerSecond, "0.00")} | {F(l.P50Ms, "0")} ms | {F(l.P95Ms, "0")} ms | {F(l.ServerCpuMsPerSignIn, "0.0")} ms | {perSignIn(turn.NginxCpu)} | {perSignIn(turn.PostgresCpu)} | {l.Errors} |");
        }
        var (single, cluster) = (Totals(turns.Where(t => t.NginxCpu == TimeSpan.Zero)), Totals(turns.Where(t => t.NginxCpu != TimeSpan.Zero)));
        var cpuRatio = cluster.CpuMs / single.CpuMs;
        var p95Ratio = cluster.P95 / single.P95;
        var ratios = single.Turns > 0 && cluster.Turns > 0;
        lines.AddRange(
        [
            "",
            .. ratios ? Array.Empty<string>() : [options.SkipSignIn ? "- Sign-in turns skipped (`--skip-sign-in`): this run measured only the circuit step-up." : "- No ratios yet: the run has not measured both targets.", "", "### Idle circuits"],
        ]);
        if (ratios) lines.AddRange(
        [
            $"- **Portal CPU per sign-in**: SQLite {F(single.CpuMs)} ms, cluster {F(cluster.CpuMs)} ms: ratio **{F(cpuRatio, "0.00")}** (goal ≤ {F(CpuRatioGoal, "0.00")}: **{(cpuRatio <= CpuRatioGoal ? "pass" : "miss")}**).",
            $"- **p95 sign-in time** (mean of the turns): SQLite {F(single.P95, "0")} ms, cluster {F(cluster.P95, "0")} ms: ratio **{F(p95Ratio, "0.00")}** (goal: not more than 10% above SQLite's: **{(p95Ratio <= CpuRatioGoal ? "pass" : "miss")}**).",
            $"- **Throughput**: SQLite {F(single.PerSecond, "0.00")}/s, cluster {F(cluster.PerSecond, "0.00")}/s: ratio {F(cluster.PerSecond / single.PerSecond, "0.00")}. Around the cluster's sign-ins nginx used {F(cluster.NginxMs)} ms and PostgreSQL {F(cluster.PostgresMs)} ms CPU per sign-in.",
            "",
            "### Idle circuits",
        ]);
        lines.AddRange(
        [
            "",
            "Circuits are held by protocol clients (the bench's SignalR/Blazor client: the page's GET, the WebSocket, render batches, blazor.web.js's interop answers), not browser tabs,",
            "so the step-up finds the portal's limit, not a browser's. One person (`direct@demo.test`) signs in once; every client carries that session from a loopback address of its own",
            "and opens the Backupify Status page. Memory is read in the portal processes after one full (non-compacting) collection, minus the baseline after a warm-up, divided by the circuits",
            $"the server counts. Click: a `Name` sort click on one of the open circuits ({ClickSamples} clicks, one at a time, spread over them), from sending the event to the render batch that answers it.",
            "",
            $"Idle CPU: each step's circuits are left alone for {options.IdleSeconds} s (after the step's circuits opened, before its clicks): CPU of the portal processes, this bench's process (all the clients),",
            "nginx and PostgreSQL over that window, in percent of one core (the machine has two). The first row of each target (0 circuits) is that after the warm-up, before any step.",
            "Closed: held clients whose circuit connection had closed when the idle window ended (reasons below the table).",
            "",
            "| target | circuits asked | circuits (connected) | per instance | managed KB / circuit | working set KB / circuit | idle CPU % portal / bench / nginx / PostgreSQL | closed | click median (min–max, n) | click p95 | open errors | open time |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]);
        foreach (var (target, _, steps) in circuits)
            foreach (var s in steps)
                lines.Add($"| {target} | {s.Requested:N0} | {s.Circuits:N0} ({s.Connected:N0}) | {s.Spread} | {F(s.ManagedKbPerCircuit)} | {F(s.WorkingSetKbPerCircuit)} | {s.Idle} | {s.Closed.Split(' ')[0]} | {(s.Requested == 0 ? "-" : s.Click.Spread("0.0", " ms"))} | {(s.Requested == 0 ? "-" : F(s.Click.P95) + " ms")} | {s.OpenErrors + s.ClickErrors} | {F(s.OpenSeconds, "0")} s |");
        lines.Add("");
        foreach (var (target, _, steps) in circuits)
            foreach (var s in steps.Where(s => s.Closed != "0"))
                lines.Add($"- Closed at {target}, {s.Requested:N0}: {s.Closed}.");
        lines.Add("");
        foreach (var (target, baseline, steps) in circuits)
        {
            var largest = steps.LastOrDefault(s => s.Requested > 0 && s.OpenErrors == 0 && s.ClickErrors == 0);
            if (largest is null) { lines.Add($"- {target}: no step finished without errors."); continue; }
            var goal = largest.Circuits >= IdleCircuitsGoal && largest.Click.P95 <= ClickP95GoalMs;
            lines.Add($"- **{target}**: {largest.Circuits:N0} idle circuits held, click p95 {F(largest.Click.P95)} ms, {F(largest.WorkingSetKbPerCircuit)} KB working set ({F(largest.ManagedKbPerCircuit)} KB managed) per circuit " +
                      $"(baseline {F(baseline.WorkingSetBytes / 1048576.0, "0")} MB working set). Goal {IdleCircuitsGoal:N0} with p95 ≤ {ClickP95GoalMs:0} ms: **{(goal ? "pass" : "miss")}**. " +
                      $"Step-up ended: {steps[^1].StoppedBecause ?? (steps[^1].Requested >= options.MaxIdleCircuits ? $"--max-idle-circuits {options.MaxIdleCircuits:N0} reached" : "last step")}.");
        }
        lines.Add("");
        lines.Add("The clients run on the same 2 cores as the portal, nginx and PostgreSQL, so the latencies include their CPU contention; compare the two targets within this run.");
        return string.Join('\n', lines) + "\n";
    }

    private sealed record Total(int Turns, double CpuMs, double P95, double PerSecond, double NginxMs, double PostgresMs);

    private static Total Totals(IEnumerable<Turn> turns)
    {
        var list = turns.ToList();
        var completed = Math.Max(1, list.Sum(t => t.Level.Completed));
        if (list.Count == 0) return new Total(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        return new Total(list.Count, list.Sum(t => t.Level.ServerCpu.TotalMilliseconds) / completed, list.Average(t => t.Level.P95Ms),
            list.Sum(t => t.Level.SignIns) / list.Sum(t => t.Level.Seconds),
            list.Sum(t => t.NginxCpu.TotalMilliseconds) / completed, list.Sum(t => t.PostgresCpu.TotalMilliseconds) / completed);
    }
}
