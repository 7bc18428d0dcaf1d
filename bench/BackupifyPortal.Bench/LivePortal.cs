using System.Net;
using BackupifyPortal.Components;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupifyPortal.Bench;

/// <summary>The whole portal (its own services, pipeline and components) on Kestrel at a free loopback port, over a fresh SQLite file.</summary>
public sealed class LivePortal : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"bp-bench-live-{Guid.NewGuid():N}.db");

    private LivePortal(string contentRoot)
    {
        // Development: plain HTTP on loopback needs the non-__Host cookie names; security limits are the defaults.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ApplicationName = typeof(App).Assembly.GetName().Name,
            ContentRootPath = contentRoot,
        });
        builder.Configuration["ConnectionStrings:Portal"] = $"Data Source={databasePath}";
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Error);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.AddPortalServices();
        app = builder.Build();
    }

    public IServiceProvider Services => app.Services;
    public Uri BaseAddress { get; private set; } = default!;

    public static async Task<LivePortal> StartAsync(string contentRoot)
    {
        var portal = new LivePortal(contentRoot);
        await portal.app.PrepareDatabaseAsync();
        portal.app.UsePortalPipeline();
        portal.app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        await portal.app.StartAsync();
        var address = portal.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        portal.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return portal;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(databasePath + suffix);
    }
}
