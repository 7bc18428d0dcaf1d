using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;

namespace BackupifyPortal.Tests.SignIn;

/// <summary>Issue 14: which ways Two Factor Log In offers, and which it asks first, is decided in one service, not in the page.</summary>
public sealed class SignInWaysTests
{
    private static TwoFactorState Factors(PhoneState phone = PhoneState.None, bool app = false, int passkeys = 0, int recoveryLeft = 0, FactorView? backup = null) =>
        new(phone, phone == PhoneState.None ? "" : "••••••••56", DeliveryChannel.Sms, app, app ? "Authy" : null, false, recoveryLeft)
        {
            Passkeys = passkeys,
            BackupPhone = backup,
        };

    private static FactorView Backup(PhoneState state) =>
        new(Guid.NewGuid(), FactorKind.Phone, "Backup phone", DateTimeOffset.UnixEpoch, null, "••••••••78", state, DeliveryChannel.Sms, IsBackup: true);

    [Fact]
    public void AnApp_IsAskedFirst_SoNoTextIsSentUnlessThePersonChoosesIt() =>
        Assert.Equal(SignInStep.Authenticator, new SignInWays(Factors(PhoneState.Verified, app: true)).First);

    [Fact]
    public void APasskeyOnlyPerson_StartsWithThePasskey_APhonePersonWithThePhone()
    {
        Assert.Equal(SignInStep.Passkey, new SignInWays(Factors(passkeys: 1)).First);
        Assert.Equal(SignInStep.Phone, new SignInWays(Factors(PhoneState.Pending, passkeys: 1)).First);
    }

    [Fact]
    public void ANeverVerifiedPhone_IsVerifiedBySignIn_AndIsNeitherOfferedNorEnoughToRememberTheBrowser()
    {
        var ways = new SignInWays(Factors(PhoneState.Pending));

        Assert.True(ways.VerifiesPhone);
        Assert.False(ways.OffersPhone(SignInStep.Recovery, usingBackup: false));
        Assert.False(ways.MayRememberBrowser);
        Assert.True(new SignInWays(Factors(PhoneState.Verified)).MayRememberBrowser);
        Assert.True(new SignInWays(Factors(passkeys: 1)).MayRememberBrowser);
    }

    [Fact]
    public void AnUnverifiedBackupPhone_GetsNoButton_AVerifiedOneDoes_ButNotWhileInUse()
    {
        Assert.Null(new SignInWays(Factors(PhoneState.Verified, backup: Backup(PhoneState.Pending))).OfferedBackupPhone(SignInStep.Phone, usingBackup: false));

        var ways = new SignInWays(Factors(PhoneState.Verified, backup: Backup(PhoneState.Verified)));
        Assert.NotNull(ways.OfferedBackupPhone(SignInStep.Phone, usingBackup: false));
        Assert.Null(ways.OfferedBackupPhone(SignInStep.Phone, usingBackup: true));
        Assert.True(ways.OffersPhone(SignInStep.Phone, usingBackup: true)); // back to the main phone
    }

    [Fact]
    public void RecoveryCodes_AreOfferedOnlyWhileSomeAreLeft_AndTheAppOnlyWhenSetUp()
    {
        Assert.False(new SignInWays(Factors(PhoneState.Verified, recoveryLeft: 0)).OffersRecoveryCode(SignInStep.Phone));
        Assert.True(new SignInWays(Factors(PhoneState.Verified, recoveryLeft: 3)).OffersRecoveryCode(SignInStep.Phone));
        Assert.False(new SignInWays(Factors(PhoneState.Verified, recoveryLeft: 3)).OffersRecoveryCode(SignInStep.Recovery));
        Assert.False(new SignInWays(Factors(PhoneState.Verified)).OffersApp(SignInStep.Phone));
        Assert.True(new SignInWays(Factors(PhoneState.Verified, app: true)).OffersApp(SignInStep.Phone));
    }
}
