using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.TwoFactor;

/// <summary>The fresh-proof rule itself, on a real SQLite file and a fake clock: which session, which person, how long.</summary>
public sealed class FreshProofRuleTests : IAsyncLifetime
{
    private AuthenticatorTestHost host = null!;
    private FreshProof Fresh => host.Services.GetRequiredService<FreshProof>();
    private DateTimeOffset Now => host.Clock.GetUtcNow();

    public async Task InitializeAsync() => host = await AuthenticatorTestHost.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task AProof_LastsUpToButNotIncludingFifteenMinutes()
    {
        var sessionId = await host.SessionAsync();

        host.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1));
        Assert.True(await Fresh.IsFreshAsync(host.UserId, sessionId));
        host.Clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(await Fresh.IsFreshAsync(host.UserId, sessionId));
        Assert.Equal(TimeSpan.FromMinutes(15), Fresh.MaxAge);
    }

    [Fact]
    public async Task ConfirmItsYou_MakesAnOldSessionFreshAgain_ButOnlyForItsOwnPerson()
    {
        var other = await host.CreateUserAsync("other@demo.test");
        var sessionId = await FreshSessions.CreateAsync(host.Db, host.UserId, Now, age: TimeSpan.FromHours(1));
        Assert.False(await Fresh.IsFreshAsync(host.UserId, sessionId));

        await Fresh.MarkAsync(other, sessionId);
        Assert.False(await Fresh.IsFreshAsync(host.UserId, sessionId));
        Assert.False(await Fresh.IsFreshAsync(other, sessionId));

        await Fresh.MarkAsync(host.UserId, sessionId);
        Assert.True(await Fresh.IsFreshAsync(host.UserId, sessionId));
        Assert.False(await Fresh.IsFreshAsync(other, sessionId));
    }

    [Fact]
    public async Task ARememberedBrowserSession_OrNoSession_IsNeverFresh()
    {
        var remembered = await FreshSessions.RememberedBrowserAsync(host.Db, host.UserId, Now);
        var fresh = await host.SessionAsync();

        Assert.False(await Fresh.IsFreshAsync(host.UserId, remembered));
        Assert.False(await Fresh.IsFreshAsync(host.UserId, null));
        Assert.False(await Fresh.IsFreshAsync(host.UserId, ""));
        Assert.False(await Fresh.IsFreshAsync("", fresh));
        Assert.True(await Fresh.IsFreshAsync(host.UserId, fresh));
        Assert.False(FreshProof.SignInProves(FreshProof.RememberedBrowserMethod));
        Assert.True(FreshProof.SignInProves("pwd"));
        Assert.True(FreshProof.SignInProves("pwd+otp"));
    }
}
