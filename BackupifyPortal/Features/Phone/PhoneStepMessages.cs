using BackupifyPortal.Data;

namespace BackupifyPortal.Features.Phone;

/// <summary>The words of sign-in's phone-code step: where the code went, how long it lasts, why none was sent, the lock.</summary>
public static class PhoneStepMessages
{
    public const string NoPhone = "There is no phone number for two-factor codes on this account.";
    public const string Cooldown = "A code was sent a moment ago. Check your phone, or wait to request a new one.";
    public const string CountryNotAllowed = "We can't send codes to this number's country. Use your authenticator app or a recovery code.";
    public const string HardLocked = "Too many wrong codes. Two-factor sign-in is locked for this account; contact your administrator or support to unlock it.";

    public static string Sent(DeliveryChannel channel, string masked, TimeSpan codeLifetime)
    {
        var valid = $"It is valid for {(int)codeLifetime.TotalMinutes} minutes.";
        return channel == DeliveryChannel.Voice
            ? $"We're calling {masked} to read you a 6-digit code. {valid}"
            : $"We sent a 6-digit code by text message to {masked}. {valid}";
    }

    /// <summary>While the code box is locked no code is sent: only where codes go.</summary>
    public static string CodesGoTo(string masked) => $"Codes go to {masked}.";

    /// <summary>Never "getting your code ready" beside a refusal: no code is on its way.</summary>
    public static string NoneSent(string? masked) => $"No code has been sent{(masked is { Length: > 0 } m ? $" to {m}" : "")} yet.";

    /// <summary>
    /// The line beside a send the portal refused; null when a code went, or when the lock line says it. A cap with no
    /// recorded end says "until now" rather than nothing.
    /// </summary>
    public static string? ForRefusedSend(SendCodeResult result, DateTimeOffset now, string? timeZoneId, bool hasAuthenticator, bool hasRecoveryCodes) => result.Status switch
    {
        SendCodeStatus.Sent or SendCodeStatus.Locked => null,
        SendCodeStatus.Cooldown => Cooldown,
        SendCodeStatus.LimitReached => SendCapMessage.For(result.NextSendAllowedAt ?? now, now, timeZoneId, hasAuthenticator, hasRecoveryCodes),
        SendCodeStatus.CountryNotAllowed => CountryNotAllowed,
        SendCodeStatus.NoPhone => NoPhone,
        _ => SendOutcome.MessageFor(result.Failure),
    };

    /// <summary>The line under the code box after a refused code; null when it passed, or when the lock line says it.</summary>
    public static string? ForRefusedCode(VerifyCodeResult result) => result.Status switch
    {
        VerifyCodeStatus.Wrong => $"That code isn't right. {result.AttemptsLeft} {(result.AttemptsLeft == 1 ? "attempt" : "attempts")} left before a short lockout.",
        VerifyCodeStatus.Malformed => "Enter the 6-digit code we sent you.",
        VerifyCodeStatus.Expired => "This code has expired or was already used. Request a new one with SMS or Phone Call.",
        _ => null,
    };

    public static string Locked(bool hardLocked, DateTimeOffset? lockedUntil, DateTimeOffset now) => hardLocked
        ? HardLocked
        : $"Too many wrong codes. Try again in {WaitText.Format((lockedUntil ?? now) - now)}.";
}

/// <summary>The phone step's clock: is the code box locked, may a new code go, and the wait line under the buttons.</summary>
public sealed record PhoneStepWindow(bool HardLocked, DateTimeOffset? LockedUntil, DateTimeOffset NextSendAllowedAt)
{
    public bool IsLocked(DateTimeOffset now) => HardLocked || LockedUntil > now;
    public bool CanResend(DateTimeOffset now) => !IsLocked(now) && NextSendAllowedAt <= now;
    /// <summary>Empty while locked (the lock line says it) or once a new code may go.</summary>
    public string WaitLine(DateTimeOffset now) => NextSendAllowedAt > now && !IsLocked(now) ? PhoneDialogMessages.NewCodeIn(NextSendAllowedAt - now) : "";
}
