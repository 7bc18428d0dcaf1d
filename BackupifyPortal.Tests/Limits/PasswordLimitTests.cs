using BackupifyPortal.Features.Operations;
using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Limits;

/// <summary>
/// Issue 14: strangers cannot lock an account for good, an address block catches no bystander, the answers do not tell
/// real accounts from unknown emails, and parallel tries cannot outrun a wait. The real password sign-in on a real SQLite file.
/// </summary>
public class PasswordLimitTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    private const string Wrong = "Wrong-Password-2026";

    [Fact]
    public async Task StrangersWrongPasswords_NeverRefuseTheOwnersRightPasswordFromAnAddressTheyHaveSignedInFrom()
    {
        var (_, email) = await PersonAsync("owner.home");
        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(email, DemoPeople.Password, "192.0.2.10")).Outcome);

        var answers = new List<PasswordOutcome>();
        for (var i = 0; i < 30; i++) answers.Add((await CheckAsync(email, Wrong, $"203.0.113.{i % 10 + 1}")).Outcome);

        Assert.Contains(PasswordOutcome.LockedOut, answers); // the strangers wait…
        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(email, DemoPeople.Password, "192.0.2.10")).Outcome); // …the owner does not
        Assert.Equal(PasswordOutcome.LockedOut, (await CheckAsync(email, DemoPeople.Password, "203.0.113.1")).Outcome);
    }

    [Fact]
    public async Task PersonWithASecondFactor_PastTheCapAndWhileStrangersWait_RightPasswordStillReachesTheSecondFactor_EvenOnARememberedBrowser()
    {
        var (userId, email) = await PersonAsync("owner.2fa", withPhone: true);
        for (var i = 0; i < 10; i++) await CheckAsync(email, Wrong, $"198.51.100.{i + 1}");
        await SetTotalFailuresAsync(userId, 100);

        var fromNewPlace = await CheckAsync(email, DemoPeople.Password, "192.0.2.77", rememberedUserId: userId);

        Assert.Equal(PasswordOutcome.NeedsSecondFactor, fromNewPlace.Outcome);
    }

    [Fact]
    public async Task ThirtyParallelWrongPasswords_OnlyFiveAreChecked_AllFiveCounted_AndTheWaitLandsAtTheFifth()
    {
        var (userId, email) = await PersonAsync("parallel.guess");

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => CheckAsync(email, Wrong, "198.51.100.200"))));

        // Each try is counted by its own statement, so at most four are told "wrong" and every other one is told to wait
        // (the order in which the per-address and per-account counts land decides whether the 4th sees the wait already).
        Assert.InRange(results.Count(r => r.Outcome == PasswordOutcome.Failed), 3, 4);
        Assert.Equal(30, results.Count(r => r.Outcome is PasswordOutcome.Failed or PasswordOutcome.LockedOut));
        Assert.All(results.Where(r => r.Outcome == PasswordOutcome.LockedOut), r => Assert.InRange(r.LockedFor!.Value, TimeSpan.FromSeconds(59), TimeSpan.FromMinutes(1)));
        Assert.Equal(5, await CountAsync(CounterKinds.PasswordTotal, CounterKinds.Account(userId)));
        Assert.Equal(5, await CountAsync(CounterKinds.PasswordAccount, CounterKinds.Account(userId)));
        Assert.Equal(PasswordOutcome.LockedOut, (await CheckAsync(email, DemoPeople.Password, "198.51.100.200")).Outcome);
    }

    [Fact]
    public async Task ReachingTheCap_TakesStrangersDaysOfGrowingWaits_AndTheOwnerIsEmailedWhenTheWaitsStart()
    {
        var (userId, email) = await PersonAsync("cap.slow");
        var started = app.Clock!.GetUtcNow();
        PasswordCheckResult last;
        var tries = 0;
        do
        {
            last = await CheckAsync(email, Wrong, $"203.0.113.{tries % 200 + 1}");
            tries++;
            if (last.LockedFor is { } wait) app.Clock.Advance(wait);
        }
        while (last != PasswordCheckResult.LockedUntilReset && tries < 200);

        Assert.Equal(100, tries);
        Assert.True(app.Clock.GetUtcNow() - started > TimeSpan.FromDays(3), $"cap reached after {app.Clock.GetUtcNow() - started}");
        // Past the cap the password alone never signs in: an admin unlock (which keeps the factors) lets it in again.
        Assert.Equal(PasswordCheckResult.LockedUntilReset, await CheckAsync(email, DemoPeople.Password, "192.0.2.10"));
        await app.Services.GetRequiredService<AttemptLimiter>().ClearAccountAsync(userId);
        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(email, DemoPeople.Password, "192.0.2.10")).Outcome);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.To == email && m.Text.Contains("wrong password")));
    }

    [Fact]
    public async Task AnAddressBlockedForSpraying_StillLetsInARightPasswordForAnAccountItHasNotBeenFailingOn()
    {
        const string office = "198.51.100.150";
        var (_, bystander) = await PersonAsync("behind.the.proxy");
        var (_, target) = await PersonAsync("sprayed.target");
        for (var i = 0; i < 99; i++) await CheckAsync($"spray-{i}.{Guid.NewGuid():N}@nowhere.test", Wrong, office);
        Assert.Equal(PasswordOutcome.Failed, (await CheckAsync(target, Wrong, office)).Outcome); // the 100th failure blocks the address

        Assert.Equal(PasswordOutcome.LockedOut, (await CheckAsync($"spray-more.{Guid.NewGuid():N}@nowhere.test", Wrong, office)).Outcome);
        Assert.Equal(PasswordOutcome.LockedOut, (await CheckAsync(target, DemoPeople.Password, office)).Outcome);
        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(bystander, DemoPeople.Password, office)).Outcome);
    }

    [Fact]
    public async Task UnknownEmailAndRealAccount_SameTriesAtTheSameTimes_GetTheSameAnswersAndWaits()
    {
        var (_, real) = await PersonAsync("enumerated");
        var unknown = $"nobody.{Guid.NewGuid():N}@demo.test";
        var realAnswers = new List<PasswordCheckResult>();
        var unknownAnswers = new List<PasswordCheckResult>();
        // Seven tries from one address, then two from another, with a minute (then four) passing between some of them.
        string[] addresses = ["198.51.100.31", "198.51.100.31", "198.51.100.31", "198.51.100.31", "198.51.100.31", "198.51.100.31", "198.51.100.31", "198.51.100.32", "198.51.100.32"];
        for (var i = 0; i < addresses.Length; i++)
        {
            realAnswers.Add(await CheckAsync(real, Wrong, addresses[i]));
            unknownAnswers.Add(await CheckAsync(unknown, Wrong, addresses[i].Replace(".3", ".4")));
            app.Clock!.Advance(TimeSpan.FromSeconds(i == 5 ? 240 : 20));
        }

        Assert.Equal(realAnswers, unknownAnswers);
        Assert.Equal([PasswordOutcome.Failed, PasswordOutcome.Failed, PasswordOutcome.Failed, PasswordOutcome.Failed, PasswordOutcome.LockedOut], realAnswers.Take(5).Select(a => a.Outcome));
        await using var db = await app.CreateDbContextAsync();
        Assert.False(await db.AttemptCounters.AnyAsync(c => c.Key.Contains(unknown) || c.Key.Contains(unknown.ToUpperInvariant())));
    }

    private async Task<PasswordCheckResult> CheckAsync(string email, string password, string ip, string? rememberedUserId = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ClientContext>().Set(ip);
        return await scope.ServiceProvider.GetRequiredService<IPasswordSignIn>().CheckAsync(email, password, new BrowserSnapshot("binding", rememberedUserId), null);
    }

    private async Task<int> CountAsync(string kind, string key)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.AttemptCounters.Where(c => c.Kind == kind && c.Key == key).Select(c => c.Count).SingleAsync();
    }

    private async Task SetTotalFailuresAsync(string userId, int count)
    {
        await using var db = await app.CreateDbContextAsync();
        var key = CounterKinds.Account(userId);
        await db.AttemptCounters.Where(c => c.Kind == CounterKinds.PasswordTotal && c.Key == key).ExecuteDeleteAsync();
        db.AttemptCounters.Add(new AttemptCounter { Kind = CounterKinds.PasswordTotal, Key = key, Count = count, WindowStart = app.Clock!.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    private async Task<(string UserId, string Email)> PersonAsync(string name, bool withPhone = false)
    {
        var email = await FreshPeople.CreateAsync(app, name);
        var userId = await HttpSignIn.UserIdAsync(app, email);
        if (withPhone)
        {
            await using var db = await app.CreateDbContextAsync();
            db.Factors.Add(FactorRows.Phone(userId, "+14155550123", PhoneState.Verified, verifiedAt: app.Clock!.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        return (userId, email);
    }
}
