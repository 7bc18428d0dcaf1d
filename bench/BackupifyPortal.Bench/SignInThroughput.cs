using System.Diagnostics;
using System.Globalization;
using BackupifyPortal.CircuitClient;

namespace BackupifyPortal.Bench;

internal sealed record ThroughputLevel(int Clients, int SignIns, int Errors, double Seconds, double P50Ms, double P95Ms, string? FirstError)
{
    public double PerSecond => SignIns / Seconds;
}

/// <summary>
/// Full sign-ins against the running portal by protocol-level circuit clients: Log In (password) → Two Factor Log In
/// (authenticator code) → cookie hand-off → the signed-in page answers 200. Each sign-in leaves from a loopback
/// address of its own, so the per-address limits (failed passwords, /account requests) stay as configured and never
/// throttle the figure.
/// </summary>
internal static class SignInThroughput
{
    private static readonly int[] ClientCounts = [1, 2, 4, 8, 32];
    private static int nextAddress;

    public static async Task<string> RunAsync(string repositoryRoot, TimeSpan duration, int people)
    {
        await using var portal = await LivePortal.StartAsync(Path.Combine(repositoryRoot, "BackupifyPortal"));
        Console.WriteLine($"Portal at {portal.BaseAddress}; creating {people} people with an authenticator…");
        var pool = await SignInPeople.CreateAsync(portal.Services, people);
        var bound = PasswordBound.Measure(TimeSpan.FromSeconds(5));
        Console.WriteLine($"PBKDF2 bound: {bound.PerSecond:0.0}/s on {bound.Cores} cores");
        await RunLevelAsync(portal, pool, 2, TimeSpan.FromSeconds(5)); // warm-up: JIT, connection pools, SQLite pages
        var levels = new List<ThroughputLevel>();
        foreach (var clients in ClientCounts)
        {
            var level = await RunLevelAsync(portal, pool, clients, duration);
            Console.WriteLine($"{clients,3} clients: {level.PerSecond:0.00} sign-ins/s, p50 {level.P50Ms:0} ms, p95 {level.P95Ms:0} ms, errors {level.Errors} {level.FirstError}");
            levels.Add(level);
        }
        return Render(levels, bound, duration, people);
    }

    private static async Task<ThroughputLevel> RunLevelAsync(LivePortal portal, SignInPeople pool, int clients, TimeSpan duration)
    {
        var latencies = new List<double>();
        var errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        async Task WorkerAsync()
        {
            while (clock.Elapsed < duration)
            {
                var person = await pool.TakeAsync(stop.Token);
                var started = clock.Elapsed;
                var source = LoopbackAddressHandler.Nth(Interlocked.Increment(ref nextAddress));
                try
                {
                    var stepUsed = person.LastStep;
                    var report = await PortalSignIn.FullAsync(portal.BaseAddress, source, person.Email, SignInPeople.Password,
                        () => person.CodeNow(out stepUsed));
                    person.LastStep = stepUsed;
                    if (report.Outcome != SignInOutcome.SignedIn) throw new InvalidOperationException($"{report.Outcome}: {report.Message}");
                    if (clock.Elapsed <= duration) lock (latencies) latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                    person.LastStep = Math.Max(person.LastStep, DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
                }
                finally { pool.Return(person); }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(WorkerAsync)));
        latencies.Sort();
        return new ThroughputLevel(clients, latencies.Count, errors, duration.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.95), firstError);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Render(List<ThroughputLevel> levels, PasswordBound bound, TimeSpan duration, int people)
    {
        var c = CultureInfo.InvariantCulture;
        var best = levels.MaxBy(l => l.PerSecond)!;
        var lines = new List<string>
        {
            "## Sign-in throughput",
            "",
            $"Full sign-ins (Log In → Two Factor Log In with an authenticator code → cookie hand-off → signed-in page 200) by protocol-level " +
            $"Blazor Server clients (bench/BackupifyPortal.CircuitClient: real circuits over /_blazor, no browser), {duration.TotalSeconds.ToString("0", c)} s per level, " +
            $"against the portal in-process on Kestrel/loopback (Development environment, default limits), {people} people with an authenticator. " +
            $"Each sign-in leaves from its own 127.x.y.z address, so the per-address caps are not what is measured. Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average at the end {LoadAverage()}.",
            "",
            $"PBKDF2 bound in the same run: **{bound.PerSecond.ToString("0.0", c)} password checks/s** on {bound.Cores} cores (one check per sign-in).",
            "",
            "| clients | sign-ins/s | p50 | p95 | errors | ratio to the bound |",
            "| --- | --- | --- | --- | --- | --- |",
        };
        foreach (var l in levels)
            lines.Add($"| {l.Clients} | {l.PerSecond.ToString("0.00", c)} | {l.P50Ms.ToString("0", c)} ms | {l.P95Ms.ToString("0", c)} ms | {l.Errors} | {(l.PerSecond / bound.PerSecond).ToString("0.0%", c)} |");
        lines.Add("");
        lines.Add($"Saturation: {best.PerSecond.ToString("0.00", c)} sign-ins/s at {best.Clients} clients = **{(best.PerSecond / bound.PerSecond).ToString("0.0%", c)} of the bound** (target ≥ 90%, no errors).");
        lines.Add("");
        lines.Add("Command: `dotnet run -c Release --project bench/BackupifyPortal.Bench -- --only throughput` (`--duration 20` seconds per level, `--people 600`).");
        return string.Join('\n', lines) + "\n";
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "n/a"; }
    }
}
