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

    /// <summary>The child: serve until stdin closes.</summary>
    public static async Task RunAsync()
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"bp-bench-live-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "BackupifyPortal", // finds the app's static web asset manifests next to this exe
            EnvironmentName = "Development",     // demo seed; the Production cookie policy needs HTTPS
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration["ConnectionStrings:Portal"] = $"Data Source={databasePath}";
        builder.Configuration["SignIn:AccountRequestsPerMinute"] = "100000";
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.AddPortalServices();
        builder.Services.AddSingleton<CircuitCounter>();
        builder.Services.AddSingleton<CircuitHandler>(sp => sp.GetRequiredService<CircuitCounter>());

        var app = builder.Build();
        await app.PrepareDatabaseAsync();
        app.MapGet("/__bench/memory", (CircuitCounter circuits) =>
        {
            for (var i = 0; i < 3; i++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            using var self = Process.GetCurrentProcess();
            return Results.Json(new MemorySample(managed, self.WorkingSet64, circuits.Open, circuits.Connected));
        }).AllowAnonymous();
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

    /// <summary>The parent: start a child and wait for its address.</summary>
    public static async Task<PortalServerHandle> StartAsync()
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(PortalServerProcess).Assembly.Location);
        start.ArgumentList.Add(Flag);
        start.Environment["DOTNET_gcServer"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the portal process");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith("LISTENING ", StringComparison.Ordinal)) return new PortalServerHandle(process, line["LISTENING ".Length..]);
        throw new InvalidOperationException($"portal process ended before listening (exit {process.ExitCode})");
    }
}

public sealed record MemorySample(long ManagedBytes, long WorkingSetBytes, int CircuitsOpen, int CircuitsConnected);

/// <summary>A running child portal; disposing closes its stdin and waits for it.</summary>
public sealed class PortalServerHandle(Process process, string baseUrl) : IAsyncDisposable
{
    private static readonly HttpClient Http = new();
    public string BaseUrl { get; } = baseUrl;
    public int ProcessId => process.Id;

    public async Task<MemorySample> MemoryAsync() =>
        JsonSerializer.Deserialize<MemorySample>(await Http.GetStringAsync(BaseUrl + "/__bench/memory"), JsonSerializerOptions.Web)!;

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
