namespace BackupifyPortal.Features.Audit;

/// <summary>
/// The one catalogue of audit event types: writers and readers (limits, the support console, the person's
/// recent events) name these constants, so a type cannot drift between the code that writes it and the code that reads it.
/// </summary>
public static class AuditEventTypes
{
    public const string SignInPasswordFailed = "signin.password.failed";
    public const string SignInPasswordAccepted = "signin.password.accepted";
    public const string SignInSucceeded = "signin.succeeded";
    public const string SignInLocked = "signin.locked";
    public const string SignInWithoutVerifyingPhone = "signin.unverified-phone-skipped";
    public const string SignedOut = "signout";
    public const string SessionsEnded = "sessions.ended";

    public const string ReauthSucceeded = "reauth.succeeded";
    public const string ReauthFailed = "reauth.failed";
    public const string PasswordChanged = "password.changed";
    public const string PasswordChangeFailed = "password.change.failed";

    public const string CodeSent = "2fa.code.sent";
    public const string CodeFailed = "2fa.code.failed";
    public const string SecondFactorLocked = "2fa.locked";
    public const string SecondFactorHardLocked = "2fa.hard-locked";

    public const string PhonePending = "2fa.phone.pending";
    public const string PhoneEnabled = "2fa.phone.enabled";
    public const string PhoneVerified = "2fa.phone.verified";
    public const string PhoneChanged = "2fa.phone.changed";
    public const string PhoneChangeDenied = "2fa.phone.change-denied";
    public const string PhoneDisabled = "2fa.phone.disabled";
    public const string PhoneDisableDenied = "2fa.phone.disable-denied";
    public const string BackupPhoneVerified = "2fa.backup-phone.verified";
    public const string BackupPhoneRemoved = "2fa.backup-phone.removed";

    public const string AuthenticatorEnabled = "2fa.authenticator.enabled";
    public const string AuthenticatorReplaced = "2fa.authenticator.replaced";
    public const string AuthenticatorDisabled = "2fa.authenticator.disabled";
    public const string TotpReplayRefused = "2fa.totp.replay-refused";
    public const string TotpClockDrift = "2fa.totp.clock-drift";

    public const string PasskeyAdded = "2fa.passkey.added";
    public const string PasskeyRemoved = "2fa.passkey.removed";
    public const string PasskeyRenamed = "2fa.passkey.renamed";
    /// <summary>A passkey assertion that did not pass (wrong origin or relying party, unknown or removed passkey, bad signature or count).</summary>
    public const string PasskeySignInFailed = "signin.passkey.failed";

    /// <summary>A browser was remembered at a sign-in that passed the second factor (Features/TrustedBrowsers).</summary>
    public const string TrustedBrowserRemembered = "2fa.browser.remembered";
    public const string TrustedBrowserForgotten = "2fa.browser.forgotten";
    /// <summary>The person pressed Forget all; a password change, a reset or "Sign out other sessions" name it in their own event.</summary>
    public const string TrustedBrowsersForgotten = "2fa.browser.forgotten-all";

    public const string RecoveryCodesRegenerated = "2fa.recovery.regenerated";
    public const string RecoveryCodeUsed = "2fa.recovery.used";
    public const string RecoveryCodeFailed = "2fa.recovery.failed";

    public const string PolicyChanged = "2fa.policy.changed";
    public const string TwoFactorReset = "2fa.reset";
    public const string ResetIdentityCheckFailed = "2fa.reset.identity_failed";
    /// <summary>An admin ended a person's password and code waits (and the cap) without touching their factors.</summary>
    public const string AccountUnlocked = "account.unlocked";
    public const string SetupLinkSent = "2fa.setup_link.sent";
    public const string SetupLinkUsed = "2fa.setup_link.used";
    /// <summary>A setup link was refused by the send limits (Limits:Send); nothing was sent.</summary>
    public const string SetupLinkThrottled = "2fa.setup_link.throttled";
    /// <summary>An anonymous visitor opened a setup link: it waits for this browser's sign-in (the token never goes into a URL).</summary>
    public const string SetupLinkHeld = "2fa.setup_link.held";
    public const string IdentityCheckSent = "support.identity_check.sent";
    public const string IdentityCheckFailed = "support.identity_check.failed";
    /// <summary>An identity-check code was refused by the send limits (Limits:Send); nothing was sent.</summary>
    public const string IdentityCheckThrottled = "support.identity_check.throttled";
    /// <summary>Too many wrong identity-check codes for one customer over all codes: support resets wait.</summary>
    public const string IdentityCheckLimited = "support.identity_check.limited";

    /// <summary>A request to the Twilio status callback whose X-Twilio-Signature was missing or wrong: nothing changed.</summary>
    public const string DeliveryCallbackRejected = "webhook.twilio.rejected";
    /// <summary>An admin sent setup links to every person of their organisation without two-factor (detail: how many sent and skipped).</summary>
    public const string SetupLinksSentToAllNotEnrolled = "2fa.setup_link.sent_to_all";
}
