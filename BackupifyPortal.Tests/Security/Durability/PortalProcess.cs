using System.Diagnostics;
using System.Net;
using System.Text;
using BackupifyPortal.CircuitClient.Loopback;

namespace BackupifyPortal.Tests.Security.Durability;

/// <summary>
/// The portal's own build output run as a separate OS process (dotnet BackupifyPortal.dll) on a given SQLite
/// file and a free loopback port, so a test can SIGKILL it mid-request and start it again on the same file.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> environment;
    private readonly StringBuilder output = new();
    private readonly int? fixedPort;
    private readonly string scheme;
    private Process? process;
    private ExitWithParent? watchdog;

    /// <param name="port">A fixed port kept across restarts (a balancer names it); a free one at each start otherwise.</param>
    /// <param name="https">Serve HTTPS (the certificate comes from <paramref name="settings"/>, Kestrel__Certificates__Default__…).</param>
    public PortalProcess(string databasePath, string environmentName = "Development", IReadOnlyDictionary<string, string>? settings = null, int? port = null, bool https = false)
    {
        DatabasePath = databasePath;
        fixedPort = port;
        scheme = https ? "https" : "http";
        environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environmentName,
            ["DOTNET_ENVIRONMENT"] = environmentName,
            ["ConnectionStrings__Portal"] = $"Data Source={databasePath}", // settings may name another database
            // Every sign-in of a test comes from 127.0.0.1, like LivePortalServer's.
            ["SignIn__AccountRequestsPerMinute"] = "1000",
            ["Logging__Console__FormatterName"] = "simple",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
    }

    public string DatabasePath { get; }
    public string BaseUrl { get; private set; } = "";
    public int Starts { get; private set; }
    public int Kills { get; private set; }
    public bool IsRunning => process is { HasExited: false };
    public int? ProcessId => process?.Id;

    /// <summary>Everything the process wrote to stdout and stderr, over every start.</summary>
    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>The app's build output, found from the test's bin folder (…/BackupifyPortal.Tests/bin/Debug/net10.0/).</summary>
    public static string AppDllPath()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = baseDir.Name;
        var configuration = baseDir.Parent?.Name ?? "Debug";
        for (var dir = baseDir; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "BackupifyPortal", "bin", configuration, framework, "BackupifyPortal.dll");
            if (File.Exists(candidate)) return candidate;
        }
        // The test project references the app, so its build also copies the app next to the tests.
        var copied = Path.Combine(AppContext.BaseDirectory, "BackupifyPortal.dll");
        return File.Exists(copied) ? copied : throw new FileNotFoundException("BackupifyPortal.dll not found; build BackupifyPortal first.");
    }

    /// <summary>The project folder (content root as `dotnet run` uses it), or the dll's folder.</summary>
    private static string ContentRoot(string dll)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(dll)!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BackupifyPortal.csproj"))) return dir.FullName;
        return Path.GetDirectoryName(dll)!;
    }

    /// <summary>Starts the process and waits until it answers /login with 200; <paramref name="samePort"/> keeps the last address (a restart open pages reconnect to).</summary>
    public async Task StartAsync(TimeSpan? timeout = null, bool samePort = false)
    {
        if (IsRunning) throw new InvalidOperationException("Already running");
        var dll = AppDllPath();
        if (!samePort || BaseUrl.Length == 0) BaseUrl = $"{scheme}://127.0.0.1:{fixedPort ?? FreeLoopbackPorts.One()}";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ContentRoot(dll),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", BaseUrl }) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var started = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        started.OutputDataReceived += (_, e) => Append(e.Data);
        started.ErrorDataReceived += (_, e) => Append(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        watchdog?.Dispose();
        watchdog = ExitWithParent.Watch(started); // a killed test run takes this instance with it
        Starts++;
        Append($"--- start {Starts}: pid {started.Id} on {BaseUrl}");
        // Generous: a first start JITs the whole app, and a 2-core machine may be busy with other test hosts.
        await WaitUntilAnsweringAsync(timeout ?? TimeSpan.FromSeconds(120));
    }

    /// <summary>SIGKILL (Kill(entireProcessTree) on Unix): no shutdown hooks, no flush, like a power cut for the app.</summary>
    public void Kill()
    {
        if (process is not { } running || running.HasExited) return;
        running.Kill(entireProcessTree: true);
        running.WaitForExit(10_000);
        watchdog?.Dispose();
        watchdog = null;
        Kills++;
        Append($"--- SIGKILL {Kills}: pid {running.Id}");
    }

    public async Task RestartAsync(bool samePort = false)
    {
        Kill();
        process?.Dispose();
        process = null;
        await StartAsync(samePort: samePort);
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        // Loopback only, so the test's own self-signed certificate is accepted.
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process!.HasExited)
                throw new InvalidOperationException($"The portal exited with {process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync(BaseUrl + "/login");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(150);
        }
        throw new TimeoutException($"The portal did not answer within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
        }
        process?.Dispose();
        watchdog?.Dispose();
    }
}
