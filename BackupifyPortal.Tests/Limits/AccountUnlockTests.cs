using BackupifyPortal.Features.Operations;
using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Consoles;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Limits;

/// <summary>Issue 14: an admin unlocks a person without wiping their factors; only an admin of their organisation may.</summary>
public class AccountUnlockTests : IAsyncLifetime
{
    private ConsoleWorld world = default!;
    private PortalUser admin = default!, otherAdmin = default!, support = default!, customer = default!;

    public async Task InitializeAsync()
    {
        world = await ConsoleWorld.CreateAsync();
        (admin, otherAdmin, support, customer) = await world.AddCastAsync();
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Unlock_ByTheOrganisationsAdmin_EndsEveryWaitAndTheCap_KeepsTheFactors_AndIsAudited()
    {
        await HoldAsync(customer.Id);
        Assert.True(await world.Get<AccountUnlock>().IsHeldAsync(admin.Id, customer.Id));

        TestClient.Enter("10.0.0.5");
        Assert.Equal(UnlockOutcome.Done, await world.Get<AccountUnlock>().UnlockAsync(admin.Id, customer.Id));

        Assert.False(await world.Get<AccountUnlock>().IsHeldAsync(admin.Id, customer.Id));
        Assert.False((await world.Get<BackupifyPortal.Features.TwoFactor.ISecondFactorLockout>().GetAsync(customer.Id)).IsLocked(world.Clock.GetUtcNow()));
        await using var db = world.Database.CreateDbContext();
        var profile = await FactorRows.OfAsync(db, customer.Id);
        Assert.NotNull(profile.PhoneE164);
        Assert.NotNull(profile.AuthenticatorSecretProtected);
        Assert.Equal(10, await db.RecoveryCodes.CountAsync(c => c.UserId == customer.Id));
        var audit = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.AccountUnlocked);
        Assert.Equal((customer.Id, admin.Id, "10.0.0.5"), (audit.UserId, audit.ActorUserId, audit.IpAddress));
    }

    [Fact]
    public async Task Unlock_ByAnotherOrganisationsAdmin_BySupport_OrOfOneself_IsRefusedAndTheWaitsStay()
    {
        await HoldAsync(customer.Id);
        await HoldAsync(admin.Id);

        Assert.Equal(UnlockOutcome.NotAllowed, await world.Get<AccountUnlock>().UnlockAsync(otherAdmin.Id, customer.Id));
        Assert.Equal(UnlockOutcome.NotAllowed, await world.Get<AccountUnlock>().UnlockAsync(support.Id, customer.Id));
        Assert.Equal(UnlockOutcome.NotAllowed, await world.Get<AccountUnlock>().UnlockAsync(admin.Id, admin.Id));
        Assert.Equal(UnlockOutcome.NotAllowed, await world.Get<AccountUnlock>().UnlockAsync(customer.Id, customer.Id));
        Assert.False(await world.Get<AccountUnlock>().IsHeldAsync(otherAdmin.Id, customer.Id));
        Assert.True(await world.Get<AccountUnlock>().IsHeldAsync(admin.Id, customer.Id));
    }

    [Fact]
    public async Task AdminsOwnPasswordInReset2fa_FiveWrong_ThenEvenTheRightOneWaits_AndFactorsStay()
    {
        TestClient.Enter("10.0.0.7");
        for (var i = 0; i < 5; i++)
            Assert.Equal(ResetOutcome.IdentityCheckFailed, await world.Get<TwoFactorReset>().ResetAsync(admin.Id, await world.SessionAsync(admin.Id), new ResetRequest(customer.Id, "New phone", AdminPassword: $"guess-{i}-wrong-password")));

        Assert.Equal(ResetOutcome.IdentityCheckFailed, await world.Get<TwoFactorReset>().ResetAsync(admin.Id, await world.SessionAsync(admin.Id), new ResetRequest(customer.Id, "New phone", AdminPassword: ConsoleWorld.Password)));
        await using var db = world.Database.CreateDbContext();
        Assert.NotNull((await FactorRows.OfAsync(db, customer.Id)).PhoneE164);
        Assert.Equal(5, await db.AttemptCounters.Where(c => c.Kind == CounterKinds.PasswordTotal && c.Key == CounterKinds.Account(admin.Id)).Select(c => c.Count).SingleAsync());
    }

    /// <summary>Past the password cap and hard-locked for codes, as a stranger's patience would leave it.</summary>
    private async Task HoldAsync(string userId)
    {
        var now = world.Clock.GetUtcNow();
        await using var db = world.Database.CreateDbContext();
        await db.AttemptCounters.Where(c => c.Key == CounterKinds.Account(userId)).ExecuteDeleteAsync();
        db.AttemptCounters.AddRange(
            new AttemptCounter { Kind = CounterKinds.PasswordTotal, Key = CounterKinds.Account(userId), Count = 100, WindowStart = now, UpdatedAt = now },
            new AttemptCounter { Kind = CounterKinds.SecondFactor, Key = CounterKinds.Account(userId), Count = 100, WindowStart = now, BlockedUntil = AttemptLimiter.Forever, UpdatedAt = now });
        await db.SaveChangesAsync();
    }
}

/// <summary>The demo seed: support@demo.test has an owner, the Backupify Support organisation's admin, who can unlock it.</summary>
public class SupportAccountOwnerTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    [Fact]
    public async Task SupportAccount_LockedByStrangers_IsUnlockedByTheSupportOrganisationsAdmin_InTheAdminConsole()
    {
        var supportId = await HttpSignIn.UserIdAsync(app, DemoPeople.Support);
        var ownerId = await HttpSignIn.UserIdAsync(app, DemoPeople.SupportOwner);
        for (var i = 0; i < 6; i++) await CheckAsync(DemoPeople.Support, "Wrong-Password-2026", "203.0.113.66");
        Assert.Equal(PasswordOutcome.LockedOut, (await CheckAsync(DemoPeople.Support, DemoPeople.Password, "192.0.2.99")).Outcome);

        var page = await app.Services.GetRequiredService<EnrollmentDirectory>().ListAsync(ownerId, new EnrollmentQuery("support@"));
        Assert.Contains(page.Rows, r => r.UserId == supportId);
        Assert.Contains(supportId, await app.Services.GetRequiredService<AccountUnlock>().HeldAmongAsync(ownerId, [supportId]));
        Assert.Equal(UnlockOutcome.Done, await app.Services.GetRequiredService<AccountUnlock>().UnlockAsync(ownerId, supportId));

        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(DemoPeople.Support, DemoPeople.Password, "192.0.2.99")).Outcome);
    }

    private async Task<PasswordCheckResult> CheckAsync(string email, string password, string ip)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ClientContext>().Set(ip);
        return await scope.ServiceProvider.GetRequiredService<IPasswordSignIn>().CheckAsync(email, password, new BrowserSnapshot("binding", null), null);
    }
}
