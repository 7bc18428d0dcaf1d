using System.Diagnostics;
using BackupifyPortal.CircuitClient;

namespace BackupifyPortal.Bench;

/// <summary>One client level: sign-ins finished inside the window, their latencies, and the CPU both sides used.</summary>
internal sealed record ThroughputLevel(int Clients, int SignIns, int Errors, double Seconds, double P50Ms, double P95Ms, string? FirstError,
    TimeSpan ServerCpu, TimeSpan ClientCpu, int Completed, HashSample Hashes, double BoundPerSecond, int JsCalls, TimeSpan MachineCpu, TimeSpan Wall)
{
    /// <summary>CPU the rest of the machine (not the portal, not the clients) used during the level, as a share of all cores.</summary>
    public double OtherLoad => Math.Max(0, (MachineCpu - ServerCpu - ClientCpu).TotalMilliseconds) / (Wall.TotalMilliseconds * Environment.ProcessorCount);
    public double JsCallsPerSignIn => (double)JsCalls / Math.Max(1, Completed);
    public double PerSecond => SignIns / Seconds;
    public double RatioToBound => PerSecond / BoundPerSecond;
    public double ServerCpuMsPerSignIn => ServerCpu.TotalMilliseconds / Math.Max(1, Completed);
    public double ClientCpuMsPerSignIn => ClientCpu.TotalMilliseconds / Math.Max(1, Completed);
    public double HashCpuMsPerSignIn => Hashes.CpuMilliseconds / Math.Max(1, Completed);
    public double HashesPerSignIn => (double)Hashes.Verifications / Math.Max(1, Completed);
    /// <summary>The PBKDF2 share of the portal's CPU: the sign-in rate the portal would reach, as a share of the bound, on cores of its own.</summary>
    public double PortalEfficiency => HashCpuMsPerSignIn / ServerCpuMsPerSignIn;
}

/// <summary>
/// Full sign-ins against the running portal by protocol-level circuit clients: Log In (password) → Two Factor Log In
/// (authenticator code) → cookie hand-off → the signed-in page answers 200. The portal is the published app in a
/// process of its own (Production, HTTPS), so its CPU time per sign-in is read apart from the clients'. Each sign-in
/// leaves from a loopback address of its own, so the per-address limits (failed passwords) never throttle the figure.
/// </summary>
internal static class SignInThroughput
{
    private static readonly TimeSpan BoundWindow = TimeSpan.FromSeconds(4);
    private static int nextAddress, jsCallsShown;

    public static async Task<string> RunAsync(BenchOptions options)
    {
        var (duration, people) = (options.ThroughputDuration, options.ThroughputPeople);
        await using var portal = await PortalServerProcess.StartAsync();
        Console.WriteLine($"Portal at {portal.BaseUrl} (pid {portal.ProcessId}); creating {people} people with an authenticator…");
        var pool = SignInPeople.From(await portal.SeedPeopleAsync(people));
        var warmUp = await WarmUpAsync(portal, pool);
        // The machine's speed drifts (shared host), so the bound is measured right before and after every level.
        var bounds = new List<PasswordBound> { await IdleBoundAsync(portal) };
        var levels = new List<ThroughputLevel>();
        foreach (var clients in options.ThroughputClients)
        {
            await portal.WaitUntilIdleAsync();
            var level = await RunLevelAsync(portal, pool, clients, duration);
            bounds.Add(await IdleBoundAsync(portal));
            level = level with { BoundPerSecond = (bounds[^2].PerSecond + bounds[^1].PerSecond) / 2 };
            Console.WriteLine($"{clients,3} clients: {level.PerSecond:0.00} sign-ins/s ({level.RatioToBound:0.0%} of {level.BoundPerSecond:0.0}/s), p50 {level.P50Ms:0} ms, p95 {level.P95Ms:0} ms, " +
                $"CPU per sign-in: portal {level.ServerCpuMsPerSignIn:0} ms (PBKDF2 {level.HashCpuMsPerSignIn:0} ms), clients {level.ClientCpuMsPerSignIn:0} ms, {level.JsCallsPerSignIn:0.0} JS calls, errors {level.Errors} {level.FirstError}");
            levels.Add(level);
        }
        return ThroughputReport.Render(levels, bounds, warmUp, duration, people);
    }

