using BackupifyPortal.Data;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Tests.Phone;
using Microsoft.Extensions.Time.Testing;

namespace BackupifyPortal.Tests.Postgres;

/// <summary>
/// Rules that SQLite's single writer made safe, under parallel calls on PostgreSQL's READ COMMITTED: the limiter counts
/// exactly, send caps let through exactly the cap, a TOTP step is claimed once.
/// </summary>
public class PostgresConcurrencyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Limiter_FortyParallelTakes_OnlyTheBurstRuns_AndTheWaitLandsOnTheFifth()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var limiter = new AttemptLimiter(database, new FakeTimeProvider(Start));
        var rule = new LimitRule("test.grow", 5, TimeSpan.FromMinutes(1)) { Growth = 2, MaxWait = TimeSpan.FromMinutes(10) };

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => limiter.TryTakeAsync(rule, "k"))));

        var taken = results.Where(r => r.Taken).ToList();
        Assert.Equal([1, 2, 3, 4, 5], taken.Select(r => r.State.Count).Order());
        Assert.Equal(Start + TimeSpan.FromMinutes(1), taken.Single(r => r.State.Count == 5).State.BlockedUntil);
        Assert.All(results.Where(r => !r.Taken), r => Assert.Equal(TimeSpan.FromMinutes(1), r.State.Remaining(Start)));
        Assert.Equal(5, (await limiter.GetAsync(rule, "k")).Count);
    }

    [Fact]
    public async Task Limiter_ThirtyParallelCounts_AreEachCounted_AndEveryFifthWaits_AndTheHardLockHolds()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var limiter = new AttemptLimiter(database, new FakeTimeProvider(Start));
        var codes = new LimitRule("test.codes", 5, TimeSpan.FromMinutes(5)) { RepeatEveryBurst = true, HardLockAt = 30 };

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => limiter.CountAsync(codes, "k"))));

        Assert.Equal(Enumerable.Range(1, 30), results.Select(r => r.Count).Order());
        Assert.All(results.Where(r => r.Count % 5 == 0 && r.Count < 30), r => Assert.Equal(Start + TimeSpan.FromMinutes(5), r.BlockedUntil));
        Assert.All(results.Where(r => r.Count < 5), r => Assert.Null(r.BlockedUntil));
        Assert.True((await limiter.GetAsync(codes, "k")).HardLocked);
    }

    [Fact]
    public async Task Sends_InParallelFromManyPeople_PassTheGlobalCapExactly()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await using var host = await PhoneTestHost.StartAsync(new() { ["Phone:MaxSendsTotalPerWindow"] = "3" }, postgres: database);
        var people = new List<string>();
        for (var i = 0; i < 12; i++) people.Add(await host.AddPersonAsync($"+4474001234{i:00}"));

        var results = await Task.WhenAll(people.Select((person, i) => Task.Run(() =>
        {
            TestClient.Enter($"198.51.100.{i}");
            return host.Codes.SendAsync(new CodeBinding(person, CodePurpose.SignIn, "x"), DeliveryChannel.Sms);
        })));

        Assert.Equal(3, results.Count(r => r.Status == SendCodeStatus.Sent));
        Assert.Equal(3, host.Sender.Messages.Count);
    }

    [Fact]
    public async Task Sends_InParallelForOnePerson_OnlyOnePassesTheCooldown()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await using var host = await PhoneTestHost.StartAsync(postgres: database);
        var person = await host.AddPersonAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => host.Codes.SendAsync(new CodeBinding(person, CodePurpose.SignIn, "x"), DeliveryChannel.Sms))));

        Assert.Single(results, r => r.Status == SendCodeStatus.Sent);
    }

    [Fact]
    public async Task TotpStep_ClaimedInParallel_IsClaimedOnce()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await database.AddUserAsync("u1");
        await using (var db = database.CreateDbContext())
        {
            db.TwoFactorProfiles.Add(new TwoFactorProfile { UserId = "u1", LastTotpStep = 100 });
            await db.SaveChangesAsync();
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            await using var db = database.CreateDbContext();
            return await TotpStepClaim.TryClaimAsync(db, "u1", 101, CancellationToken.None);
        })));

        Assert.Single(claims, c => c);
    }
}
