using System.Diagnostics;
using System.Net;
using BackupifyPortal.CircuitClient.Loopback;

namespace BackupifyPortal.Bench;

/// <summary>
/// The portal as deploy/cluster.sh runs it: PostgreSQL 15 on a private data folder and port (initdb as the postgres
/// user), two portal processes on one database (Database:Provider=Postgres, forwarded headers trusted from 127.0.0.1),
/// and nginx rendered from deploy/nginx.conf.template in front of them. Everything is removed when disposed, and by
/// watchdogs when the bench dies first (`timeout`, SIGKILL): the portal processes end when their stdin closes.
/// </summary>
public sealed class ClusterLab : IPortalUnderTest
{
    private const string PgBin = "/usr/lib/postgresql/15/bin", NginxBinary = "/usr/sbin/nginx";
    private readonly string root = Directory.CreateTempSubdirectory("bp-bench-cluster-").FullName;
    private readonly List<PortalServerHandle> instances = [];
    private Process? nginx;
    private bool postgresStarted;
    private readonly List<ExitWithParent> watchdogs = [];

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<PortalServerHandle> Instances => instances;
    public int? NginxProcessId => nginx?.Id;

    public static async Task<ClusterLab> StartAsync()
    {
        var lab = new ClusterLab();
        try
        {
            await lab.StartPartsAsync();
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    private async Task StartPartsAsync()
    {
        if (!File.Exists(Path.Combine(PgBin, "initdb")) || !File.Exists(NginxBinary))
            throw new InvalidOperationException("The cluster bench needs PostgreSQL 15 and nginx: apt-get install -y postgresql nginx");
        // nginx's workers (nobody) and PostgreSQL (postgres) must reach their folders under this one.
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var data = Path.Combine(root, "pgdata");
        Directory.CreateDirectory(data);
        Run("chown", "postgres:postgres", data);
        AsPostgres("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C");
        var pgPort = FreeLoopbackPorts.One();
        // Durable settings as an operator runs them (fsync on); room for two instances' connection pools.
        AsPostgres("pg_ctl", "-D", data, "-l", Path.Combine(data, "server.log"), "-w", "-t", "60", "start", "-o",
            $"-p {pgPort} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=300");
        postgresStarted = true;
        // pg_ctl detaches the postmaster into a session of its own: a command stops it, not a kill of our children.
        watchdogs.Add(ExitWithParent.Run($"runuser -u postgres -- {PgBin}/pg_ctl -D '{data}' -m immediate -w stop >/dev/null 2>&1; rm -rf '{root}'"));
        Run(Path.Combine(PgBin, "psql"), "-h", "127.0.0.1", "-p", pgPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-qc", "CREATE DATABASE portal");

        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Portal"] = $"Host=127.0.0.1;Port={pgPort};Database=portal;Username=postgres",
            ["ForwardedHeaders__KnownProxies"] = "127.0.0.1",
        };
        // One after the other: the first migrates and seeds (starting both at once is what the cluster tests prove).
        instances.Add(await PortalServerProcess.StartAsync(settings));
        instances.Add(await PortalServerProcess.StartAsync(settings));
        StartNginx();
        await WaitForNginxAsync();
    }

    private void StartNginx()
    {
        var prefix = Path.Combine(root, "nginx");
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        var (certificate, key) = SelfSignedPemFiles.Write(prefix);
        var port = FreeLoopbackPorts.One();
        var conf = File.ReadAllText(Path.Combine(PortalServerProcess.RepositoryRoot(), "deploy", "nginx.conf.template"))
            .Replace("@PREFIX@", prefix).Replace("@LOGS@", prefix).Replace("@LISTEN@", $"127.0.0.1:{port}")
            .Replace("@BACKEND1@", new Uri(instances[0].BaseUrl).Authority).Replace("@BACKEND2@", new Uri(instances[1].BaseUrl).Authority)
            .Replace("@CERT@", certificate).Replace("@KEY@", key)
            // The bench reads no access log: writing one line per request would only add disk work to the measurement.
            .Replace($"access_log {prefix}/nginx-access.log portal;", "access_log off;");
        var confPath = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(confPath, conf);
        var start = new ProcessStartInfo(NginxBinary) { UseShellExecute = false };
        foreach (var arg in new[] { "-p", prefix, "-c", confPath, "-e", Path.Combine(prefix, "nginx-start.log"), "-g", "daemon off;" }) start.ArgumentList.Add(arg);
        nginx = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        watchdogs.Add(ExitWithParent.Watch(nginx));
        BaseUrl = $"https://127.0.0.1:{port}";
    }

    private async Task WaitForNginxAsync()
    {
        using var http = PortalServerHandle.NewHttpClient(TimeSpan.FromSeconds(20));
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(120); await Task.Delay(200))
        {
            if (nginx!.HasExited) throw new InvalidOperationException($"nginx exited with {nginx.ExitCode}");
            try
            {
                using var ready = await http.GetAsync(BaseUrl + "/readyz");
                if (ready.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { } // a busy shared machine: ask again
        }
        throw new TimeoutException("nginx did not answer /readyz");
    }

    public TimeSpan CpuTime() => instances.Aggregate(TimeSpan.Zero, (sum, i) => sum + i.CpuTime());

    /// <summary>CPU time of nginx (master and worker) so far, from /proc.</summary>
    public TimeSpan NginxCpuTime() => nginx is null ? TimeSpan.Zero : ProcessTreeCpu(nginx.Id);

    /// <summary>CPU time of PostgreSQL (the postmaster, its live backends and those that ended) so far.</summary>
    public TimeSpan PostgresCpuTime()
    {
        var pidFile = Path.Combine(root, "pgdata", "postmaster.pid");
        return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), out var pid) ? ProcessTreeCpu(pid) : TimeSpan.Zero;
    }

    public async Task<HashSample> HashesAsync()
    {
        var samples = await Task.WhenAll(instances.Select(i => i.HashesAsync()));
        return new HashSample(samples.Sum(s => s.Verifications), samples.Sum(s => s.CpuMilliseconds));
    }

    public async Task<JitSample> JitAsync()
    {
        var samples = await Task.WhenAll(instances.Select(i => i.JitAsync()));
        return new JitSample(samples.Sum(s => s.Methods), samples.Sum(s => s.Milliseconds));
    }

    public async Task<MemorySample> MemoryAsync()
    {
        var samples = await Task.WhenAll(instances.Select(i => i.MemoryAsync()));
        return new MemorySample(samples.Sum(s => s.ManagedBytes), samples.Sum(s => s.WorkingSetBytes), samples.Sum(s => s.CircuitsOpen), samples.Sum(s => s.CircuitsConnected));
    }

    /// <summary>Circuits per instance, to show nginx spreads them.</summary>
    public async Task<int[]> CircuitsPerInstanceAsync() => [.. (await Task.WhenAll(instances.Select(i => i.MemoryAsync()))).Select(s => s.CircuitsOpen)];

    public async Task WaitUntilIdleAsync()
    {
        foreach (var instance in instances) await instance.WaitUntilIdleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (nginx is { HasExited: false })
        {
            nginx.Kill(entireProcessTree: true);
            await nginx.WaitForExitAsync();
        }
        nginx?.Dispose();
        foreach (var instance in instances) await instance.DisposeAsync();
        watchdogs.ForEach(w => w.Dispose());
        if (postgresStarted) { try { AsPostgres("pg_ctl", "-D", Path.Combine(root, "pgdata"), "-m", "fast", "-w", "stop"); } catch (InvalidOperationException) { } }
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static TimeSpan ProcessTreeCpu(int pid)
    {
        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var candidate)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // fields[1] is the parent pid; [11] utime, [12] stime, [13] cutime, [14] cstime (clock ticks, 100 a second).
                long Field(int i) => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture);
                if (candidate == pid) ticks += Field(11) + Field(12) + Field(13) + Field(14); // with the children that ended
                else if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == pid) ticks += Field(11) + Field(12);
            }
            catch (IOException) { }
        }
        return TimeSpan.FromMilliseconds(ticks * 10.0);
    }

    private static void AsPostgres(string tool, params string[] args) => Run("runuser", ["-u", "postgres", "--", Path.Combine(PgBin, tool), .. args]);

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {output.Result}{errors}");
    }
}
