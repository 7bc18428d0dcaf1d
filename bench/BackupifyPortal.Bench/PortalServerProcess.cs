using System.Diagnostics;
using System.Net;
using System.Text.Json;
using BackupifyPortal.Components;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupifyPortal.Bench;

/// <summary>
/// The portal, built exactly as its Program.cs builds it, on Kestrel at a free loopback port and a fresh SQLite
/// file, in a child process of its own (server GC, as the web SDK sets it) so its memory is not mixed with the
/// browser driver's. It adds only a circuit counter and a /__bench/memory endpoint.
/// </summary>
public static class PortalServerProcess
{
    public const string Flag = "--portal-server";

    public static bool IsRequested(string[] args) => args.Contains(Flag);

    /// <summary>The child: serve the published app in <paramref name="publishDirectory"/> until stdin closes.</summary>
    public static async Task RunAsync(string[] args)
    {
        var publishDirectory = args[Array.IndexOf(args, Flag) + 1];
        var databasePath = Path.Combine(Path.GetTempPath(), $"bp-bench-live-{Guid.NewGuid():N}.db");
        // MapStaticAssets reads {ApplicationName}.staticwebassets.endpoints.json next to the running exe; this name
        // points it at the publish manifest (precompressed .gz/.br, immutable caching) instead of the build one.
        const string applicationName = "BackupifyPortal.Published";
        File.Copy(Path.Combine(publishDirectory, "BackupifyPortal.staticwebassets.endpoints.json"),
            Path.Combine(AppContext.BaseDirectory, applicationName + ".staticwebassets.endpoints.json"), overwrite: true);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = applicationName,
            EnvironmentName = "Production",      // production caching, compression negotiation and cookie policy
            ContentRootPath = publishDirectory,  // its appsettings and wwwroot
        });
        builder.WebHost.UseSetting(WebHostDefaults.PreventHostingStartupKey, "true");
        builder.Configuration["Demo:Seed"] = "true";
        BenchSettings.Apply(builder.Configuration);
        // The cluster bench names its PostgreSQL database in the environment; otherwise a fresh SQLite file.
        if (string.IsNullOrEmpty(builder.Configuration["Database:Provider"])) builder.Configuration["ConnectionStrings:Portal"] = $"Data Source={databasePath}";
        builder.Configuration["SignIn:AccountRequestsPerMinute"] = "100000";
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error);
        // HTTPS as in production: Secure cookies, and browsers offer Brotli only over TLS.
        var certificate = LoopbackCertificate.Create();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.AddPortalServices();
        TimedPasswordHasher.Decorate(builder.Services);
        builder.Services.AddSingleton<CircuitCounter>();
        builder.Services.AddSingleton<CircuitHandler>(sp => sp.GetRequiredService<CircuitCounter>());

        var app = builder.Build();
        await app.PrepareDatabaseAsync();
        app.MapGet("/__bench/memory", (CircuitCounter circuits) =>
        {
            // One full collection: three plus GetTotalMemory(true) stopped an instance with 5,000 circuits for 15 s at load 40,
            // past the clients' 30 s server timeout once a 15 s keep-alive gap is added, so the reading itself closed circuits.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
            GC.WaitForPendingFinalizers();
            var managed = GC.GetTotalMemory(forceFullCollection: false);
            using var self = Process.GetCurrentProcess();
            return Results.Json(new MemorySample(managed, self.WorkingSet64, circuits.Open, circuits.Connected));
        }).AllowAnonymous();
        app.MapGet("/__bench/jit", () => Results.Json(new JitSample(System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds))).AllowAnonymous();
        app.MapGet("/__bench/hashes", () => Results.Json(TimedPasswordHasher.Sample())).AllowAnonymous();
        app.MapPost("/__bench/people", (int count, IServiceProvider services) => SignInPeople.SeedAsync(services, count)).AllowAnonymous();
        app.Use(async (context, next) =>
        {
            // Requests that take seconds are what a throughput run must explain: named on stdout (path only, no query).
            var started = Stopwatch.GetTimestamp();
            await next(context);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed > TimeSpan.FromSeconds(2) && context.Response.StatusCode != StatusCodes.Status101SwitchingProtocols) Console.WriteLine($"[portal] slow: {context.Request.Method} {context.Request.Path} {context.Response.StatusCode} {elapsed.TotalSeconds:0.0} s");
        });
        app.UsePortalPipeline();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Console.WriteLine($"LISTENING {url.TrimEnd('/')}");
        await Console.In.ReadToEndAsync(); // the parent closes stdin to stop us
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(databasePath + suffix);
    }

    private static readonly SemaphoreSlim PublishOnce = new(1, 1);
    private static string? publishedTo;

    /// <summary>Where the portal is published; every bench process shares it, hence <see cref="LockPublishFolder"/>.</summary>
    public static string PublishDirectory => Path.Combine(RepositoryRoot(), "bench", "BackupifyPortal.Bench", "bin", "portal-publish");

    /// <summary>
    /// An exclusive lock beside the publish folder, held until the process exits: a second bench would republish and
    /// overwrite the files the first one's portals are running from. Null (after a message) when another bench holds it.
    /// </summary>
    public static FileStream? LockPublishFolder()
    {
        var path = PublishDirectory + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException)
        {
            Console.Error.WriteLine($"Another bench is running (it holds {path}): it publishes the portal to {PublishDirectory} and runs it from there. " +
                                    "Wait for it to finish or stop it, then run again.");
            return null;
        }
    }

    /// <summary>`dotnet publish` of the portal once per run: a publish is what production serves (Brotli and gzip files, immutable caching).</summary>
    public static async Task<string> PublishAsync()
    {
        await PublishOnce.WaitAsync();
        try
        {
            if (publishedTo is not null) return publishedTo;
            var root = RepositoryRoot();
            var output = PublishDirectory;
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "publish", Path.Combine(root, "BackupifyPortal"), "-c", "Release", "-o", output, "--nologo", "-v", "q" }) start.ArgumentList.Add(a);
            Console.WriteLine($"[portal] dotnet publish -> {output}");
            using var process = Process.Start(start)!;
            var log = process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed: {await log}{errors}");
            return publishedTo = output;
        }
        finally { PublishOnce.Release(); }
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BackupifyPortal.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The parent: publish if not done yet, start a child and wait for its address.</summary>
    /// <param name="environment">Settings for the child on top of the bench's (the cluster bench: PostgreSQL, forwarded headers).</param>
    public static async Task<PortalServerHandle> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var publishDirectory = await PublishAsync();
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(PortalServerProcess).Assembly.Location);
        start.ArgumentList.Add(Flag);
        start.ArgumentList.Add(publishDirectory);
        start.Environment["DOTNET_gcServer"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the portal process");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6)); // a shared machine under load starts slowly
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.StartsWith("LISTENING ", StringComparison.Ordinal)) continue;
            _ = DrainOutputAsync(process);
            return new PortalServerHandle(process, line["LISTENING ".Length..]);
        }
        throw new InvalidOperationException($"portal process ended before listening (exit {process.ExitCode})");
    }

    /// <summary>
    /// Keeps reading the child's console (its logs) into a file: a full pipe would block the child's console logger,
    /// then every request that logs. Lines the bench itself writes ("[portal] …") are echoed.
    /// </summary>
    private static async Task DrainOutputAsync(Process process)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bp-bench-portal-{process.Id}.log");
        await using var log = new StreamWriter(path);
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            await log.WriteLineAsync(line);
            if (line.StartsWith("[portal]", StringComparison.Ordinal)) Console.WriteLine(line);
        }
    }
}

