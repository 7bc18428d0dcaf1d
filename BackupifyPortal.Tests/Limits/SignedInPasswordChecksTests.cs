using BackupifyPortal.Features.Operations;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.Passwords;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Limits;

/// <summary>Issue 14: the password checks of Change password and "Confirm it's you" count toward the account's cap and respect its waits.</summary>
public class SignedInPasswordChecksTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    private const string Home = "192.0.2.44";

    [Fact]
    public async Task ChangePassword_WrongCurrentAtTheHundredth_ReachesTheCap_SoSignInRefusesThePasswordAlone()
    {
        TestClient.Enter(Home);
        var (userId, email) = await PersonAsync("change.cap");
        await SetTotalAsync(userId, 99);

        var result = await app.Services.GetRequiredService<IPasswordChange>().ChangeAsync(new PasswordChangeRequest(userId, "not-my-password", "amber violet tunnel cobbler", "amber violet tunnel cobbler"));

        Assert.Equal(PasswordChange.LockedMessage, result.CurrentError);
        Assert.Equal(PasswordCheckResult.LockedUntilReset, await SignInAsync(email, DemoPeople.Password));
    }

    [Fact]
    public async Task ConfirmItsYou_WrongPasswordAtTheHundredth_ReachesTheCap_SoSignInRefusesThePasswordAlone()
    {
        TestClient.Enter(Home);
        var (userId, email) = await PersonAsync("confirm.cap");
        await SetTotalAsync(userId, 99);

        var result = await app.Services.GetRequiredService<IdentityConfirmation>().WithPasswordAsync(Guid.NewGuid().ToString("N"), userId, "not-my-password");

        Assert.Equal(ConfirmationOutcome.Locked, result.Outcome);
        Assert.Equal(PasswordCheckResult.LockedUntilReset, await SignInAsync(email, DemoPeople.Password));
    }

    [Fact]
    public async Task ChangePassword_WhileSignInWaitsForThisAddress_RefusesEvenTheRightCurrentPassword()
    {
        TestClient.Enter(Home);
        var (userId, email) = await PersonAsync("change.wait");
        for (var i = 0; i < 5; i++) await SignInAsync(email, $"wrong-{i}-password");

        var result = await app.Services.GetRequiredService<IPasswordChange>().ChangeAsync(new PasswordChangeRequest(userId, DemoPeople.Password, "amber violet tunnel cobbler", "amber violet tunnel cobbler"));

        Assert.Equal(PasswordChange.LockedMessage, result.CurrentError);
    }

    private async Task<PasswordCheckResult> SignInAsync(string email, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ClientContext>().Set(Home);
        return await scope.ServiceProvider.GetRequiredService<IPasswordSignIn>().CheckAsync(email, password, new BrowserSnapshot("binding", null), null);
    }

    private async Task SetTotalAsync(string userId, int count)
    {
        await using var db = await app.CreateDbContextAsync();
        db.AttemptCounters.Add(new AttemptCounter { Kind = CounterKinds.PasswordTotal, Key = CounterKinds.Account(userId), Count = count, WindowStart = app.Clock!.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    private async Task<(string UserId, string Email)> PersonAsync(string name)
    {
        var email = await FreshPeople.CreateAsync(app, name);
        return (await HttpSignIn.UserIdAsync(app, email), email);
    }
}
