using BackupifyPortal.Features.Operations;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Security;

/// <summary>NIST 800-63B: no more than 100 consecutive failed passwords per account; past them the password alone never signs in.</summary>
public class PasswordGuessLimitTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    private const string Guesser = "198.51.100.9";
    private const string Home = "192.0.2.20";

    [Fact]
    public async Task HundredthWrongPassword_StopsThePasswordAloneSigningIn_EvenFromAnAddressTheOwnerUsed()
    {
        var (userId, email) = await PersonAsync("slow.guess");
        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(email, DemoPeople.Password, Home)).Outcome);
        // 99 wrong passwords spread over past weeks, each wait long over.
        await SetTotalAsync(CounterKinds.Account(userId), 99);

        Assert.Equal(PasswordCheckResult.LockedUntilReset, await CheckAsync(email, "guess-number-100", Guesser));
        Assert.Equal(PasswordCheckResult.LockedUntilReset, await CheckAsync(email, DemoPeople.Password, Home));
    }

    [Fact]
    public async Task AnAdminUnlock_LiftsTheCap_AndTheRightPasswordSignsInAgain()
    {
        var (userId, email) = await PersonAsync("reset.guess", DemoPeople.Admin);
        await SetTotalAsync(CounterKinds.Account(userId), 100);
        Assert.Equal(PasswordCheckResult.LockedUntilReset, await CheckAsync(email, DemoPeople.Password, Home));

        var adminId = await HttpSignIn.UserIdAsync(app, DemoPeople.Admin);
        TestClient.Enter("192.0.2.1");
        Assert.Equal(UnlockOutcome.Done, await app.Services.GetRequiredService<AccountUnlock>().UnlockAsync(adminId, userId));

        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(email, DemoPeople.Password, Home)).Outcome);
    }

    [Fact]
    public async Task ARightPasswordInBetween_StartsTheCountAgain()
    {
        var (userId, email) = await PersonAsync("mixed.guess");
        await SetTotalAsync(CounterKinds.Account(userId), 60);
        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(email, DemoPeople.Password, Home)).Outcome);
        await using (var db = await app.CreateDbContextAsync())
            Assert.False(await db.AttemptCounters.AnyAsync(c => c.Kind == CounterKinds.PasswordTotal && c.Key == CounterKinds.Account(userId)));
        await SetTotalAsync(CounterKinds.Account(userId), 60);

        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(email, DemoPeople.Password, Home)).Outcome);
    }

    [Fact]
    public async Task UnknownEmail_ReachesTheSameCapWithTheSameAnswer()
    {
        var email = $"nobody.{Guid.NewGuid():N}@demo.test";
        await SetTotalAsync(app.Services.GetRequiredService<PasswordAttempts>().ForUnknownEmail(email).Key, 99);

        Assert.Equal(PasswordCheckResult.LockedUntilReset, await CheckAsync(email, DemoPeople.Password, Guesser));
    }

    private async Task<PasswordCheckResult> CheckAsync(string email, string password, string ip)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ClientContext>().Set(ip);
        return await scope.ServiceProvider.GetRequiredService<IPasswordSignIn>().CheckAsync(email, password, new BrowserSnapshot("binding", null), null);
    }

    private async Task SetTotalAsync(string key, int count)
    {
        await using var db = await app.CreateDbContextAsync();
        await db.AttemptCounters.Where(c => c.Kind == CounterKinds.PasswordTotal && c.Key == key).ExecuteDeleteAsync();
        db.AttemptCounters.Add(new AttemptCounter { Kind = CounterKinds.PasswordTotal, Key = key, Count = count, WindowStart = app.Clock!.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    /// <summary>A person of their own for the test (FreshPeople), so no demo sign-in changes; optionally in an admin's organisation.</summary>
    private async Task<(string UserId, string Email)> PersonAsync(string name, string? organisationOf = null)
    {
        var email = await Browser.TwoFactor.FreshPeople.CreateAsync(app, name);
        var userId = await HttpSignIn.UserIdAsync(app, email);
        if (organisationOf is not null)
        {
            await using var db = await app.CreateDbContextAsync();
            var org = await db.Users.Where(u => u.Email == organisationOf).Select(u => u.OrganizationId).SingleAsync();
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganizationId, org));
        }
        return (userId, email);
    }
}