/// <summary>Methods the portal's JIT has compiled so far and the time it spent on them.</summary>
public sealed record JitSample(long Methods, double Milliseconds);

public sealed record MemorySample(long ManagedBytes, long WorkingSetBytes, int CircuitsOpen, int CircuitsConnected);

/// <summary>A running child portal; disposing closes its stdin and waits for it.</summary>
public sealed class PortalServerHandle(Process process, string baseUrl) : IPortalUnderTest
{
    /// <summary>Trusts the child's self-signed loopback certificate (and nothing else is ever called with it).</summary>
    public static HttpClient NewHttpClient(TimeSpan? timeout = null) =>
        new(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { Timeout = timeout ?? TimeSpan.FromSeconds(100) };
    // Seeding hundreds of people can outlast HttpClient's default 100 s on a busy machine.
    private static readonly HttpClient Http = NewHttpClient(TimeSpan.FromMinutes(10));
    public string BaseUrl { get; } = baseUrl;
    public int ProcessId => process.Id;

    public async Task<MemorySample> MemoryAsync() =>
        JsonSerializer.Deserialize<MemorySample>(await Http.GetStringAsync(BaseUrl + "/__bench/memory"), JsonSerializerOptions.Web)!;

    public async Task<JitSample> JitAsync() =>
        JsonSerializer.Deserialize<JitSample>(await Http.GetStringAsync(BaseUrl + "/__bench/jit"), JsonSerializerOptions.Web)!;

    public async Task<HashSample> HashesAsync() =>
        JsonSerializer.Deserialize<HashSample>(await Http.GetStringAsync(BaseUrl + "/__bench/hashes"), JsonSerializerOptions.Web)!;

    /// <summary>People with a password and a confirmed authenticator, created inside the portal process by its own services.</summary>
    public async Task<List<BenchPersonSeed>> SeedPeopleAsync(int count)
    {
        using var response = await Http.PostAsync($"{BaseUrl}/__bench/people?count={count}", null);
        response.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<List<BenchPersonSeed>>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
    }

    /// <summary>
    /// Waits until the portal has used under 5% of one core for two half-second samples in a row (at most a minute):
    /// after seeding or a warm-up its JIT still recompiles hot methods for a few seconds.
    /// </summary>
    public async Task WaitUntilIdleAsync()
    {
        var quietSamples = 0;
        var last = CpuTime();
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromMinutes(1) && quietSamples < 2; waited += TimeSpan.FromMilliseconds(500))
        {
            await Task.Delay(500);
            var now = CpuTime();
            quietSamples = now - last < TimeSpan.FromMilliseconds(25) ? quietSamples + 1 : 0;
            last = now;
        }
    }

    /// <summary>CPU time the portal process has used so far (user + system, all threads).</summary>
    public TimeSpan CpuTime()
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await process.WaitForExitAsync(wait.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: false); }
        process.Dispose();
    }
}

/// <summary>Counts live circuits and those with a connection, as the server sees them.</summary>
public sealed class CircuitCounter : CircuitHandler
{
    private int open, connected;
    public int Open => open;
    public int Connected => connected;
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken ct) { Interlocked.Increment(ref open); return Task.CompletedTask; }
    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken ct) { Interlocked.Decrement(ref open); return Task.CompletedTask; }
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken ct) { Interlocked.Increment(ref connected); return Task.CompletedTask; }
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken ct) { Interlocked.Decrement(ref connected); return Task.CompletedTask; }
}

/// <summary>A throw-away self-signed certificate for 127.0.0.1, made at start (nothing is installed or trusted system-wide).</summary>
public static class LoopbackCertificate
{
    public static System.Security.Cryptography.X509Certificates.X509Certificate2 Create()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        // Kestrel needs the private key in an exportable, loadable form.
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(made.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
    }
}
