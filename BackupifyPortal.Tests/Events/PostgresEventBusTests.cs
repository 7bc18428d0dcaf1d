using System.Collections.Concurrent;
using BackupifyPortal.Features.Events;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.Support;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace BackupifyPortal.Tests.Events;

/// <summary>
/// The several-instances bus on a real PostgreSQL: each "instance" is its own service provider wired by
/// AddPortalEvents with Database:Provider=Postgres, as the app wires it, on one shared database.
/// </summary>
public class PostgresEventBusTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PublishOnOneInstance_IsDeliveredOnTheOther_AndTheNotifyCarriesOnlyTheStoredId()
    {
        var database = await MigratedDatabaseAsync();
        await using var one = await Instance.StartAsync(database, "bus-one");
        await using var two = await Instance.StartAsync(database, "bus-two");
        var onTwo = new ConcurrentQueue<string>();
        var onOne = new ConcurrentQueue<string>();
        using var _ = two.Bus.Subscribe<SetupStepShown>("pat", e => { onTwo.Enqueue(e.Step); return Task.CompletedTask; });
        using var __ = one.Bus.Subscribe<SetupStepShown>("pat", e => { onOne.Enqueue(e.Step); return Task.CompletedTask; });
        var ended = 0;
        using var ___ = two.Bus.Subscribe<PersonSessionsEnded>("pat", _ => { Interlocked.Increment(ref ended); return Task.CompletedTask; });
        using var spy = await NotifySpy.ListenAsync(database);

        await one.Bus.PublishAsync(new SetupStepShown("pat", "Setup wizard: Verify"));
        await one.Bus.PublishAsync(new SetupStepShown("sam", "not Pat's"));
        await one.Bus.PublishAsync(new PersonSessionsEnded("pat"));

        await Until(() => onTwo.Count == 1 && Volatile.Read(ref ended) == 1 && onOne.Count == 1);
        Assert.Equal(["Setup wizard: Verify"], onTwo);
        Assert.Equal(["Setup wizard: Verify"], onOne); // the publisher's own instance hears it through its listener too
        var rows = await ReadRowsAsync(database);
        Assert.Equal(["setup-step-shown", "setup-step-shown", "person-sessions-ended"], rows.Select(r => r.Type));
        Assert.Contains("Setup wizard: Verify", rows[0].Payload);
        var payloads = await spy.TakeAsync(3);
        Assert.Equal(rows.Select(r => r.Id.ToString()), payloads);
    }

    [Fact]
    public async Task SessionsEndedAndStampRotatedOnOneInstance_ReachThePersonsCircuitsOnTheOther()
    {
        var database = await MigratedDatabaseAsync();
        await using var one = await Instance.StartAsync(database, "bus-one");
        await using var two = await Instance.StartAsync(database, "bus-two");
        var rechecks = new ConcurrentQueue<string>();
        // What SecurityStampRevalidatingStateProvider subscribes for each circuit.
        using var _ = two.Get<SessionRevocations>().Subscribe("pat", () => { rechecks.Enqueue("sessions ended"); return Task.CompletedTask; });
        using var __ = two.Get<SecurityStampRotations>().Subscribe("pat", () => { rechecks.Enqueue("stamp rotated"); return Task.CompletedTask; });

        await one.Get<SecurityStampRotations>().NotifyAsync("pat");
        await one.Get<SessionRevocations>().NotifyAsync("pat");

        await Until(() => rechecks.Count == 2);
        Assert.Equal(["sessions ended", "stamp rotated"], rechecks.Order()); // two subscriptions: each in order, not with each other
    }

    [Fact]
    public async Task PublishToDeliveryOnTheOtherInstance_TakesMillisecondsNotSeconds()
    {
        var database = await MigratedDatabaseAsync();
        await using var one = await Instance.StartAsync(database, "bus-one");
        await using var two = await Instance.StartAsync(database, "bus-two");
        var delivered = new ConcurrentDictionary<string, long>();
        using var _ = two.Bus.Subscribe<SetupStepShown>("pat", e => { delivered[e.Step] = System.Diagnostics.Stopwatch.GetTimestamp(); return Task.CompletedTask; });
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 200; i++)
        {
            var sent = System.Diagnostics.Stopwatch.GetTimestamp();
            await one.Bus.PublishAsync(new SetupStepShown("pat", $"step {i}"));
            await Until(() => delivered.ContainsKey($"step {i}"));
            latencies.Add(System.Diagnostics.Stopwatch.GetElapsedTime(sent, delivered[$"step {i}"]));
        }

        latencies.Sort();
        var (median, p95) = (latencies[100], latencies[189]);
        output.WriteLine($"publish on one instance -> delivered on the other, 200 events one at a time: median {median.TotalMilliseconds:F1} ms, p95 {p95.TotalMilliseconds:F1} ms, max {latencies[^1].TotalMilliseconds:F1} ms");
        Assert.True(p95 < TimeSpan.FromSeconds(1), $"p95 {p95}");
    }

    [Fact]
    public async Task ListenerConnectionKilled_Reconnects_AndDeliversWhatWasPublishedWhileItWasDown()
    {
        var database = await MigratedDatabaseAsync();
        await using var one = await Instance.StartAsync(database, "bus-one");
        await using var two = await Instance.StartAsync(database, "bus-two", reconnectDelay: TimeSpan.FromSeconds(2));
        var onTwo = new ConcurrentQueue<string>();
        using var _ = two.Bus.Subscribe<SetupStepShown>("pat", e => { onTwo.Enqueue(e.Step); return Task.CompletedTask; });
        await one.Bus.PublishAsync(new SetupStepShown("pat", "before"));
        await Until(() => onTwo.Count == 1);
        var killed = await ListenerPidAsync(database, "bus-two");

        await ExecuteAsync(database, $"SELECT pg_terminate_backend({killed})");
        await Until(async () => await ListenerPidAsync(database, "bus-two") is null);
        foreach (var step in new[] { "while down 1", "while down 2", "while down 3" }) await one.Bus.PublishAsync(new SetupStepShown("pat", step));
        var downWhilePublished = await ListenerPidAsync(database, "bus-two") is null;

        await Until(() => onTwo.Count == 4);
        Assert.True(downWhilePublished, "the listener came back before the events were published: the test proved nothing");
        Assert.Equal(["before", "while down 1", "while down 2", "while down 3"], onTwo);
        Assert.Equal(2, two.Listener.Connections);
        Assert.NotEqual(killed, await ListenerPidAsync(database, "bus-two"));
    }

    [Fact]
    public async Task EventsPastTheirRetention_ArePruned()
    {
        var database = await MigratedDatabaseAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var one = await Instance.StartAsync(database, "bus-one", clock: clock, pruneEvery: TimeSpan.Zero);
        await one.Bus.PublishAsync(new PersonStampRotated("pat"));
        clock.Advance(TimeSpan.FromHours(2));
        await one.Bus.PublishAsync(new PersonStampRotated("pat"));

        clock.Advance(TimeSpan.FromHours(23)); // the first is now 25 hours old, the second 23: retention is one day
        await Until(async () => (await ReadRowsAsync(database)).Count == 1);
        var left = await ReadRowsAsync(database);
        Assert.Single(left);
        Assert.Equal(clock.GetUtcNow() - TimeSpan.FromHours(23), left[0].CreatedAt, TimeSpan.FromMilliseconds(1));
    }

    /// <summary>A database of its own with the PostgreSQL migrations applied (they create PortalEvents), as an instance finds it after start-up.</summary>
    private static async Task<string> MigratedDatabaseAsync()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        return database.ConnectionString;
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("postgresql")]
    [InlineData("Npgsql")]
    public void EverySpellingThatPutsTheDatabaseOnPostgres_PutsTheBusThereToo(string provider)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Portal"] = "Host=127.0.0.1;Database=spelling_check",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);

        services.AddPortalEvents(config);

        Assert.Equal(BackupifyPortal.Data.DatabaseProvider.Postgres, BackupifyPortal.Data.PortalDatabase.Provider(config));
        Assert.Equal(typeof(PostgresEvents), services.Last(d => d.ServiceType == typeof(IPortalEvents)).ImplementationType);
    }

    [Fact]
    public async Task EventTable_ComesFromThePostgresMigrations_WithDatabaseMadeIds()
    {
        var database = await MigratedDatabaseAsync();

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT column_name, data_type, COALESCE(identity_generation, '') FROM information_schema.columns
            WHERE table_name = 'PortalEvents' ORDER BY column_name
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new List<string>();
        while (await reader.ReadAsync()) columns.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)}".Trim());
        Assert.Equal(["CreatedAt timestamp with time zone", "Id bigint ALWAYS", "Payload jsonb", "Type character varying"], columns);
    }

    private static async Task Until(Func<bool> done) => await Until(() => Task.FromResult(done()));

    private static async Task Until(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not delivered within {Wait}.");
            await Task.Delay(25);
        }
    }

    private static async Task<int?> ListenerPidAsync(string database, string name)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE application_name = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (int?)await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed record Row(long Id, string Type, string Payload, DateTimeOffset CreatedAt);

    private static async Task<List<Row>> ReadRowsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Id", "Type", "Payload"::text, "CreatedAt" FROM "PortalEvents" ORDER BY "Id" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync()) rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        return rows;
    }

    /// <summary>One portal instance's bus: its own service provider and hosted listener, as the app wires them.</summary>
    private sealed class Instance(ServiceProvider services) : IAsyncDisposable
    {
        public IPortalEvents Bus => services.GetRequiredService<IPortalEvents>();
        public PostgresEventListener Listener => services.GetRequiredService<PostgresEventListener>();
        public T Get<T>() where T : notnull => services.GetRequiredService<T>();

        public static async Task<Instance> StartAsync(string database, string name, TimeSpan? reconnectDelay = null, TimeProvider? clock = null, TimeSpan? pruneEvery = null)
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Portal"] = database,
                ["Events:ListenerName"] = name,
                ["Events:KeepAlive"] = "00:00:01",
                ["Events:ReconnectDelay"] = (reconnectDelay ?? TimeSpan.FromMilliseconds(200)).ToString(),
                ["Events:PruneEvery"] = (pruneEvery ?? TimeSpan.FromMinutes(10)).ToString(),
            }).Build();
            var services = new ServiceCollection().AddLogging().AddSingleton(clock ?? TimeProvider.System);
            services.AddPortalEvents(config);
            services.AddSingleton<SessionRevocations>().AddSingleton<SecurityStampRotations>();
            var provider = services.BuildServiceProvider();
            foreach (var hosted in provider.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);
            return new Instance(provider);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var hosted in services.GetServices<IHostedService>()) await hosted.StopAsync(CancellationToken.None);
            await services.DisposeAsync();
        }
    }

    /// <summary>A plain LISTEN on the bus's channel, to see what NOTIFY carries.</summary>
    private sealed class NotifySpy(NpgsqlConnection connection) : IDisposable
    {
        private readonly ConcurrentQueue<string> payloads = new();

        public static async Task<NotifySpy> ListenAsync(string database)
        {
            var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            var spy = new NotifySpy(connection);
            connection.Notification += (_, n) => spy.payloads.Enqueue(n.Payload);
            await using var command = new NpgsqlCommand($"LISTEN {PostgresEventTable.Channel}", connection);
            await command.ExecuteNonQueryAsync();
            return spy;
        }

        public async Task<List<string>> TakeAsync(int count)
        {
            var deadline = DateTime.UtcNow + Wait;
            while (payloads.Count < count && DateTime.UtcNow < deadline) await connection.WaitAsync(TimeSpan.FromMilliseconds(200));
            return [.. payloads];
        }

        public void Dispose() => connection.Dispose();
    }
}
