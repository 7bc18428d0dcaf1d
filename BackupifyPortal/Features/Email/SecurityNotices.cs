namespace BackupifyPortal.Features.Email;

/// <summary>The emails a person gets when someone changes their sign-in security. Every notice says what to do if it was not them.</summary>
public sealed class SecurityNotices(IEmailSender email)
{
    private const string NotYou = "Not you? Contact support right away: someone may be trying to take over your account.";

    public Task TwoFactorResetAsync(string to, string setupUrl, CancellationToken ct = default) => email.SendAsync(to,
        "Your two-factor authentication was reset",
        $"""
        Your organisation admin or Backupify support reset two-factor authentication on your account.
        Your phone, authenticator app and recovery codes no longer work for signing in.

        Set up two-factor authentication again with this link (valid for 24 hours, usable once):
        {setupUrl}

        {NotYou}
        """, ct);

    public Task SetupLinkAsync(string to, string setupUrl, CancellationToken ct = default) => email.SendAsync(to,
        "Set up two-factor authentication",
        $"""
        Your organisation asks you to set up two-factor authentication on your Backupify account.
        Open this link and follow the steps (valid for 24 hours, usable once):
        {setupUrl}

        {NotYou}
        """, ct);

    public Task IdentityCheckCodeAsync(string to, string code, CancellationToken ct = default) => email.SendAsync(to,
        "Your Backupify support confirmation code",
        $"""
        Backupify support asked to confirm it is really you on the line.
        Read this code to the support agent: {code}
        It is valid for 10 minutes. Only share it with support while you are talking to them.

        {NotYou}
        """, ct);

    public Task TwoFactorChangedAsync(string to, string what, CancellationToken ct = default) => email.SendAsync(to,
        "Your two-factor authentication changed",
        $"""
        {what}

        {NotYou}
        """, ct);

    public Task SignInWaitsStartedAsync(string to, CancellationToken ct = default) => email.SendAsync(to,
        "Several wrong passwords were typed for your Backupify account",
        $"""
        Someone typed the wrong password for your Backupify account several times in a row, so further tries from
        there now have to wait a little longer each time. You can still sign in with your right password from
        a place you have signed in from before, or with your password and your second factor.

        If it was you, there is nothing to do. {NotYou}
        """, ct);

    public Task PasswordChangedAsync(string to, CancellationToken ct = default) => email.SendAsync(to,
        "Your Backupify password was changed",
        $"""
        The password of your Backupify account was just changed. Every other browser signed in to your account has been signed out.

        {NotYou}
        """, ct);

    // Sent by Features/SignIn/SecondFactorSignIn when a person continues past a never-verified number.
    public Task SignedInWithoutVerifyingPhoneAsync(string to, string maskedPhone, CancellationToken ct = default) => email.SendAsync(to,
        "You signed in without verifying your phone number",
        $"""
        Someone signed in to your Backupify account with your password and chose not to verify the phone number {maskedPhone},
        because it was never verified. If it is the wrong number, correct it in User Settings.

        {NotYou}
        """, ct);
}
