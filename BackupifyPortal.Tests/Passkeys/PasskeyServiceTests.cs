using BackupifyPortal.Features.Operations;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Passkeys;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Tests.TwoFactor;
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
        var add = await registration.AddAsync(userId, "no-such-session", Guid.NewGuid(), "{}", "Laptop");
        Assert.Equal(PasskeyChangeOutcome.NeedsFreshProof, add.Outcome);
        var remove = await registration.RemoveAsync(userId, "no-such-session", "AAAA");
        Assert.Equal(PasskeyChangeOutcome.NeedsFreshProof, remove.Outcome);
        Assert.Equal(PasskeyChangeOutcome.Invalid, (await registration.AddAsync(userId, null, Guid.NewGuid(), "{}", " ")).Outcome);
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

    [Fact]
    public async Task RemovingTheLastPasskey_IsRefusedWhileTheOrganisationRequires2fa_OtherwiseOnlyOnceConfirmed()
    {
        var registration = Get<PasskeyRegistration>();
        var (userId, id) = await PersonWithPasskeyAsync("Lena Last");
        var session = await FreshSessions.CreateAsync(app.Services, userId);

        Assert.Equal(LastFactorVerdict.NeedsConfirmation, await registration.PreviewRemovalAsync(userId));
        var unconfirmed = await registration.RemoveAsync(userId, session, id);
        Assert.Equal(PasskeyChangeOutcome.LastFactorNeedsConfirmation, unconfirmed.Outcome);
        Assert.Equal(LastFactorRule.ConfirmQuestion, unconfirmed.Message);
        Assert.Single(await registration.ListAsync(userId));

        await RequireTwoFactorAsync(userId);
        Assert.Equal(LastFactorVerdict.RequiredByOrganisation, await registration.PreviewRemovalAsync(userId));
        var required = await registration.RemoveAsync(userId, session, id, confirmLastFactor: true);
        Assert.Equal(PasskeyChangeOutcome.LastFactorRequired, required.Outcome);
        Assert.Equal(LastFactorRule.Required, required.Message);
        Assert.Single(await registration.ListAsync(userId));

        // Another factor staying lets it go without a question, even while 2FA is required.
        await using (var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.Factors.Add(FactorRows.Phone(userId, "+12015550177", PhoneState.Verified));
            await db.SaveChangesAsync();
        }
        Assert.Equal(LastFactorVerdict.Allowed, await registration.PreviewRemovalAsync(userId));
        Assert.True((await registration.RemoveAsync(userId, session, id)).Succeeded);
        Assert.Empty(await registration.ListAsync(userId));
    }

    [Fact]
    public async Task RemovingTheLastPasskey_Confirmed_WithoutAnOrganisationRule_Goes()
    {
        var registration = Get<PasskeyRegistration>();
        var (userId, id) = await PersonWithPasskeyAsync("Cora Confirmed");
        var session = await FreshSessions.CreateAsync(app.Services, userId);

        Assert.True((await registration.RemoveAsync(userId, session, id, confirmLastFactor: true)).Succeeded);
        Assert.Empty(await registration.ListAsync(userId));
    }

    [Fact]
    public async Task APasskeyOnlyPerson_ConfirmsItsYouWithThePasskey_NotThePassword_AndARefusedAssertionProvesNothing()
    {
        var confirmation = Get<IdentityConfirmation>();
        var (userId, _) = await PersonWithPasskeyAsync("Paula Passkey");
        var session = await FreshSessions.CreateAsync(Get<IDbContextFactory<PortalDbContext>>(), userId, app.Clock!.GetUtcNow(), TimeSpan.FromMinutes(16));

        Assert.Equal([ConfirmationMethod.Passkey], await confirmation.MethodsForAsync(userId));
        var byPassword = await confirmation.WithPasswordAsync(session, userId, DemoPeople.Password);
        Assert.Equal(ConfirmationOutcome.NotAllowed, byPassword.Outcome);

        var challenge = await confirmation.BeginPasskeyAsync(userId);
        Assert.NotNull(challenge);
        Assert.Contains("allowCredentials", challenge.OptionsJson);
        var forged = await confirmation.WithPasskeyAsync(session, userId, challenge.CeremonyId, $"{{\"id\":\"{Guid.NewGuid():N}\"}}");
        Assert.Equal(ConfirmationOutcome.Wrong, forged.Outcome);
        Assert.False(await Get<FreshProof>().IsFreshAsync(userId, session));
        Assert.Equal(1, (await Get<ISecondFactorLockout>().GetAsync(userId)).ConsecutiveFailures);

        // A person with no factor at all still confirms with the password, and is offered no passkey.
        var plain = await FreshPeople.CreateAsync(app, "Nora None");
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var plainId = await db.Users.Where(u => u.Email == plain).Select(u => u.Id).SingleAsync();
        Assert.Equal([ConfirmationMethod.Password], await confirmation.MethodsForAsync(plainId));
        Assert.Null(await confirmation.BeginPasskeyAsync(plainId));
    }

    [Fact]
    public async Task RefusedPasskeys_AtTwoFactorLogIn_CountOnTheSharedSecondFactorLockout_WithConfirmItsYou()
    {
        var signIn = Get<SecondFactorSignIn>();
        var lockout = Get<ISecondFactorLockout>();
        var limit = Get<Microsoft.Extensions.Options.IOptions<TwoFactorOptions>>().Value.FailuresBeforeLockout;
        var (userId, _) = await PersonWithPasskeyAsync("Lena Lockout");
        var attemptId = await Get<ISignInAttempts>().StartAsync(userId, "lockout-browser", null);
        var forged = $"{{\"id\":\"{Guid.NewGuid():N}\"}}";

        // All but one of the allowed failures at Two Factor Log In ("Use a passkey"), each a refused assertion.
        for (var i = 1; i < limit; i++)
        {
            var challenge = await signIn.BeginPasskeyAsync(attemptId, "lockout-browser");
            Assert.NotNull(challenge);
            var refused = await signIn.VerifyPasskeyAsync(attemptId, "lockout-browser", challenge.CeremonyId, forged, rememberBrowser: false);
            Assert.Equal(SecondFactorStatus.Refused, refused.Status);
            Assert.Equal(i, (await lockout.GetAsync(userId)).ConsecutiveFailures);
        }

        // The same counter as "Confirm it's you": its one refused passkey is the failure that locks.
        var session = await FreshSessions.CreateAsync(Get<IDbContextFactory<PortalDbContext>>(), userId, app.Clock!.GetUtcNow(), TimeSpan.FromMinutes(16));
        var confirmation = Get<IdentityConfirmation>();
        var reauth = await confirmation.BeginPasskeyAsync(userId);
        Assert.NotNull(reauth);
        await confirmation.WithPasskeyAsync(session, userId, reauth.CeremonyId, forged);
        Assert.True((await lockout.GetAsync(userId)).IsLocked(app.Clock.GetUtcNow()));

        // Locked, Two Factor Log In refuses the passkey without checking it: the ceremony is left unclaimed.
        var locked = await signIn.BeginPasskeyAsync(attemptId, "lockout-browser");
        Assert.NotNull(locked);
        var whileLocked = await signIn.VerifyPasskeyAsync(attemptId, "lockout-browser", locked.CeremonyId, forged, rememberBrowser: false);
        Assert.Equal(SecondFactorStatus.Refused, whileLocked.Status);
        Assert.True(whileLocked.Check!.IsLocked(app.Clock.GetUtcNow()));
        Assert.Equal(limit, (await lockout.GetAsync(userId)).ConsecutiveFailures);
        Assert.NotNull(await Get<PasskeyCeremonies>().ClaimAsync(locked.CeremonyId, PasskeyCeremonies.SecondFactor, userId, "lockout-browser"));
    }

    private async Task<(string UserId, string PasskeyId)> PersonWithPasskeyAsync(string name)
    {
        var email = await FreshPeople.CreateAsync(app, name);
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var credentialId = Guid.NewGuid().ToByteArray(); // the credential id is the table's key
        db.UserPasskeys.Add(new Microsoft.AspNetCore.Identity.IdentityUserPasskey<string>
        {
            UserId = userId, CredentialId = credentialId,
            Data = new Microsoft.AspNetCore.Identity.IdentityPasskeyData { Name = "Desk key", PublicKey = [5], CreatedAt = DateTimeOffset.UtcNow, AttestationObject = [], ClientDataJson = [] },
        });
        await db.SaveChangesAsync();
        return (userId, Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(credentialId));
    }

    private async Task RequireTwoFactorAsync(string userId)
    {
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var org = new Organization { Id = Guid.NewGuid(), Name = $"Strict {Guid.NewGuid():N}", RequireTwoFactor = true, RequireTwoFactorSince = app.Clock!.GetUtcNow() };
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganizationId, org.Id));
    }
}
