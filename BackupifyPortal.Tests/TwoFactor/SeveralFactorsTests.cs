using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.Authenticator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.TwoFactor;

/// <summary>Several factors per person (issue 17 item 2): named apps, the last-factor rule, and "enrolled" counting passkeys.</summary>
public sealed class SeveralFactorsTests : IAsyncLifetime
{
    private AuthenticatorTestHost host = default!;
    private DateTimeOffset Now => host.Clock.GetUtcNow();

    public async Task InitializeAsync() => host = await AuthenticatorTestHost.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task TwoNamedApps_ACodeFromEitherIsAccepted_AndTheAppThatGaveItIsRecordedAsLastUsed()
    {
        var (googleKey, _) = await host.EnrollAsync("Google Authenticator");
        var (authyKey, _) = await host.EnrollAsync("Authy");

        var fromAuthy = await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(authyKey, Now));
        Assert.True(fromAuthy.Succeeded);
        Assert.Equal("Authy", fromAuthy.AppName);
        Assert.Equal((null, (DateTimeOffset?)Now), await LastUsedAsync());

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        var fromGoogle = await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(googleKey, Now));
        Assert.Equal("Google Authenticator", fromGoogle.AppName);
        Assert.Equal(2, (await new TwoFactorSummary(host.Db).GetAsync(host.UserId)).Apps.Count);
    }

    [Fact]
    public async Task RemovingOneAppByName_LeavesTheOtherWorking_WithoutAskingForConfirmation()
    {
        var (googleKey, _) = await host.EnrollAsync("Google Authenticator");
        var (authyKey, _) = await host.EnrollAsync("Authy");

        var removed = await host.Enrollment.RemoveAppAsync(host.UserId, await host.SessionAsync(), "Authy", AuthenticatorTestHost.Password, null);

        Assert.True(removed.Succeeded, removed.Outcome.ToString());
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TotpCheckOutcome.WrongCode, (await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(authyKey, Now))).Outcome);
        Assert.True((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(googleKey, Now))).Succeeded);
        Assert.True((await host.LoadUserAsync()).TwoFactorEnabled);
    }

    [Fact]
    public async Task RemovingTheLastFactor_WithoutConfirmation_IsRefused_AndSpendsNoCode_ThenConfirmedItGoes()
    {
        var (key, _) = await host.EnrollAsync("Authy");
        var code = RfcTotp.CodeAt(key, Now);

        var unconfirmed = await host.Enrollment.RemoveAppAsync(host.UserId, await host.SessionAsync(), "Authy", null, code);
        Assert.Equal(TotpCheckOutcome.LastFactorNeedsConfirmation, unconfirmed.Outcome);
        Assert.Equal(LastFactorRule.ConfirmQuestion, AuthenticatorMessages.For(unconfirmed, Now));
        Assert.Equal(1, await AppCountAsync());

        // The same code still works: the refusal came before the proof was checked.
        var confirmed = await host.Enrollment.RemoveAppAsync(host.UserId, await host.SessionAsync(), "Authy", null, code, confirmLastFactor: true);
        Assert.True(confirmed.Succeeded, confirmed.Outcome.ToString());
        Assert.Equal(0, await AppCountAsync());
    }

    [Fact]
    public async Task RemovingTheLastFactor_WhileTheOrganisationRequires2fa_IsRefusedEvenWhenConfirmed_WithAClearMessage()
    {
        await host.EnrollAsync("Authy");
        await RequireTwoFactorAsync();

        var refused = await host.Enrollment.DisableAsync(host.UserId, await host.SessionAsync(), AuthenticatorTestHost.Password, null, confirmLastFactor: true);

        Assert.Equal(TotpCheckOutcome.LastFactorRequired, refused.Outcome);
        Assert.Contains("organisation requires two-factor authentication", AuthenticatorMessages.For(refused, Now));
        Assert.Equal(1, await AppCountAsync());
        Assert.DoesNotContain(AuditEventTypes.AuthenticatorDisabled, await host.AuditTypesAsync());
    }

    [Fact]
    public async Task WhileTheOrganisationRequires2fa_AnAppMayGo_WhenAPasskeyStays()
    {
        await host.EnrollAsync("Authy");
        await RequireTwoFactorAsync();
        await AddPasskeyAsync();

        var removed = await host.Enrollment.DisableAsync(host.UserId, await host.SessionAsync(), AuthenticatorTestHost.Password, null);

        Assert.True(removed.Succeeded, removed.Outcome.ToString());
    }

    [Fact]
    public async Task APasskeyOnlyPerson_IsEnrolled_OnEveryScreenAndQuery()
    {
        await AddPasskeyAsync();

        var state = await new TwoFactorSummary(host.Db).GetAsync(host.UserId);
        Assert.True(state.Enrolled);
        Assert.Equal("1 passkey", state.ByKind);
        Assert.True(EnrollmentDirectory.StateOf(state.Phone, state.AuthenticatorEnabled, state.Passkeys).IsEnrolled());
        await using var db = await host.Db.CreateDbContextAsync();
        Assert.True(await db.Users.Where(u => u.Id == host.UserId).AnyAsync(SecondFactors.PersonIsEnrolled(db)));
    }

    [Fact]
    public async Task APhoneOnlyPerson_GetsRecoveryCodes_WithFreshProof_AndOneSignsInOnce()
    {
        await using (var db = await host.Db.CreateDbContextAsync())
        {
            db.Factors.Add(FactorRows.Phone(host.UserId, "+447400123456", PhoneState.Verified));
            await db.SaveChangesAsync();
        }

        var made = await host.RecoveryCodes.RegenerateAsync(host.UserId, await host.SessionAsync(), currentCode: null);

        Assert.True(made.Check.Succeeded, made.Check.Outcome.ToString());
        Assert.Equal(10, made.Codes.Count);
        Assert.True((await host.RecoveryCodes.RedeemAsync(host.UserId, made.Codes[0])).Succeeded);
        Assert.False((await host.RecoveryCodes.RedeemAsync(host.UserId, made.Codes[0])).Succeeded);
    }

    [Fact]
    public async Task APersonWithNoFactor_GetsNoRecoveryCodes()
    {
        var made = await host.RecoveryCodes.RegenerateAsync(host.UserId, await host.SessionAsync(), currentCode: null);

        Assert.Equal(TotpCheckOutcome.NotEnrolled, made.Check.Outcome);
        Assert.Empty(made.Codes);
    }

    [Fact]
    public void FactorsByKind_AreCountedPerKind()
    {
        Assert.Equal("2 phones · 3 apps · 1 passkey", FactorCounts.Describe(2, false, 3, 1));
        Assert.Equal("Phone pending", FactorCounts.Describe(0, true, 0, 0));
        Assert.Equal("None", FactorCounts.Describe(0, false, 0, 0));
    }

    private async Task<(DateTimeOffset? Google, DateTimeOffset? Authy)> LastUsedAsync()
    {
        await using var db = await host.Db.CreateDbContextAsync();
        var apps = await db.Factors.AsNoTracking().Where(f => f.UserId == host.UserId).ToDictionaryAsync(f => f.Name, f => f.LastUsedAt);
        return (apps["Google Authenticator"], apps["Authy"]);
    }

    private async Task<int> AppCountAsync()
    {
        await using var db = await host.Db.CreateDbContextAsync();
        return await db.Factors.CountAsync(f => f.UserId == host.UserId && f.Kind == FactorKind.AuthenticatorApp);
    }

    private async Task RequireTwoFactorAsync()
    {
        await using var db = await host.Db.CreateDbContextAsync();
        var org = new Organization { Id = Guid.NewGuid(), Name = "Strict Org", RequireTwoFactor = true, RequireTwoFactorSince = Now };
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        await db.Users.Where(u => u.Id == host.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganizationId, org.Id));
    }

    private async Task AddPasskeyAsync()
    {
        await using var db = await host.Db.CreateDbContextAsync();
        db.UserPasskeys.Add(new Microsoft.AspNetCore.Identity.IdentityUserPasskey<string>
        {
            UserId = host.UserId, CredentialId = [1, 2, 3, 4],
            Data = new Microsoft.AspNetCore.Identity.IdentityPasskeyData { Name = "Desk key", PublicKey = [5], CreatedAt = Now, AttestationObject = [], ClientDataJson = [] },
        });
        await db.SaveChangesAsync();
    }
}
