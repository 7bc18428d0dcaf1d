using System.Net;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Postgres;

/// <summary>
/// Two instances of the real app (each its own host and DI wiring) on one PostgreSQL database: every limit counts in the
/// database, so tries that alternate between instances, or race on both at once, are counted together.
/// </summary>
public class LimiterAcrossInstancesTests
{
    [Fact]
    public async Task Limiter_FortyParallelTakesSpreadOverTwoInstances_OnlyTheBurstRuns_AndBothSeeTheWait()
    {
        var (one, two, database) = await TwoInstancesAsync();
        await using var _ = database;
        await using var __ = one;
        await using var ___ = two;
        var limiters = new[] { one, two }.Select(app => app.Services.GetRequiredService<AttemptLimiter>()).ToArray();
        var rule = new LimitRule("test.cross-instance", 5, TimeSpan.FromMinutes(1)) { Growth = 2, MaxWait = TimeSpan.FromMinutes(10) };

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => limiters[i % 2].TryTakeAsync(rule, "acct:pat"))));

        Assert.Equal([1, 2, 3, 4, 5], results.Where(r => r.Taken).Select(r => r.State.Count).Order());
        foreach (var limiter in limiters)
        {
            Assert.False((await limiter.TryTakeAsync(rule, "acct:pat")).Taken);
            Assert.Equal(5, (await limiter.GetAsync(rule, "acct:pat")).Count);
        }
    }

    [Fact]
    public async Task AccountEndpoint_TriesAlternatingBetweenTwoInstances_CountTogether()
    {
        var (one, two, database) = await TwoInstancesAsync();
        await using var _ = database;
        await using var __ = one;
        await using var ___ = two;
        using var onOne = TestBrowser.Open(one);
        using var onTwo = TestBrowser.Open(two);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 14; i++)
        {
            using var response = await (i % 2 == 0 ? onOne : onTwo).PostTicketAsync("forged");
            statuses.Add(response.StatusCode);
        }

        // 10 a minute from this address in all: 5 on each instance, then both refuse.
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.All(statuses.Skip(10), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    private static async Task<(PortalAppFactory One, PortalAppFactory Two, PostgresTestDatabase Database)> TwoInstancesAsync()
    {
        var database = await PostgresTestDatabase.CreateAsync(migrate: false);
        var settings = new Dictionary<string, string?>(database.AppSettings()) { ["Demo:Seed"] = "false", ["SignIn:AccountRequestsPerMinute"] = "10" };
        var one = new PortalAppFactory(settings: settings);
        var two = new PortalAppFactory(settings: settings);
        await Task.WhenAll(Task.Run(() => one.Services), Task.Run(() => two.Services));
        return (one, two, database);
    }
}
