using System.Globalization;

namespace BackupifyPortal.Bench;

/// <summary>The sign-in throughput section of docs/benchmarks.md.</summary>
internal static class ThroughputReport
{
    public const double TargetRatio = 0.90;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(List<ThroughputLevel> levels, List<PasswordBound> bounds, string warmUp, TimeSpan duration, int people)
    {
        var best = levels.MaxBy(l => l.RatioToBound)!;
        var allCpu = best.ServerCpuMsPerSignIn + best.ClientCpuMsPerSignIn;
        var lines = new List<string>
        {
            "## Sign-in throughput",
            "",
            "Full sign-ins (Log In → Two Factor Log In with an authenticator code → cookie hand-off → signed-in page 200) by protocol-level " +
            "Blazor Server clients (BackupifyPortal.CircuitClient: real circuits over /_blazor, no browser) in the bench process, against the " +
            "published portal in a process of its own (Production, Kestrel HTTPS on loopback, server GC, fresh SQLite file), " +
            $"{people} people with an authenticator, {duration.TotalSeconds.ToString("0", C)} s per level. Each sign-in leaves from its own 127.x.y.z address, " +
            $"so the per-address caps are not what is measured. Warm-up: {warmUp}. Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.",
            "",
            $"PBKDF2 bound (Identity's password check on all {bounds[0].Cores} cores at once, {BoundsText(bounds)}) is measured while the portal idles, " +
            "right before and after every level; each level is held against the mean of its two.",
            "",
            "| clients | sign-ins/s | p50 | p95 | errors | bound (checks/s) | ratio to the bound |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        };
        foreach (var l in levels)
            lines.Add($"| {l.Clients} | {F(l.PerSecond, "0.00")} | {F(l.P50Ms, "0")} ms | {F(l.P95Ms, "0")} ms | {l.Errors} | {F(l.BoundPerSecond, "0.0")} | {F(l.RatioToBound, "0.0%")} |");
        lines.AddRange(
        [
            "",
            "Where the CPU goes, per sign-in (portal: its process's CPU time; PBKDF2: thread CPU time inside the app's password hasher, " +
            "counted in the portal; clients: the bench process):",
            "",
            "| clients | portal CPU | of which PBKDF2 | rest of the portal | password checks per sign-in | JS interop calls per sign-in | clients' CPU | PBKDF2 share of the portal's CPU | other processes on the machine |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]);
        foreach (var l in levels)
            lines.Add($"| {l.Clients} | {F(l.ServerCpuMsPerSignIn, "0.0")} ms | {F(l.HashCpuMsPerSignIn, "0.0")} ms | {F(l.ServerCpuMsPerSignIn - l.HashCpuMsPerSignIn, "0.0")} ms | " +
                $"{F(l.HashesPerSignIn, "0.00")} | {F(l.JsCallsPerSignIn, "0.0")} | {F(l.ClientCpuMsPerSignIn, "0.0")} ms | {F(l.PortalEfficiency, "0.0%")} | {F(l.OtherLoad, "0%")} of the cores |");
        lines.AddRange(
        [
            "",
            $"- **Best level**: {F(best.PerSecond, "0.00")} sign-ins/s at {best.Clients} clients = **{F(best.RatioToBound, "0.0%")} of the bound** " +
            $"(target ≥ {F(TargetRatio, "0%")} with no errors: **{(best.RatioToBound >= TargetRatio && best.Errors == 0 ? "pass" : "miss")}**; errors at that level: {best.Errors}).",
            $"- **The portal's own cost**: at that level PBKDF2 is {F(best.PortalEfficiency, "0.0%")} of the portal's CPU " +
            $"({F(best.HashCpuMsPerSignIn, "0.0")} of {F(best.ServerCpuMsPerSignIn, "0.0")} ms per sign-in), so on cores of its own the portal would reach " +
            $"{F(best.PortalEfficiency, "0.0%")} of the bound (**{(best.PortalEfficiency >= TargetRatio ? "pass" : "miss")}** against {F(TargetRatio, "0%")}).",
            $"- **The load generator shares the cores**: the clients used {F(best.ClientCpuMsPerSignIn, "0.0")} ms per sign-in, " +
            $"{F(best.ClientCpuMsPerSignIn / allCpu, "0.0%")} of all CPU spent per sign-in; no sign-in rate on this machine can exceed " +
            $"hash / (portal + clients) = {F(best.HashCpuMsPerSignIn / allCpu, "0.0%")} of the bound while they run here.",
            HashCostLine(best, bounds[0].Cores),
            "- Other processes on the machine take CPU from the bound's windows and from the levels alike, but not always equally: " +
            "the CPU columns (thread and process CPU time) do not depend on them, the sign-ins/s and the bound do.",
            "",
            "Command: `dotnet run -c Release --project bench/BackupifyPortal.Bench -- --only throughput` " +
            "(`--duration S` seconds per level, `--people N`, `--clients 1,2,4,8,32`).",
        ]);
        return string.Join('\n', lines) + "\n";
    }

    // The bound and the level run the same hash; a check that costs more CPU inside a level (shared cores, caches, clock) lowers the ratio without being the portal's own work.
    private static string HashCostLine(ThroughputLevel best, int cores)
    {
        var inLevel = best.HashCpuMsPerSignIn / Math.Max(best.HashesPerSignIn, 1e-9);
        var inBound = cores * 1000.0 / best.BoundPerSecond;
        return $"- **One password check's CPU**: {F(inLevel, "0.0")} ms inside that level, {F(inBound, "0.0")} ms in the bound's windows " +
            $"({cores} cores × 1 s / bound): the same hash ran {F(Math.Abs(inLevel / inBound - 1), "0%")} {(inLevel >= inBound ? "slower" : "faster")} beside the sign-ins' other work, " +
            "and the ratio to the bound counts that against the sign-ins.";
    }

    private static string BoundsText(List<PasswordBound> bounds)
    {
        var values = bounds.Select(b => b.PerSecond).Order().ToList();
        return $"median {F(values[values.Count / 2], "0.0")}/s, {F(values[0], "0.0")}–{F(values[^1], "0.0")}/s over {values.Count} windows of 4 s";
    }

    private static string F(double value, string format) => value.ToString(format, C);
}
