using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>
/// Class fixture: a real PostgreSQL 15 (Debian's binaries in <see cref="BinDirectory"/>) on a free loopback port and a
/// temporary data folder, stopped and deleted on dispose. initdb refuses root, so as root it runs as the postgres user.
/// Without the binaries every test using it fails with a message saying how to install them (CI installs them).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private string root = "";
    private string DataDirectory => Path.Combine(root, "data");

    public int Port { get; private set; }

    /// <summary>A connection string for <paramref name="database"/> as the superuser postgres (trust on loopback).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=10;Command Timeout=30";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")) || !File.Exists(Path.Combine(BinDirectory, "pg_ctl")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinDirectory}/initdb is missing). Install it with: apt-get install -y postgresql-15");
        root = Directory.CreateTempSubdirectory("bp-pg-").FullName;
        if (Environment.UserName == "root") await RunAsync("chown", "postgres:postgres", root);
        await RunAsPostgresAsync("initdb", "-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            try
            {
                await RunAsPostgresAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "30",
                    "-o", $"-p {Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");
                return;
            }
            catch (InvalidOperationException) when (attempt < 3) { } // another process took the port between the probe and the start
        }
    }

    /// <summary>A new empty database of its own, so tests of one class never see each other's rows.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "bp_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        if (root == "") return;
        NpgsqlConnection.ClearAllPools();
        try { await RunAsPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop"); }
        catch (InvalidOperationException) { } // never started
        Directory.Delete(root, recursive: true);
    }

    private Task RunAsPostgresAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(BinDirectory, tool), .. args])
            : RunAsync(Path.Combine(BinDirectory, tool), args);

    private async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(root, "server.log");
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await error}{await output}{serverLog}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
