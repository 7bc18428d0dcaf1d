using BackupifyPortal.Features.Limits;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace BackupifyPortal.Tests.Limits;

/// <summary>The limiter on a real SQLite file: one statement per count, so parallel calls cannot outrun a limit.</summary>
public class AttemptLimiterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Start);
    private readonly LimitRule growing = new("test.grow", 5, TimeSpan.FromMinutes(1)) { Growth = 2, MaxWait = TimeSpan.FromMinutes(10) };
    private SqliteTestDatabase db = default!;
    private AttemptLimiter limiter = default!;

    public async Task InitializeAsync()
    {
        db = await SqliteTestDatabase.CreateAsync();
        limiter = new AttemptLimiter(db, clock);
    }

    public Task DisposeAsync() => db.DisposeAsync().AsTask();

    [Fact]
    public async Task ThirtyParallelTakes_OnlyTheBurstRuns_AndTheWaitLandsOnTheFifth()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => limiter.TryTakeAsync(growing, "k"))));

        var taken = results.Where(r => r.Taken).ToList();
        Assert.Equal([1, 2, 3, 4, 5], taken.Select(r => r.State.Count).Order());
        Assert.All(taken.Where(r => r.State.Count < 5), r => Assert.Null(r.State.BlockedUntil));
        Assert.Equal(Start + TimeSpan.FromMinutes(1), taken.Single(r => r.State.Count == 5).State.BlockedUntil);
        Assert.All(results.Where(r => !r.Taken), r => Assert.Equal(TimeSpan.FromMinutes(1), r.State.Remaining(Start)));
        Assert.Equal(5, (await limiter.GetAsync(growing, "k")).Count);
    }

    [Fact]
    public async Task TenParallelCounts_AreAllCounted_AndEveryFifthStartsTheWait()
    {
        var codes = new LimitRule("test.codes", 5, TimeSpan.FromMinutes(5)) { RepeatEveryBurst = true, HardLockAt = 100 };

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => limiter.CountAsync(codes, "k"))));

        Assert.Equal(Enumerable.Range(1, 10), results.Select(r => r.Count).Order());
        Assert.All(results.Where(r => r.Count is 5 or 10), r => Assert.Equal(Start + TimeSpan.FromMinutes(5), r.BlockedUntil));
        Assert.All(results.Where(r => r.Count < 5), r => Assert.Null(r.BlockedUntil));
        Assert.True((await limiter.GetAsync(codes, "k")).IsBlocked(Start));
    }

    [Fact]
    public async Task Waits_DoubleAfterTheBurst_UpToTheMaximum()
    {
        for (var i = 0; i < 4; i++) Assert.Null((await limiter.TryTakeAsync(growing, "k")).State.BlockedUntil);
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            var take = await limiter.TryTakeAsync(growing, "k");
            Assert.True(take.Taken);
            var wait = take.State.Remaining(clock.GetUtcNow());
            waits.Add(wait);
            Assert.False((await limiter.TryTakeAsync(growing, "k")).Taken);
            clock.Advance(wait);
        }

        Assert.Equal(new[] { 1, 2, 4, 8, 10, 10 }.Select(m => TimeSpan.FromMinutes(m)), waits);
    }

    [Fact]
    public async Task HardLock_LastsUntilCleared()
    {
        var codes = new LimitRule("test.codes", 5, TimeSpan.FromMinutes(5)) { RepeatEveryBurst = true, HardLockAt = 7 };
        for (var i = 0; i < 7; i++) await limiter.CountAsync(codes, CounterKinds.Account("u1"));

        Assert.True((await limiter.GetAsync(codes, CounterKinds.Account("u1"))).HardLocked);
        Assert.Equal(1, await limiter.ClearAccountAsync("u1"));
        Assert.Equal(CounterState.Empty, await limiter.GetAsync(codes, CounterKinds.Account("u1")));
    }

    [Fact]
    public async Task Window_FailuresOlderThanItStopCounting()
    {
        var windowed = new LimitRule("test.window", 3, TimeSpan.FromMinutes(15)) { Window = TimeSpan.FromMinutes(15) };
        await limiter.CountAsync(windowed, "ip:1");
        await limiter.CountAsync(windowed, "ip:1");
        clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(0, (await limiter.GetAsync(windowed, "ip:1")).Count);
        Assert.Equal(1, (await limiter.CountAsync(windowed, "ip:1")).Count);
    }

    [Fact]
    public async Task Counters_LiveInTheirTable_KeyedByKindAndKey()
    {
        await limiter.CountAsync(growing, "k");
        await limiter.ResetAsync(growing.Kind, "k");
        await limiter.CountAsync(growing, "k2");

        await using var context = db.CreateDbContext();
        Assert.Equal(["k2"], await context.AttemptCounters.Select(c => c.Key).ToListAsync());
    }
}
