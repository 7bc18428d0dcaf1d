using BackupifyPortal.Features.Operations;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Passkeys;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Passkeys;

/// <summary>The passkey rules that need no authenticator: single-use ceremonies, limits on failed assertions, fresh proof.</summary>
public class PasskeyServiceTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    private T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    [Fact]
    public async Task Ceremony_IsClaimedOnce_OnlyByItsBrowser_AndNotAfterItExpires()
    {
        var ceremonies = Get<PasskeyCeremonies>();
        var id = await ceremonies.StartAsync(PasskeyCeremonies.SignIn, null, "browser-a", "state-1");

        Assert.Null(await ceremonies.ClaimAsync(id, PasskeyCeremonies.SignIn, null, "browser-b"));
        Assert.Null(await ceremonies.ClaimAsync(id, PasskeyCeremonies.SecondFactor, null, "browser-a"));
        Assert.Equal("state-1", await ceremonies.ClaimAsync(id, PasskeyCeremonies.SignIn, null, "browser-a"));
        Assert.Null(await ceremonies.ClaimAsync(id, PasskeyCeremonies.SignIn, null, "browser-a"));

        var late = await ceremonies.StartAsync(PasskeyCeremonies.SignIn, null, "browser-a", "state-2");
        app.Clock!.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Null(await ceremonies.ClaimAsync(late, PasskeyCeremonies.SignIn, null, "browser-a"));
    }

    [Fact]
    public async Task FailedPasskeySignIns_FromOneAddress_MakeItWait_WithoutCheckingFurtherPasskeys()
    {
        var signIn = Get<PasskeySignIn>();
        var browser = new BrowserSnapshot("limits-browser", null);
        CurrentClient.Enter(ClientAt("203.0.113.77"));
        for (var i = 1; i <= 9; i++)
        {
            var challenge = await signIn.BeginAsync(browser);
            Assert.Equal(PasskeySignInOutcome.Refused, (await signIn.CompleteAsync(challenge.CeremonyId, "{\"id\":\"AAAA\"}", browser)).Outcome);
        }
        var tenth = await signIn.BeginAsync(browser);
        Assert.Equal(PasskeySignInOutcome.Waiting, (await signIn.CompleteAsync(tenth.CeremonyId, "{\"id\":\"AAAA\"}", browser)).Outcome);
        var next = await signIn.BeginAsync(browser);
        var refused = await signIn.CompleteAsync(next.CeremonyId, "{\"id\":\"AAAA\"}", browser);
        Assert.Equal(PasskeySignInOutcome.Waiting, refused.Outcome);
        Assert.True(refused.Wait > TimeSpan.Zero);

        // Another address is not touched.
        var other = new BrowserSnapshot("limits-browser-2", null);
        CurrentClient.Enter(ClientAt("203.0.113.78"));
        var fresh = await signIn.BeginAsync(other);
        Assert.Equal(PasskeySignInOutcome.Refused, (await signIn.CompleteAsync(fresh.CeremonyId, "{\"id\":\"AAAA\"}", other)).Outcome);
    }

    [Fact]
    public async Task AddAndRemove_WithoutFreshProof_AreRefused_AndChangeNothing()
    {
        var registration = Get<PasskeyRegistration>();
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == DemoPeople.Direct).Select(u => u.Id).SingleAsync();

        Assert.Null(await registration.BeginAddAsync(userId, sessionId: null));
        var add = await registration.AddAsync(userId, "no-such-session", Guid.NewGuid(), "{}", "Laptop", "127.0.0.1");
        Assert.Equal(PasskeyChangeOutcome.NeedsFreshProof, add.Outcome);
        var remove = await registration.RemoveAsync(userId, "no-such-session", "AAAA", "127.0.0.1");
        Assert.Equal(PasskeyChangeOutcome.NeedsFreshProof, remove.Outcome);
        Assert.Equal(PasskeyChangeOutcome.Invalid, (await registration.AddAsync(userId, null, Guid.NewGuid(), "{}", " ", null)).Outcome);
        Assert.Empty(await registration.ListAsync(userId));
    }

    [Fact]
    public async Task SupportView_CountsTheCustomersPasskeys()
    {
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == DemoPeople.DirectClassic).Select(u => u.Id).SingleAsync();
        var supportId = await db.Users.Where(u => u.Email == DemoPeople.Support).Select(u => u.Id).SingleAsync();
        var support = Get<BackupifyPortal.Features.Support.SupportDirectory>();
        Assert.Equal(0, (await support.FindAsync(supportId, DemoPeople.DirectClassic))!.Passkeys);

        db.UserPasskeys.Add(new Microsoft.AspNetCore.Identity.IdentityUserPasskey<string>
        {
            UserId = userId, CredentialId = [1, 2, 3, 4],
            Data = new Microsoft.AspNetCore.Identity.IdentityPasskeyData { Name = "Desk key", PublicKey = [5], CreatedAt = DateTimeOffset.UtcNow, AttestationObject = [], ClientDataJson = [] },
        });
        await db.SaveChangesAsync();

        Assert.Equal(1, (await support.FindAsync(supportId, DemoPeople.DirectClassic))!.Passkeys);
    }

    private static ClientContext ClientAt(string address)
    {
        var client = new ClientContext();
        client.Set(address);
        return client;
    }
}
