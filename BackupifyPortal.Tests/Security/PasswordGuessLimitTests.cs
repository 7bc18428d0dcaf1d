using BackupifyPortal.Features.Audit;
using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Security;

/// <summary>NIST 800-63B: no more than 100 consecutive failed passwords per account, however slowly they are spread out.</summary>
public class PasswordGuessLimitTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    private static readonly BrowserSnapshot Guesser = new("binding", "198.51.100.9", null);

    [Fact]
    public async Task HundredthWrongPassword_LocksTheAccountUntilAReset_EvenTheRightPasswordIsRefused()
    {
        var (userId, email) = await PersonAsync("slow.guess");
        // 99 wrong passwords spread over past weeks, each lockout long over.
        await PastFailuresAsync(userId, null, 99);

        Assert.Equal(PasswordOutcome.Failed, (await CheckAsync(email, "guess-number-100")).Outcome);
        var locked = await CheckAsync(email, DemoPeople.Password);

        Assert.Equal(PasswordCheckResult.LockedUntilReset, locked);
    }

    [Fact]
    public async Task AnAdminReset_LiftsTheLock()
    {
        var (userId, email) = await PersonAsync("reset.guess");
        await PastFailuresAsync(userId, null, 100);
        Assert.Equal(PasswordCheckResult.LockedUntilReset, await CheckAsync(email, DemoPeople.Password));

        await app.Services.GetRequiredService<BackupifyPortal.Features.Audit.IAuditLog>().WriteAsync(AuditEventTypes.TwoFactorReset, userId, "by admin; reason: locked out");
        app.Clock!.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(email, DemoPeople.Password)).Outcome);
    }

    [Fact]
    public async Task ARightPasswordInBetween_StartsTheCountAgain()
    {
        var (userId, email) = await PersonAsync("mixed.guess");
        await PastFailuresAsync(userId, null, 60);
        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(email, DemoPeople.Password)).Outcome);
        var signedIn = app.Clock!.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromDays(2));
        await FailuresFromAsync(userId, null, 60, signedIn + TimeSpan.FromMinutes(1));

        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(email, DemoPeople.Password)).Outcome);
    }

    [Fact]
    public async Task UnknownEmail_ReachesTheSameLockWithTheSameAnswer()
    {
        var email = $"nobody.{Guid.NewGuid():N}@demo.test";
        await PastFailuresAsync(null, UnknownAccountLockout.AuditDetail(email), 100);

        Assert.Equal(PasswordCheckResult.LockedUntilReset, await CheckAsync(email, DemoPeople.Password));
    }

    private async Task<PasswordCheckResult> CheckAsync(string email, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPasswordSignIn>().CheckAsync(email, password, Guesser, null);
    }

    /// <summary>Failed passwords every 10 minutes from 30 days ago: each one long past its 5-minute lockout.</summary>
    private Task PastFailuresAsync(string? userId, string? detail, int count) =>
        FailuresFromAsync(userId, detail, count, app.Clock!.GetUtcNow() - TimeSpan.FromDays(30));

    private async Task FailuresFromAsync(string? userId, string? detail, int count, DateTimeOffset start)
    {
        await using var db = await app.CreateDbContextAsync();
        for (var i = 0; i < count; i++)
            db.AuditEvents.Add(new AuditEvent { Type = AuditEventTypes.SignInPasswordFailed, UserId = userId, Detail = detail, IpAddress = $"203.0.113.{i % 250}", At = start + TimeSpan.FromMinutes(i * 10) });
        await db.SaveChangesAsync();
    }

    /// <summary>A person of their own for the test (FreshPeople), so no demo sign-in changes.</summary>
    private async Task<(string UserId, string Email)> PersonAsync(string name)
    {
        var email = await Browser.TwoFactor.FreshPeople.CreateAsync(app, name);
        return (await HttpSignIn.UserIdAsync(app, email), email);
    }
}