    private static async Task<PasswordBound> IdleBoundAsync(IPortalUnderTest portal)
    {
        await portal.WaitUntilIdleAsync();
        var bound = PasswordBound.Measure(BoundWindow);
        Console.WriteLine($"PBKDF2 bound: {bound.PerSecond:0.0}/s on {bound.Cores} cores");
        return bound;
    }

    /// <summary>
    /// Sign-ins at 8 clients in 10-second rounds until the portal's JIT is done: tiered compilation promotes the
    /// thousands of methods a sign-in touches for about a minute, and that is start-up, not the steady state measured.
    /// </summary>
    internal static async Task<string> WarmUpAsync(IPortalUnderTest portal, SignInPeople pool, int maxRounds = 18)
    {
        var started = Stopwatch.StartNew();
        var round = 0;
        double jitShare;
        do
        {
            round++;
            var before = await portal.JitAsync();
            var level = await RunLevelAsync(portal, pool, 8, TimeSpan.FromSeconds(10));
            var after = await portal.JitAsync();
            jitShare = (after.Milliseconds - before.Milliseconds) / Math.Max(1, level.ServerCpu.TotalMilliseconds);
            Console.WriteLine($"warm-up {round}: {level.PerSecond:0.00} sign-ins/s, {after.Methods - before.Methods} methods compiled, JIT {jitShare:0.0%} of the portal's CPU");
        }
        while ((round < 2 || jitShare >= 0.01) && round < maxRounds);
        return $"{round} rounds of 10 s at 8 clients ({started.Elapsed.TotalSeconds:0} s) until the JIT used {jitShare:0.0%} of the portal's CPU";
    }

    internal static async Task<ThroughputLevel> RunLevelAsync(IPortalUnderTest portal, SignInPeople pool, int clients, TimeSpan duration)
    {
        var baseAddress = new Uri(portal.BaseUrl + "/");
        var hashesBefore = await portal.HashesAsync();
        var serverCpuBefore = portal.CpuTime();
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var machineCpuBefore = MachineCpu();
        var latencies = new List<double>();
        var errors = 0;
        var jsCalls = 0;
        var completed = 0; // also those finished after the deadline: the CPU counters run until the last one ends
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
                    var report = await PortalSignIn.FullAsync(baseAddress, source, person.Email, SignInPeople.Password,
                        () => person.CodeNow(out stepUsed));
                    person.LastStep = stepUsed;
                    if (report.Outcome != SignInOutcome.SignedIn) throw new InvalidOperationException($"{report.Outcome}: {report.Message}");
                    Interlocked.Increment(ref completed);
                    Interlocked.Add(ref jsCalls, report.JsCalls);
                    if (Interlocked.Exchange(ref jsCallsShown, 1) == 0) Console.WriteLine($"JS calls in one sign-in: {string.Join(", ", report.JsCallNames)}");
                    if (clock.Elapsed <= duration) lock (latencies) latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref errors);
                    if (Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null) is null) Console.WriteLine($"first error: {e}");
                    person.LastStep = Math.Max(person.LastStep, DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
                }
                finally { pool.Return(person); }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(WorkerAsync)));
        var serverCpu = portal.CpuTime() - serverCpuBefore;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
        var machineCpu = MachineCpu() - machineCpuBefore;
        var wall = clock.Elapsed;
        var hashesAfter = await portal.HashesAsync();
        latencies.Sort();
        return new ThroughputLevel(clients, latencies.Count, errors, duration.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.95), firstError,
            serverCpu, clientCpu, completed,
            new HashSample(hashesAfter.Verifications - hashesBefore.Verifications, hashesAfter.CpuMilliseconds - hashesBefore.CpuMilliseconds), double.NaN, jsCalls, machineCpu, wall);
    }

    /// <summary>Busy CPU time of the whole machine so far (/proc/stat: all but idle and iowait; 100 ticks a second).</summary>
    private static TimeSpan MachineCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var busy = fields.Sum() - fields[3] - fields[4];
        return TimeSpan.FromMilliseconds(busy * 10.0);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
