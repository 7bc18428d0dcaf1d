namespace BackupifyPortal.Features.Audit;

/// <summary>Each audit event type in plain words, for every screen a person reads (their own events, the consoles); the CSV keeps the type.</summary>
public static class AuditEventDescriptions
{
    private static readonly Dictionary<string, string> Words = new()
    {
        [AuditEventTypes.SignInPasswordFailed] = "Wrong password at log in",
        [AuditEventTypes.SignInPasswordAccepted] = "Password accepted at log in",
        [AuditEventTypes.SignInSucceeded] = "Signed in",
        [AuditEventTypes.SignInLocked] = "Log in paused after too many wrong passwords",
        [AuditEventTypes.SignInWithoutVerifyingPhone] = "Signed in without verifying the phone yet",
        [AuditEventTypes.SignedOut] = "Signed out",
        [AuditEventTypes.SessionsEnded] = "Other sessions signed out",
        [AuditEventTypes.ReauthSucceeded] = "Confirmed it's you",
        [AuditEventTypes.ReauthFailed] = "Wrong answer when confirming it's you",
        [AuditEventTypes.PasswordChanged] = "Password changed",
        [AuditEventTypes.PasswordChangeFailed] = "Password change refused",
        [AuditEventTypes.CodeSent] = "Verification code sent",
        [AuditEventTypes.CodeFailed] = "Wrong verification code",
        [AuditEventTypes.SecondFactorLocked] = "Codes paused after too many wrong codes",
        [AuditEventTypes.SecondFactorHardLocked] = "Account locked after too many wrong codes",
        [AuditEventTypes.PhonePending] = "Phone number saved, to be verified",
        [AuditEventTypes.PhoneEnabled] = "Two-factor authentication by phone turned on",
        [AuditEventTypes.PhoneVerified] = "Phone number verified",
        [AuditEventTypes.PhoneChanged] = "Phone number changed",
        [AuditEventTypes.PhoneChangeDenied] = "Phone number change refused",
        [AuditEventTypes.PhoneDisabled] = "Two-factor authentication by phone turned off",
        [AuditEventTypes.PhoneDisableDenied] = "Turning off two-factor authentication refused",
        [AuditEventTypes.AuthenticatorEnabled] = "Authenticator app turned on",
        [AuditEventTypes.AuthenticatorReplaced] = "Authenticator app replaced",
        [AuditEventTypes.AuthenticatorDisabled] = "Authenticator app turned off",
        [AuditEventTypes.TotpReplayRefused] = "Authenticator code used twice, refused",
        [AuditEventTypes.TotpClockDrift] = "Authenticator app's clock is off",
        [AuditEventTypes.PasskeyAdded] = "Passkey added",
        [AuditEventTypes.PasskeyRemoved] = "Passkey removed",
        [AuditEventTypes.PasskeyRenamed] = "Passkey renamed",
        [AuditEventTypes.PasskeySignInFailed] = "Passkey log in refused",
        [AuditEventTypes.RecoveryCodesRegenerated] = "New recovery codes made",
        [AuditEventTypes.RecoveryCodeUsed] = "Recovery code used",
        [AuditEventTypes.BackupPhoneVerified] = "Backup phone verified",
        [AuditEventTypes.BackupPhoneRemoved] = "Backup phone removed",
        [AuditEventTypes.TrustedBrowserRemembered] = "Browser remembered, skips the second step for 30 days",
        [AuditEventTypes.TrustedBrowserForgotten] = "A trusted browser forgotten",
        [AuditEventTypes.TrustedBrowsersForgotten] = "All trusted browsers forgotten",
        [AuditEventTypes.DeliveryCallbackRejected] = "Delivery report with a bad signature refused",
        [AuditEventTypes.SetupLinksSentToAllNotEnrolled] = "Setup links sent to everyone not enrolled",
        [AuditEventTypes.RecoveryCodeFailed] = "Wrong recovery code",
        [AuditEventTypes.PolicyChanged] = "Organisation two-factor policy changed",
        [AuditEventTypes.TwoFactorReset] = "Two-factor authentication reset by an admin or support",
        [AuditEventTypes.ResetIdentityCheckFailed] = "Two-factor reset refused: identity not confirmed",
        [AuditEventTypes.AccountUnlocked] = "Account unlocked by an admin",
        [AuditEventTypes.SetupLinkSent] = "Setup link sent",
        [AuditEventTypes.SetupLinkUsed] = "Setup link used",
        [AuditEventTypes.SetupLinkThrottled] = "Setup link not sent: too many sent",
        [AuditEventTypes.SetupLinkHeld] = "Setup link opened before log in",
        [AuditEventTypes.IdentityCheckSent] = "Identity check code sent by support",
        [AuditEventTypes.IdentityCheckFailed] = "Wrong identity check code",
        [AuditEventTypes.IdentityCheckThrottled] = "Identity check code not sent: too many sent",
        [AuditEventTypes.IdentityCheckLimited] = "Identity checks paused after too many wrong codes",
    };

    /// <summary>The plain words for <paramref name="type"/>; a type missing here reads "Other security event", never its code.</summary>
    public static string Describe(string type) => Words.TryGetValue(type, out var words) ? words : "Other security event";

    public static bool IsDescribed(string type) => Words.ContainsKey(type);

    /// <summary>The types whose plain words contain <paramref name="text"/> (any case), so a filter can take the words a screen shows.</summary>
    public static IReadOnlyList<string> TypesDescribedAs(string text) =>
        string.IsNullOrWhiteSpace(text) ? [] : Words.Where(w => w.Value.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)).Select(w => w.Key).ToList();
}
