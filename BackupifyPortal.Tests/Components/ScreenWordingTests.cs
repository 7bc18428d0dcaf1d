using BackupifyPortal.Data;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.Support;
using BackupifyPortal.Features.TwoFactor;

namespace BackupifyPortal.Tests.Components;

/// <summary>
/// Issue 14, no rule in a .razor file: the choices and the time math that MultiAccountLogin, TwoFactorLogin's passkey
/// and PhoneCodeStep made in markup now live in their features and are tested here, where they are decided.
/// </summary>
public class ScreenWordingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Chooser_WithOneAccount_GoesStraightToItsHome_WithNoneOrSeveral_ShowsTheChoice()
    {
        var classic = new PortalAccount { Id = Guid.NewGuid(), Kind = AccountKind.BackupifyClassic, Name = "Classic" };
        var partner = new PortalAccount { Id = Guid.NewGuid(), Kind = AccountKind.PartnerPortal, Name = "Partner" };

        Assert.Equal($"/backupify/{classic.Id}/status", AccountRoutes.OnlyChoice([classic]));
        Assert.Equal($"/partner/{partner.Id}", AccountRoutes.OnlyChoice([partner]));
        Assert.Null(AccountRoutes.OnlyChoice([]));
        Assert.Null(AccountRoutes.OnlyChoice([classic, partner]));
    }

    [Fact]
    public void PasskeyLockout_SaysWholeMinutesRoundedUp_AtLeastOne_OrWhoUnlocksAHardLock()
    {
        Assert.Equal("Too many failed attempts. Try again in 5 minutes.", LockoutMessages.SignIn(new LockoutStatus(false, Now.AddMinutes(4).AddSeconds(1), 5), Now));
        Assert.Equal("Too many failed attempts. Try again in 1 minute.", LockoutMessages.SignIn(new LockoutStatus(false, Now.AddSeconds(1), 5), Now));
        Assert.Equal("Too many failed attempts. Try again in 1 minute.", LockoutMessages.SignIn(new LockoutStatus(false, Now.AddSeconds(-1), 5), Now));
        Assert.Equal(LockoutMessages.HardLocked, LockoutMessages.SignIn(new LockoutStatus(true, null, 20), Now));
    }

    [Fact]
    public void PhoneStep_SaysWhereTheCodeWentAndForHowLong_AndHowLongTheLockLasts()
    {
        Assert.Equal("We sent a 6-digit code by text message to ••• ••• ••42. It is valid for 10 minutes.",
            PhoneStepMessages.Sent(DeliveryChannel.Sms, "••• ••• ••42", TimeSpan.FromMinutes(10)));
        Assert.Equal("We're calling ••• ••• ••42 to read you a 6-digit code. It is valid for 5 minutes.",
            PhoneStepMessages.Sent(DeliveryChannel.Voice, "••• ••• ••42", TimeSpan.FromMinutes(5)));
        Assert.Equal("No code has been sent to ••• ••• ••42 yet.", PhoneStepMessages.NoneSent("••• ••• ••42"));
        Assert.Equal("No code has been sent yet.", PhoneStepMessages.NoneSent(null));
        Assert.Equal("Too many wrong codes. Try again in 4 min 50 s.", PhoneStepMessages.Locked(false, Now.AddSeconds(290), Now));
        Assert.Equal(PhoneStepMessages.HardLocked, PhoneStepMessages.Locked(true, null, Now));
    }

    [Fact]
    public void PasskeyRefused_SaysTheLockOnlyWhileItHolds()
    {
        Assert.Equal(LockoutMessages.PasskeyNotAccepted, LockoutMessages.PasskeyRefused(null, Now));
        Assert.Equal(LockoutMessages.PasskeyNotAccepted, LockoutMessages.PasskeyRefused(new LockoutStatus(false, Now.AddSeconds(-1), 5), Now));
        Assert.Equal("Too many failed attempts. Try again in 2 minutes.", LockoutMessages.PasskeyRefused(new LockoutStatus(false, Now.AddSeconds(61), 5), Now));
        Assert.Equal(LockoutMessages.HardLocked, LockoutMessages.PasskeyRefused(new LockoutStatus(true, null, 20), Now));
    }

    [Fact]
    public void RecoveryCodeRefused_SaysTheLockWhenThisRefusalLocked_ElseNotRight()
    {
        Assert.Equal(AuthenticatorMessages.RecoveryCodeRefused, AuthenticatorMessages.ForRecoveryCode(new RecoveryCodeResult(TotpCheckOutcome.WrongCode, 5), Now));
        Assert.Equal(AuthenticatorMessages.RecoveryCodeRefused,
            AuthenticatorMessages.ForRecoveryCode(new RecoveryCodeResult(TotpCheckOutcome.WrongCode, 5, new LockoutStatus(false, Now.AddSeconds(-1), 4)), Now));
        Assert.Equal("Too many wrong codes. Wait 5 minutes and try again.",
            AuthenticatorMessages.ForRecoveryCode(new RecoveryCodeResult(TotpCheckOutcome.WrongCode, 5, new LockoutStatus(false, Now.AddMinutes(5), 5)), Now));
        Assert.Equal(AuthenticatorMessages.HardLocked,
            AuthenticatorMessages.ForRecoveryCode(new RecoveryCodeResult(TotpCheckOutcome.LockedOut, 5, new LockoutStatus(true, null, 20)), Now));
    }

    [Fact]
    public void SettingsLines_SayWhereCodesGo_AndWhichApps()
    {
        TwoFactorState State(PhoneState phone, DeliveryChannel channel, params string[] apps) =>
            new(phone, "••• ••• ••42", channel, apps.Length > 0, apps.FirstOrDefault(), false, 7)
            {
                Apps = [.. apps.Select(a => new FactorView(Guid.NewGuid(), FactorKind.AuthenticatorApp, a, Now, null))],
            };

        Assert.Equal("Phone ••• ••• ••42 will be verified at your next log in (phone call).", State(PhoneState.Pending, DeliveryChannel.Voice).PhoneDescription);
        Assert.Equal("Codes go to ••• ••• ••42 by text message.", State(PhoneState.Verified, DeliveryChannel.Sms).PhoneDescription);
        Assert.Equal("Codes come from your authenticator app.", State(PhoneState.None, DeliveryChannel.Sms, "Authy").PhoneDescription);
        Assert.Equal("Off. Turn on to get a code by text or call when you log in.", State(PhoneState.None, DeliveryChannel.Sms).PhoneDescription);
        Assert.Equal("On with Authy. 7 recovery codes left.", State(PhoneState.None, DeliveryChannel.Sms, "Authy").AppDescription);
        Assert.Equal("On with 2 apps. 7 recovery codes left.", State(PhoneState.None, DeliveryChannel.Sms, "Authy", "1Password").AppDescription);
        Assert.Equal("Off. Use an app such as Google Authenticator or Authy instead of text messages.", State(PhoneState.Verified, DeliveryChannel.Sms).AppDescription);
    }

    [Fact]
    public void PhoneRemovalRefused_OneWordingForMainAndBackupPhone()
    {
        Assert.Equal("Too many wrong tries. Try again later.", PhoneDialogMessages.ForRemoval(new DisablePhoneResult(DisablePhoneStatus.Locked)));
        Assert.Equal("That password isn't right.", PhoneDialogMessages.ForRemoval(new DisablePhoneResult(DisablePhoneStatus.WrongPassword)));
        Assert.Equal(FreshProof.Needed, PhoneDialogMessages.ForRemoval(new DisablePhoneResult(DisablePhoneStatus.NeedsFreshProof)));
        Assert.Equal("That code isn't right. 3 attempts left before a short lockout.",
            PhoneDialogMessages.ForRemoval(new DisablePhoneResult(DisablePhoneStatus.WrongCode, new VerifyCodeResult(VerifyCodeStatus.Wrong, AttemptsLeft: 3))));
        Assert.Equal("That code has expired or isn't complete. Send a new one or use your password.",
            PhoneDialogMessages.ForRemoval(new DisablePhoneResult(DisablePhoneStatus.WrongCode, new VerifyCodeResult(VerifyCodeStatus.Expired))));
        Assert.Null(PhoneDialogMessages.ForRemoval(new DisablePhoneResult(DisablePhoneStatus.Disabled)));
        Assert.Null(PhoneDialogMessages.ForRemoval(new DisablePhoneResult(DisablePhoneStatus.LastFactorNeedsConfirmation)));
    }

    [Fact]
    public void RefusedSend_SaysWhenANewCodeMayGo_InTheDisableAndConfirmDialogs()
    {
        SendCodeResult Result(SendCodeStatus status, DateTimeOffset? next = null) => new(status, DeliveryChannel.Sms, "••• ••• ••42", next);

        Assert.Equal("You can request a new code in 27 s.", PhoneDialogMessages.NewCodeIn(TimeSpan.FromSeconds(26.2)));
        Assert.Null(PhoneDialogMessages.ForDisableSend(Result(SendCodeStatus.Sent), Now));
        Assert.Equal("You can request a new code in 1 min 30 s. Use your password meanwhile.",
            PhoneDialogMessages.ForDisableSend(Result(SendCodeStatus.Cooldown, Now.AddSeconds(90)), Now));
        Assert.Equal("Too many wrong codes. Try again later.", PhoneDialogMessages.ForDisableSend(Result(SendCodeStatus.Locked), Now));
        Assert.Equal("We couldn't send a code. Use your password instead.", PhoneDialogMessages.ForDisableSend(Result(SendCodeStatus.NoPhone), Now));

        Assert.Equal("We sent a code to ••• ••• ••42 by text message.", PhoneDialogMessages.ForConfirmationSend(Result(SendCodeStatus.Sent), Now));
        Assert.Equal("A code was sent recently. You can request a new one in 4 min.",
            PhoneDialogMessages.ForConfirmationSend(Result(SendCodeStatus.LimitReached, Now.AddMinutes(4)), Now));
        Assert.Equal("Too many wrong codes. Try again later.", PhoneDialogMessages.ForConfirmationSend(Result(SendCodeStatus.Locked), Now));
        Assert.Equal("We couldn't send a code.", PhoneDialogMessages.ForConfirmationSend(Result(SendCodeStatus.CountryNotAllowed), Now));
    }

    [Fact]
    public void CodeSentInTheSettingsDialogs_AndTheLockedStep_SayWhereCodesGo()
    {
        Assert.Equal("We sent a code to ••• ••• ••72. Enter it to verify your backup phone.", PhoneDialogMessages.SentToVerifyBackup("••• ••• ••72"));
        Assert.Equal("We sent a code to ••• ••• ••72. Enter it to turn off phone verification.", PhoneDialogMessages.SentToTurnOff("••• ••• ••72"));
        Assert.Equal("We couldn't send a code to that number. Try again in a minute.", PhoneDialogMessages.BackupCodeNotSent);
        Assert.Equal("Codes go to ••• ••• ••72.", PhoneStepMessages.CodesGoTo("••• ••• ••72"));
    }

    [Fact]
    public void LockedSend_WithNoEndTime_IsTheHardLock()
    {
        Assert.True(new SendCodeResult(SendCodeStatus.Locked, DeliveryChannel.Sms, "", null).HardLocked);
        Assert.False(new SendCodeResult(SendCodeStatus.Locked, DeliveryChannel.Sms, "", null, LockedUntil: Now.AddMinutes(5)).HardLocked);
        Assert.False(new SendCodeResult(SendCodeStatus.Cooldown, DeliveryChannel.Sms, "", Now.AddMinutes(1)).HardLocked);
    }

    [Fact]
    public void GraceBanner_CountsWholeDaysRoundedUp_OneDaySingular()
    {
        PolicyStanding EndsIn(TimeSpan left) => new(true, false, Now + left, false);

        Assert.Equal("Set it up within 3 days.", EndsIn(TimeSpan.FromDays(2.1)).GraceCountdown(Now));
        Assert.Equal("Set it up within 1 day.", EndsIn(TimeSpan.FromHours(3)).GraceCountdown(Now));
        Assert.Equal("Set it up within 0 days.", EndsIn(TimeSpan.FromHours(-1)).GraceCountdown(Now));
    }

    [Fact]
    public void SetupWizard_TitleVerifyLineAndReadiness_FollowTheChosenMethod()
    {
        var none = new TwoFactorState(PhoneState.None, "", DeliveryChannel.Sms, false, null, false, 0);
        var pending = none with { Phone = PhoneState.Pending, MaskedPhone = "••• ••• ••42" };
        var app = none with { AuthenticatorEnabled = true, AuthenticatorAppName = "Authy" };

        Assert.Equal("Set up phone", SetupWizardSteps.SetUpTitle(SetupWizardSteps.Phone));
        Assert.Equal("Set up app", SetupWizardSteps.SetUpTitle(SetupWizardSteps.App));
        Assert.Equal("Set up", SetupWizardSteps.SetUpTitle(null));
        Assert.False(SetupWizardSteps.FactorReady(SetupWizardSteps.App, pending));
        Assert.True(SetupWizardSteps.FactorReady(SetupWizardSteps.App, app));
        Assert.True(SetupWizardSteps.FactorReady(SetupWizardSteps.Phone, pending));
        Assert.False(SetupWizardSteps.FactorReady(SetupWizardSteps.Phone, app));
        Assert.Equal("Your authenticator app (Authy) is confirmed.", SetupWizardSteps.VerifyText(SetupWizardSteps.App, app));
        Assert.Equal("Your phone ••• ••• ••42 is saved. You will verify it with a code at your next log in.", SetupWizardSteps.VerifyText(SetupWizardSteps.Phone, pending));
        Assert.Equal("Your phone ••• ••• ••42 is verified.", SetupWizardSteps.VerifyText(SetupWizardSteps.Phone, pending with { Phone = PhoneState.Verified }));
        Assert.True(SetupWizardSteps.CodesAlreadySaved(SetupWizardSteps.App));
        Assert.False(SetupWizardSteps.CodesAlreadySaved(SetupWizardSteps.Phone));
    }

    [Fact]
    public void PhoneStepWindow_LocksUntilTheEnd_ResendsOnlyAfterTheWait_WaitLineOnlyWhileWaitingUnlocked()
    {
        var waiting = new PhoneStepWindow(false, null, Now.AddSeconds(30));
        Assert.False(waiting.IsLocked(Now));
        Assert.False(waiting.CanResend(Now));
        Assert.Equal("You can request a new code in 30 s.", waiting.WaitLine(Now));
        Assert.True(waiting.CanResend(Now.AddSeconds(30)));
        Assert.Equal("", waiting.WaitLine(Now.AddSeconds(30)));

        var locked = new PhoneStepWindow(false, Now.AddMinutes(5), Now.AddSeconds(30));
        Assert.True(locked.IsLocked(Now));
        Assert.Equal("", locked.WaitLine(Now));
        Assert.False(locked.CanResend(Now.AddMinutes(1)));
        Assert.False(locked.IsLocked(Now.AddMinutes(5)));
        Assert.True(locked.CanResend(Now.AddMinutes(5)));
        Assert.True(new PhoneStepWindow(true, null, Now).IsLocked(Now.AddDays(1)));
    }

    [Fact]
    public void PhoneStep_RefusedSend_SaysWhyAndUntilWhen_ASentOrLockedSendSaysNothing()
    {
        SendCodeResult Result(SendCodeStatus status, DateTimeOffset? next = null, SendFailure failure = SendFailure.None) =>
            new(status, DeliveryChannel.Sms, "••• 3456", next, failure);
        string? Line(SendCodeResult result) => PhoneStepMessages.ForRefusedSend(result, Now, "UTC", hasAuthenticator: true, hasRecoveryCodes: false);

        Assert.Null(Line(Result(SendCodeStatus.Sent)));
        Assert.Null(Line(Result(SendCodeStatus.Locked)));
        Assert.Equal(PhoneStepMessages.Cooldown, Line(Result(SendCodeStatus.Cooldown)));
        Assert.Equal(PhoneStepMessages.CountryNotAllowed, Line(Result(SendCodeStatus.CountryNotAllowed)));
        Assert.Equal(PhoneStepMessages.NoPhone, Line(Result(SendCodeStatus.NoPhone)));
        Assert.Equal(SendOutcome.MessageFor(SendFailure.NotSmsCapable), Line(Result(SendCodeStatus.ProviderFailed, failure: SendFailure.NotSmsCapable)));
        // The cap names the person's local time of its end; with no end recorded, now.
        Assert.StartsWith("You've asked for too many codes. No text message or phone call can be sent until 1:40 AM (UTC+00:00)",
            Line(Result(SendCodeStatus.LimitReached, Now.AddMinutes(40))));
        Assert.EndsWith("Until then, sign in with your authenticator app.", Line(Result(SendCodeStatus.LimitReached, Now.AddMinutes(40))));
        Assert.StartsWith("You've asked for too many codes. No text message or phone call can be sent until 1:00 AM (UTC+00:00)",
            Line(Result(SendCodeStatus.LimitReached)));
    }

    [Fact]
    public void PhoneStep_RefusedCode_CountsTheAttemptsLeft_TheLockLineSpeaksForALock()
    {
        Assert.Equal("That code isn't right. 1 attempt left before a short lockout.", PhoneStepMessages.ForRefusedCode(new VerifyCodeResult(VerifyCodeStatus.Wrong, AttemptsLeft: 1)));
        Assert.Equal("That code isn't right. 3 attempts left before a short lockout.", PhoneStepMessages.ForRefusedCode(new VerifyCodeResult(VerifyCodeStatus.Wrong, AttemptsLeft: 3)));
        Assert.Equal("Enter the 6-digit code we sent you.", PhoneStepMessages.ForRefusedCode(new VerifyCodeResult(VerifyCodeStatus.Malformed)));
        Assert.StartsWith("This code has expired", PhoneStepMessages.ForRefusedCode(new VerifyCodeResult(VerifyCodeStatus.Expired)));
        Assert.Null(PhoneStepMessages.ForRefusedCode(new VerifyCodeResult(VerifyCodeStatus.Locked, LockedUntil: Now)));
        Assert.Null(PhoneStepMessages.ForRefusedCode(new VerifyCodeResult(VerifyCodeStatus.Verified)));
    }

    [Fact]
    public void Console_SaysWhoARequirementOrReminderReaches_ThePolicysStanding_AndAnUnlocksOutcome()
    {
        var one = new NotEnrolledPeople(1, ["a@a.test"]);
        var many = new NotEnrolledPeople(7, ["a@a.test", "b@a.test"]);
        Assert.Equal(ConsoleMessages.EveryoneEnrolled, ConsoleMessages.ConfirmRequirement(new NotEnrolledPeople(0, []), 14));
        Assert.Equal("1 person has no two-factor authentication yet: a@a.test. They can sign in for 1 more day; after that they must set it up before anything else.",
            ConsoleMessages.ConfirmRequirement(one, 1));
        Assert.StartsWith("7 people have no two-factor authentication yet: a@a.test, b@a.test and 5 more. They can sign in for 14 more days;", ConsoleMessages.ConfirmRequirement(many, 14));
        Assert.Equal("Send a setup link to each of the 1 person without two-factor authentication: a@a.test?", ConsoleMessages.ConfirmReminders(one));
        Assert.Equal("Send a setup link to each of the 7 people without two-factor authentication: a@a.test, b@a.test and 5 more?", ConsoleMessages.ConfirmReminders(many));

        var since = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal("Not required: people choose whether to use two-factor authentication.", ConsoleMessages.PolicyStatus(new TwoFactorPolicy("Org", false, 14, null), "UTC"));
        Assert.Equal("Required for everyone in Org.", ConsoleMessages.PolicyStatus(new TwoFactorPolicy("Org", true, 14, null), "UTC"));
        Assert.Contains($"can sign in until {PersonTime.Format(since.AddDays(14), "UTC")};", ConsoleMessages.PolicyStatus(new TwoFactorPolicy("Org", true, 14, since), "UTC"));

        Assert.Equal("pat@a.test can sign in again. Their two-factor settings are unchanged.", ConsoleMessages.Unlocked(UnlockOutcome.Done, "pat@a.test"));
        Assert.Equal("pat@a.test was not waiting.", ConsoleMessages.Unlocked(UnlockOutcome.NothingToUnlock, "pat@a.test"));
        Assert.Equal("You cannot unlock this person.", ConsoleMessages.Unlocked(UnlockOutcome.NotAllowed, "pat@a.test"));
    }

    [Fact]
    public void RecoveryCodes_WarnAtThreeLeft_AndSayHowManyInWords()
    {
        Assert.True(RecoveryCodes.IsRunningLow(3));
        Assert.True(RecoveryCodes.IsRunningLow(0));
        Assert.False(RecoveryCodes.IsRunningLow(4));
        Assert.Equal("1 recovery code left.", AuthenticatorMessages.CodesLeft(1));
        Assert.Equal("10 recovery codes left.", AuthenticatorMessages.CodesLeft(10));
        Assert.Equal("That was your last recovery code.", AuthenticatorMessages.LeftAfterUse(0));
        Assert.Equal("Only 1 recovery code left.", AuthenticatorMessages.LeftAfterUse(1));
        Assert.Equal("Only 3 recovery codes left.", AuthenticatorMessages.LeftAfterUse(3));
    }

    [Fact]
    public void Apps_RoomForAnotherOnlyUnderFive_AndARefusedRemovalSaysWhichProofWasWrong()
    {
        Assert.True(SecondFactors.MayAddApp(4));
        Assert.False(SecondFactors.MayAddApp(5));

        var wrong = new TotpCheckResult(TotpCheckOutcome.WrongCode);
        Assert.Equal("That password is not right.", AuthenticatorMessages.ForRemoval(wrong, usedPassword: true, Now));
        Assert.Equal(AuthenticatorMessages.WrongCode, AuthenticatorMessages.ForRemoval(wrong, usedPassword: false, Now));
    }

    [Fact]
    public void ResetDialog_SaysWhichIdentityCheckFailed_SupportsCodeOrTheAdminsPassword()
    {
        Assert.Equal("That code is not right or has expired. Send a new one if needed.", ConsoleMessages.IdentityCheckFailed(ConsoleRole.Support));
        Assert.Equal("That password is not right.", ConsoleMessages.IdentityCheckFailed(ConsoleRole.Admin));
    }

    [Fact]
    public void AuditFilter_ToIncludesItsWholeUtcDay_AndAnOverLongFieldIsNotApplied()
    {
        var day = AuditFilter.Day(new DateTime(2026, 12, 8, 15, 30, 0, DateTimeKind.Local));
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), day);

        var filter = AuditFilter.ForDays("enabled", new string('x', AuditFilter.MaxPersonLength + 1), day, day, 0, 50);
        Assert.Equal(day, filter.From);
        Assert.Equal(day!.Value.AddDays(1), filter.To);
        Assert.Equal("enabled", filter.Type);
        Assert.Null(filter.Person);
        Assert.Null(AuditFilter.ForDays(null, null, null, null, 0, 50).To);
    }
}
