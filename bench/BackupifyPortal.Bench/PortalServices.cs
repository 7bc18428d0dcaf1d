using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using BackupifyPortal.Data;
using Microsoft.Extensions.Time.Testing;

namespace BackupifyPortal.Bench;

/// <summary>The portal's own services over a fresh SQLite file, wired exactly as the app wires them, with a clock the benchmark moves.</summary>
public sealed class PortalServices : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"bp-bench-{Guid.NewGuid():N}.db");

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public IServiceProvider Services => app.Services;

    private PortalServices()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration["ConnectionStrings:Portal"] = $"Data Source={databasePath}";
        BenchSettings.Apply(builder.Configuration);
        builder.Logging.ClearProviders();
        builder.AddPortalServices();
        builder.Services.AddSingleton<TimeProvider>(Clock);
        app = builder.Build();
    }

    public static async Task<PortalServices> StartAsync()
    {
        var services = new PortalServices();
        await services.app.PrepareDatabaseAsync();
        return services;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(databasePath + suffix);
    }
}
