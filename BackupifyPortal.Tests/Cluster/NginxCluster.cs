using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using BackupifyPortal.CircuitClient.Loopback;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Tests.Security.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Cluster;

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<NginxCluster>
{
    public const string Name = "nginx cluster";
}

/// <summary>
/// Several instances as an operator runs them, on loopback, once per collection: a database of its own on the shared
/// PostgreSQL, two portal processes (the app's build output, Database:Provider=Postgres, forwarded headers trusted from
/// nginx at 127.0.0.1 only) started at the same moment on that empty database, and a real nginx rendered from
/// deploy/nginx.conf.template (HTTPS, WebSockets, the bp_route cookie hash) in a private prefix. A test pins a browser
/// to an instance by a route cookie that nginx's own access log shows landing there.
/// </summary>
public sealed class NginxCluster : IAsyncLifetime
{
    public const string NginxBinary = "/usr/sbin/nginx";
    public const string InstanceEnvironment = "Production";
    private readonly Dictionary<int, string> routes = [];
    private string root = "";
    private Process? nginx;
    private ExitWithParent? nginxWatchdog;
    private ServiceProvider? database;

    public PortalProcess[] Instances { get; private set; } = [];
    public Uri Nginx { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    /// <summary>How long the two instances took to start together on the empty database (both migrate, take turns).</summary>
    public TimeSpan StartTook { get; private set; }
    private string Logs => Path.Combine(root, "logs");
    private string AccessLog => Path.Combine(Logs, "nginx-access.log");

    public async Task InitializeAsync()
    {
        if (!File.Exists(NginxBinary))
            throw new InvalidOperationException($"nginx is not installed ({NginxBinary}): the cluster tests need it. Install it with `apt-get install -y nginx` (.ci/run does this on a fresh machine).");
        ConnectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        database = new ServiceCollection().AddPortalDatabase(DatabaseProvider.Postgres, ConnectionString).BuildServiceProvider();
        root = Directory.CreateTempSubdirectory("bp-cluster-").FullName;
        // nginx's workers run as nobody: they must reach the prefix (temp folders) under this private folder.
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        Directory.CreateDirectory(Logs);
        Directory.CreateDirectory(Path.Combine(root, "nginx", "temp"));
        var (certificate, key) = SelfSignedPemFiles.Write(root);

        var ports = FreeLoopbackPorts.Take(3);
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Portal"] = ConnectionString,
            ["ForwardedHeaders__KnownProxies"] = "127.0.0.1",
            ["Kestrel__Certificates__Default__Path"] = certificate,
            ["Kestrel__Certificates__Default__KeyPath"] = key,
            ["Phone__SendCooldown"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
            // Production as an operator runs it: __Host- cookies, HSTS, the start-up checks. Texts and emails stay in the
            // database outbox by explicit choice (no Twilio or SMTP here); the demo people are seeded on request.
            ["Phone__HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Portal__PublicBaseUrl"] = $"https://127.0.0.1:{ports[0]}",
            ["Outbox__Mode"] = "Database",
            ["Demo__Seed"] = "true",
        };
        Instances = [new PortalProcess("(PostgreSQL)", InstanceEnvironment, settings, ports[1], https: true), new PortalProcess("(PostgreSQL)", InstanceEnvironment, settings, ports[2], https: true)];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Instances.Select(i => i.StartAsync(TimeSpan.FromMinutes(4))));
        StartTook = clock.Elapsed;

        StartNginx(ports[0], certificate, key);
        Nginx = new Uri($"https://127.0.0.1:{ports[0]}/");
        await WaitForNginxAsync();
        for (var candidate = 0; routes.Count < 2 && candidate < 200; candidate++)
        {
            var route = $"pin-{candidate}";
            routes.TryAdd(await InstanceServingAsync(route), route);
        }
        if (routes.Count < 2) throw new InvalidOperationException("nginx sent 200 route cookies to one instance only");
    }

    /// <summary>The bp_route value nginx sends to instance 1 or 2.</summary>
    public string RouteTo(int instance) => routes[instance];

    /// <summary>A new browser's cookie jar whose route cookie sends it to <paramref name="instance"/> through nginx.</summary>
    public CookieContainer BrowserPinnedTo(int instance)
    {
        var jar = new CookieContainer();
        PinTo(jar, instance);
        return jar;
    }

    /// <summary>Moves a browser to the other instance (its session cookies stay), as a balancer does when its instance goes.</summary>
    public void PinTo(CookieContainer jar, int instance) => jar.Add(Nginx, new Cookie("bp_route", RouteTo(instance), "/"));

