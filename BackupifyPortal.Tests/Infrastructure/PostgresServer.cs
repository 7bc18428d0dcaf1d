using System.Diagnostics;
using BackupifyPortal.CircuitClient.Loopback;
using Npgsql;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL 15 on loopback, started once per test run: a private temporary data folder (initdb runs as the
/// <c>postgres</c> user, it refuses root), a free port, its unix socket inside that folder; stopped and deleted at exit.
/// Each test takes a database of its own (<see cref="CreateDatabaseAsync"/>). No PostgreSQL, no skip: the test fails saying so.
/// A watchdog stops it and deletes its folder when the test run dies without reaching its exit handler (killed, crashed).
/// </summary>
public sealed class PostgresServer
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => Task.Run(Start));

    private readonly string root;
    private ExitWithParent? watchdog;
    public string DataDirectory => Path.Combine(root, "data");
    public string SocketDirectory => Path.Combine(root, "socket");
    public int Port { get; }

    private PostgresServer(string root, int port) => (this.root, Port) = (root, port);

    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>The postmaster's process id, from its pid file.</summary>
    public int PostmasterProcessId => int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The watchdog that stops this server when the test run dies (a test closes its pipe as the kernel would).</summary>
    public ExitWithParent Watchdog => watchdog!;

    /// <summary>A new empty database on the shared server; its Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"bp_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=40;Connection Idle Lifetime=10;Connection Pruning Interval=5";

    /// <summary>A server of its own (not the shared one), for a test that ends it; <see cref="Stop"/> when done.</summary>
    public static PostgresServer Start()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")) || !File.Exists(Path.Combine(BinDirectory, "pg_ctl")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinDirectory}/initdb is missing): the PostgreSQL tests need it. Install it with `apt-get install -y postgresql` (.ci/run does this on a fresh machine).");
        var root = Directory.CreateTempSubdirectory("bp-pg-").FullName;
        var server = new PostgresServer(root, FreeLoopbackPorts.One());
        Directory.CreateDirectory(server.SocketDirectory);
        Run("chown", "-R", "postgres:postgres", root);
        AsPostgres("initdb", "-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        // Test data is thrown away: no fsync; room for many small pools across parallel test classes.
        AsPostgres("pg_ctl", "-D", server.DataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "start", "-o",
            $"-p {server.Port} -k {server.SocketDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=32MB");
        // pg_ctl detaches the postmaster (its own session, owned by postgres): only a command can end it, not a kill of our children.
        server.watchdog = ExitWithParent.Run($"runuser -u postgres -- {BinDirectory}/pg_ctl -D '{server.DataDirectory}' -m immediate -w stop >/dev/null 2>&1; rm -rf '{root}'");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    public void Stop()
    {
        watchdog?.Dispose();
        watchdog = null;
        try { AsPostgres("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop"); } catch (InvalidOperationException) { }
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void AsPostgres(string tool, params string[] args) =>
        Run("runuser", ["-u", "postgres", "--", Path.Combine(BinDirectory, tool), .. args]);

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) { process.Kill(true); throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish in 2 minutes"); }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {output.Result}{error.Result}");
    }
}
