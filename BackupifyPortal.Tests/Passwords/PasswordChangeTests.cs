using BackupifyPortal.Features.Operations;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.Passwords;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Passwords;

/// <summary>The change itself, in the real app: the current password is checked with sign-in's waits and cap, then the new one replaces it.</summary>
public class PasswordChangeTests(DemoPortalApp app) : IClassFixture<DemoPortalApp>
{
    private const string NewPassword = "amber violet tunnel cobbler";
    private const string Address = "198.51.100.7";
    private static readonly BrowserSnapshot Browser = new("binding", null);

    [Fact]
    public async Task WrongCurrent_IsRefusedNextToTheField_AndCounted()
    {
        var (userId, _) = await PersonAsync("wrong.current");

        var result = await ChangeAsync(userId, "not-my-password", NewPassword);

        Assert.Equal(PasswordChange.WrongCurrentMessage, result.CurrentError);
        Assert.Null(result.NewError);
        Assert.Equal(1, await ConsecutiveFailuresAsync(userId));
        Assert.Equal("wrong current password", (await AuditAsync(userId, AuditEventTypes.PasswordChangeFailed)).Single().Detail);
    }

    [Fact]
    public async Task FiveWrongCurrent_LockTheAccount_EvenTheRightOneIsRefused()
    {
        var (userId, email) = await PersonAsync("five.wrong");
        for (var i = 1; i < 5; i++) Assert.Equal(PasswordChange.WrongCurrentMessage, (await ChangeAsync(userId, $"guess-{i}", NewPassword)).CurrentError);

        Assert.Equal(PasswordChange.LockedMessage, (await ChangeAsync(userId, "guess-5", NewPassword)).CurrentError);
        Assert.Equal(PasswordChange.LockedMessage, (await ChangeAsync(userId, DemoPeople.Password, NewPassword)).CurrentError);
        Assert.Equal(PasswordOutcome.LockedOut, (await SignInAsync(email, DemoPeople.Password)).Outcome);
    }

    [Fact]
    public async Task NewPasswordRefusedByThePolicy_IsNotCounted()
    {
        var (userId, _) = await PersonAsync("typo.new");

        var result = await ChangeAsync(userId, "not-my-password", "short");

        Assert.Equal(PasswordPolicy.TooShortMessage, result.NewError);
        Assert.Null(result.CurrentError);
        Assert.Equal(0, await ConsecutiveFailuresAsync(userId));
    }

    [Fact]
    public async Task SameAsCurrent_IsRefused()
    {
        const string current = "granite meadow lantern";
        var (userId, _) = await PersonAsync("same.current", current);

        var result = await ChangeAsync(userId, current, current);

        Assert.Equal(PasswordPolicy.SameAsCurrentMessage, result.NewError);
    }

    [Fact]
    public async Task ConfirmationThatDiffers_IsRefusedNextToTheConfirmField()
    {
        var (userId, _) = await PersonAsync("confirm.differs");

        var result = await ChangeAsync(userId, DemoPeople.Password, NewPassword, NewPassword + "x");

        Assert.Equal(PasswordChange.MismatchMessage, result.ConfirmError);
        Assert.Null(result.NewError);
    }

    [Fact]
    public async Task Success_OldPasswordRefused_NewAccepted_StampRotated_Audited_NothingLeaked()
    {
        var (userId, email) = await PersonAsync("change.ok");
        var stampBefore = (await UserAsync(userId)).SecurityStamp;

        var result = await ChangeAsync(userId, DemoPeople.Password, NewPassword);

        Assert.True(result.Succeeded, $"{result.CurrentError} {result.NewError} {result.ConfirmError}");
        Assert.NotEqual(stampBefore, (await UserAsync(userId)).SecurityStamp);
        Assert.Equal(PasswordOutcome.Failed, (await SignInAsync(email, DemoPeople.Password)).Outcome);
        Assert.Equal(PasswordOutcome.SignedIn, (await SignInAsync(email, NewPassword)).Outcome);
        var changed = Assert.Single(await AuditAsync(userId, AuditEventTypes.PasswordChanged));
        Assert.Equal(Address, changed.IpAddress);
        await using (var db = await app.CreateDbContextAsync())
        {
            Assert.False(await db.AuditEvents.AnyAsync(e => e.Detail != null && (e.Detail.Contains(NewPassword) || e.Detail.Contains(DemoPeople.Password))));
            // The person is told by email, without the password in it.
            var mail = await db.OutboxMessages.Where(m => m.To == email).ToListAsync();
            Assert.Contains(mail, m => m.Text.Contains("password", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(mail, m => m.Text.Contains(NewPassword));
        }
        Assert.Empty(app.Logs.Containing(NewPassword));
        Assert.Empty(app.Logs.Containing(DemoPeople.Password));
    }

    [Fact]
    public async Task SpacesInTheNewPassword_AreKeptExactly()
    {
        var (userId, email) = await PersonAsync("spaces.kept");
        const string spaced = "  amber violet  tunnel ";

        Assert.True((await ChangeAsync(userId, DemoPeople.Password, spaced)).Succeeded);

        Assert.Equal(PasswordOutcome.Failed, (await SignInAsync(email, spaced.Trim())).Outcome);
        Assert.Equal(PasswordOutcome.SignedIn, (await SignInAsync(email, spaced)).Outcome);
    }

    private Task<PasswordChangeResult> ChangeAsync(string userId, string current, string newPassword, string? confirm = null)
    {
        TestClient.Enter(Address);
        return app.Services.GetRequiredService<IPasswordChange>().ChangeAsync(new PasswordChangeRequest(userId, current, newPassword, confirm ?? newPassword));
    }

    private async Task<PasswordCheckResult> SignInAsync(string email, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ClientContext>().Set(Address);
        return await scope.ServiceProvider.GetRequiredService<IPasswordSignIn>().CheckAsync(email, password, Browser, null);
    }

    /// <summary>The account's count toward the NIST cap (Features/Limits), shared with sign-in.</summary>
    private async Task<int> ConsecutiveFailuresAsync(string userId)
    {
        await using var db = await app.CreateDbContextAsync();
        var key = CounterKinds.Account(userId);
        return await db.AttemptCounters.Where(c => c.Kind == CounterKinds.PasswordTotal && c.Key == key).Select(c => c.Count).SingleOrDefaultAsync();
    }

    private async Task<PortalUser> UserAsync(string userId)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
    }

    private async Task<List<AuditEvent>> AuditAsync(string userId, string type)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.AuditEvents.Where(e => e.UserId == userId && e.Type == type).ToListAsync();
    }

    private async Task<(string UserId, string Email)> PersonAsync(string name, string password = DemoPeople.Password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"{name}.{Guid.NewGuid():N}@demo.test";
        var user = new PortalUser { UserName = email, Email = email, DisplayName = "Pat Person", TimeZoneId = "UTC" };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        return (user.Id, email);
    }
}
