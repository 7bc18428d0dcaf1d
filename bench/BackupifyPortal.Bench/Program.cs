using System.Diagnostics;
using System.Globalization;
using BackupifyPortal.Bench;
using BackupifyPortal.Data;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Microsoft.AspNetCore.Identity;

// Runs the micro-benchmarks, measures the PBKDF2 bound on all cores in the same run, and writes docs/benchmarks.md.
// `--only micro|throughput|circuits|pageweight|cluster` runs one section (default: all); `--quick` takes fewer samples.
if (PortalServerProcess.IsRequested(args)) { await PortalServerProcess.RunAsync(args); return; }
using var publishLock = PortalServerProcess.LockPublishFolder();
if (publishLock is null) { Environment.ExitCode = 1; return; }
OpenFilesLimit.Raise(); // before any child starts: they inherit it
var options = BenchOptions.Parse(args);
var markdown = "";
var docs = Path.Combine(RepositoryRoot(), "docs");
Directory.CreateDirectory(docs);
// A partial run (--only) never overwrites the full report.
var reportPath = Path.Combine(docs, options.Only.Count == 0 ? "benchmarks.md" : $"benchmarks.{string.Join('+', options.Only)}.md");
// The one writer of the report: the sections before plus what the running section knows so far (a stopped run keeps it).
Func<string, Task> writeReport = section => File.WriteAllTextAsync(reportPath, markdown + (section.Length == 0 ? "" : "\n" + section));
if (options.Runs("micro"))
{
    var summary = BenchmarkRunner.Run<SignInCostBenchmarks>(args: options.BenchmarkDotNetArgs);
    var bound = PasswordBound.Measure(TimeSpan.FromSeconds(5));
    markdown = BenchmarkReport.Render(summary, bound);
}
else markdown = BenchmarkReport.Header();
if (options.Runs("throughput")) markdown += "\n" + await SignInThroughput.RunAsync(options);
if (options.Runs("circuits")) markdown += "\n" + await CircuitBenchmark.RunAsync(options);
if (options.Runs("cluster")) markdown += "\n" + await ClusterBenchmark.RunAsync(options, writeReport);
if (options.Runs("pageweight")) markdown += "\n" + await PageWeightBenchmark.RunAsync(options);
await writeReport("");
Console.WriteLine(markdown);

static string RepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BackupifyPortal.sln"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}

/// <summary>Password checks per second when every core verifies at once: the ceiling of sign-ins per second.</summary>
internal sealed record PasswordBound(int Cores, double PerSecond)
{
    public static PasswordBound Measure(TimeSpan duration)
    {
        var hasher = new PasswordHasher<PortalUser>();
        var hash = hasher.HashPassword(new PortalUser(), "Demo-Pass-2026");
        long count = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, Environment.ProcessorCount, _ =>
        {
            while (clock.Elapsed < duration)
            {
                hasher.VerifyHashedPassword(new PortalUser(), hash, "Demo-Pass-2026");
                Interlocked.Increment(ref count);
            }
        });
        return new PasswordBound(Environment.ProcessorCount, count / clock.Elapsed.TotalSeconds);
    }
}

internal static class BenchmarkReport
{
    public static string Header() => string.Join('\n',
    [
        "# Benchmarks",
        "",
        $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.",
        "Command: `dotnet run -c Release --project bench/BackupifyPortal.Bench` (BenchmarkDotNet 0.15.8, in-process, 2 warm-up + 8 measured iterations).",
        "The machine is shared, so compare figures within one run (the ratio column), not across runs.",
        "",
    ]);

    public static string Render(Summary summary, PasswordBound bound)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            Header(),
            "| benchmark | mean | median | stddev | allocated | ratio to one password check |",
            "| --- | --- | --- | --- | --- | --- |",
        };
        var baseline = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline)?.ResultStatistics?.Mean;
        foreach (var report in summary.Reports)
        {
            var stats = report.ResultStatistics;
            if (stats is null) continue;
            var alloc = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var ratio = baseline is > 0 ? (stats.Mean / baseline.Value).ToString("0.0000", c) : "-";
            lines.Add($"| {report.BenchmarkCase.Descriptor.WorkloadMethod.Name} | {Us(stats.Mean)} | {Us(stats.Median)} | {Us(stats.StandardDeviation)} | {alloc?.ToString("N0", c) ?? "-"} B | {ratio} |");
        }
        lines.AddRange(
        [
            "",
            "## The PBKDF2 bound",
            "",
            $"Identity's password hash (PBKDF2-HMAC-SHA512, 100,000 iterations) verified on all {bound.Cores} cores at once for 5 s: " +
            $"**{bound.PerSecond.ToString("0.0", c)} checks per second**. No sign-in can go faster than this on this machine; " +
            "everything else a sign-in does (the rows above) is a small fraction of one password check.",
            "",
        ]);
        return string.Join('\n', lines) + "\n";
    }

    private static string Us(double nanoseconds) => $"{(nanoseconds / 1000).ToString("N1", CultureInfo.InvariantCulture)} µs";
}