    /// <summary>Which instance (1 or 2) served the newest request with this route, from nginx's access log.</summary>
    public async Task<int> LastServedAsync(string route, string? pathStart = null)
    {
        for (var tries = 0; ; tries++)
        {
            var upstream = (await ReadAccessLogAsync())
                .Where(line => line.EndsWith($" route={route}", StringComparison.Ordinal) && (pathStart is null || line.Contains($"\"GET {pathStart}", StringComparison.Ordinal) || line.Contains($"\"POST {pathStart}", StringComparison.Ordinal)))
                .Select(line => line.Split(" upstream=")[1].Split(" route=")[0]).LastOrDefault();
            // Failover logs "a, b": the last one answered.
            if (upstream?.Split(", ")[^1] is { } answered && Array.FindIndex(Instances, i => i.BaseUrl.EndsWith(answered, StringComparison.Ordinal)) is var index and >= 0) return index + 1;
            if (tries > 40) throw new InvalidOperationException($"nginx's access log names no instance for route {route}");
            await Task.Delay(50); // nginx writes the line as the request ends
        }
    }

    public async Task<string[]> ReadAccessLogAsync()
    {
        await using var stream = new FileStream(AccessLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public async Task<PortalDbContext> DbAsync() => await database!.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>A demo person's User Settings path (their first account's).</summary>
    public async Task<string> SettingsPathAsync(string email)
    {
        await using var db = await DbAsync();
        var account = await db.Accounts.Where(a => a.Owner!.NormalizedEmail == email.ToUpperInvariant()).OrderBy(a => a.Kind).FirstAsync();
        return AccountRoutes.Settings(account.Kind, account.Id);
    }

    /// <summary>Starts a killed instance again on its port and waits until nginx sends its route there again.</summary>
    public async Task EnsureBothRunningAsync()
    {
        for (var i = 0; i < Instances.Length; i++)
        {
            if (Instances[i].IsRunning) continue;
            await Instances[i].StartAsync(TimeSpan.FromMinutes(3));
            // nginx rests a failed server for fail_timeout (5 s) before it tries it again.
            for (var waited = 0; await InstanceServingAsync(RouteTo(i + 1)) != i + 1; waited++)
            {
                if (waited > 60) throw new TimeoutException($"nginx did not send route {RouteTo(i + 1)} back to instance {i + 1}");
                await Task.Delay(500);
            }
        }
    }

    private async Task<int> InstanceServingAsync(string route)
    {
        using var http = Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Nginx, "/healthz"));
        request.Headers.Add("Cookie", $"bp_route={route}");
        using var _ = await http.SendAsync(request);
        return await LastServedAsync(route, "/healthz");
    }

    private void StartNginx(int port, string certificate, string key)
    {
        var template = File.ReadAllText(TemplatePath());
        var prefix = Path.Combine(root, "nginx");
        var conf = template.Replace("@PREFIX@", prefix).Replace("@LOGS@", Logs).Replace("@LISTEN@", $"127.0.0.1:{port}")
            .Replace("@BACKEND1@", new Uri(Instances[0].BaseUrl).Authority).Replace("@BACKEND2@", new Uri(Instances[1].BaseUrl).Authority)
            .Replace("@CERT@", certificate).Replace("@KEY@", key);
        if (System.Text.RegularExpressions.Regex.IsMatch(conf.Replace("@UPPERCASE@", ""), "@[A-Z0-9]+@")) throw new InvalidOperationException("deploy/nginx.conf.template has a placeholder the tests do not fill");
        var confPath = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(confPath, conf);
        var start = new ProcessStartInfo(NginxBinary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", prefix, "-c", confPath, "-e", Path.Combine(Logs, "nginx-start.log"), "-g", "daemon off;" }) start.ArgumentList.Add(arg);
        nginx = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        nginxWatchdog = ExitWithParent.Watch(nginx); // a killed test run takes nginx and its worker with it
        nginx.BeginErrorReadLine();
        nginx.BeginOutputReadLine();
    }

    private async Task WaitForNginxAsync()
    {
        using var http = Http();
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(100))
        {
            if (nginx!.HasExited) throw new InvalidOperationException($"nginx exited with {nginx.ExitCode}: {ErrorLog()}");
            try
            {
                using var ready = await http.GetAsync(new Uri(Nginx, "/readyz"));
                if (ready.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
        }
        throw new TimeoutException($"nginx did not answer /readyz: {ErrorLog()}");
    }

    private string ErrorLog() => File.Exists(Path.Combine(Logs, "nginx-error.log")) ? File.ReadAllText(Path.Combine(Logs, "nginx-error.log")) : "(no error log)";

    // Loopback only: the cluster's own throw-away certificate.
    private static HttpClient Http() => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>deploy/nginx.conf.template, found from the test's bin folder upwards (the one copy cluster.sh uses too).</summary>
    private static string TemplatePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy", "nginx.conf.template");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("deploy/nginx.conf.template not found above " + AppContext.BaseDirectory);
    }

    public async Task DisposeAsync()
    {
        if (nginx is { HasExited: false })
        {
            nginx.Kill(entireProcessTree: true);
            await nginx.WaitForExitAsync();
        }
        nginx?.Dispose();
        nginxWatchdog?.Dispose();
        foreach (var instance in Instances) await instance.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
