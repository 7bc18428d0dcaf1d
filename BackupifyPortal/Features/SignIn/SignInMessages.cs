namespace BackupifyPortal.Features.SignIn;

/// <summary>What Log In tells the person, in the words of UI-CONTRACT.md; the page only shows them.</summary>
public static class SignInMessages
{
    public const string IncorrectPassword = "Incorrect email or password.";
    public const string CouldNotFinish = "We could not finish signing you in. Reload the page and try again.";
    public const string RememberedBrowserGone = "This browser is no longer remembered. Reload the page and log in again with your second factor.";
    public const string PasskeyExpired = "That took too long. Press Sign in with a passkey again.";
    public const string PasskeyRefused = "That passkey was not accepted. Use another passkey, or your email and password.";

    public static string Lockout(TimeSpan? left) => left is null
        ? "This account is locked after too many failed attempts. Ask your administrator or Backupify support to unlock it."
        : TwoFactor.LockoutMessages.TryAgainIn(left.Value);

    /// <summary>A message for the person, by the browser's WebAuthn error name (no passkey chosen, not supported…).</summary>
    public static string PasskeyBrowserError(string? error) => error switch
    {
        "NotSupportedError" => "This browser cannot use passkeys. Update it, or sign in another way.",
        "InvalidStateError" => "That device already holds a passkey for your account.",
        "SecurityError" => "Passkeys only work on the portal's own address.",
        _ => "No passkey was used. Try again when your device asks.",
    };
}
