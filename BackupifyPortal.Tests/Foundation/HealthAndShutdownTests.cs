using BackupifyPortal.Features.Operations;
using System.Net;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>/healthz says the process answers; /readyz says the database answers, is fully migrated and the instance is not stopping.</summary>
public class HealthAndShutdownTests
{
    [Fact]
    public async Task Healthz_AnswersAnyone_AndIsNeverCached()
    {
        await using var app = new PortalAppFactory();

        using var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Readyz_OnAMigratedDatabase_IsReady_EvenOverPlainHttpInProduction()
    {
        await using var app = new PortalAppFactory(environment: "Production");

        using var response = await app.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Readyz_WithAMigrationNotApplied_IsNotReady()
    {
        await using var app = new PortalAppFactory();
        await using (var db = await app.CreateDbContextAsync())
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\"");

        using var response = await app.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True((await app.CreateClient().GetAsync("/healthz")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Readyz_WhenTheDatabaseIsGone_IsNotReady()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(migrate: false);
        await using var app = new PortalAppFactory(settings: database.AppSettings());
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/readyz")).StatusCode);
        var name = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        await using (var admin = new Npgsql.NpgsqlConnection(database.ConnectionString.Replace($"Database={name}", "Database=postgres")))
        {
            await admin.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        Npgsql.NpgsqlConnection.ClearAllPools();

        using var response = await app.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Stopping_ReadinessTurnsUnhealthy_NewConnectionsAreRefused_AndTheRequestInFlightFinishes()
    {
        var server = new SlowRequestServer();
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var inFlight = client.GetAsync("/test/slow");
        await server.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var stopSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The drain's start, not ApplicationStopping: the host may raise that one only after the drain.
        server.Services.GetRequiredService<ShutdownDrain>().Draining.Register(stopSignal.SetResult);
        var stopping = Task.Run(() => server.DisposeAsync().AsTask());
        await stopSignal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // While draining the instance still answers, and says it is not ready.
        using (var probe = new HttpClient { BaseAddress = new Uri(server.BaseUrl) })
        {
            using var ready = await probe.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("Unhealthy", await ready.Content.ReadAsStringAsync());
        }
        // After the drain Kestrel takes no new connection, yet waits for the request it is serving.
        await WaitUntilRefusedAsync(server.BaseUrl);
        Assert.False(stopping.IsCompleted);
        server.Release.SetResult();

        using var response = await inFlight.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("finished", await response.Content.ReadAsStringAsync());
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task WaitUntilRefusedAsync(string baseUrl)
    {
        for (var i = 0; i < 200; i++)
        {
            using var fresh = new HttpClient { BaseAddress = new Uri(baseUrl) };
            try { using var _ = await fresh.GetAsync("/healthz"); }
            catch (HttpRequestException) { return; }
            await Task.Delay(100);
        }
        Assert.Fail("The stopping instance still took new connections after its drain delay.");
    }

    /// <summary>The app on Kestrel with a five-second drain (long enough for the probe to connect on a loaded machine) and a test-only request that waits until the test releases it.</summary>
    private sealed class SlowRequestServer : PortalAppFactory
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string BaseUrl { get; }

        public SlowRequestServer() : base(settings: new Dictionary<string, string?> { ["Shutdown:DrainDelay"] = "00:00:05", ["Shutdown:Timeout"] = "00:00:30" })
        {
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            StartServer();
            BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new SlowEndpoint(this)));
        }

        private sealed class SlowEndpoint(SlowRequestServer server) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use(async (context, inner) =>
                {
                    if (context.Request.Path != "/test/slow") { await inner(); return; }
                    server.Entered.SetResult();
                    await server.Release.Task;
                    await context.Response.WriteAsync("finished");
                });
                next(app);
            };
        }
    }
}
