using BackupifyPortal.Data;
using BackupifyPortal.Features.TwoFactor;

namespace BackupifyPortal.Features.Phone;

/// <summary>The words of the settings dialogs that send or check a phone code: why no code went, why a removal was refused.</summary>
public static class PhoneDialogMessages
{
    public const string TooManyTries = "Too many wrong tries. Try again later.";
    public const string TooManyCodes = "Too many wrong codes. Try again later.";
    public const string WrongPassword = "That password isn't right.";

    public const string BackupCodeNotSent = "We couldn't send a code to that number. Try again in a minute.";

    public static string SentToVerifyBackup(string masked) => $"We sent a code to {masked}. Enter it to verify your backup phone.";

    public static string SentToTurnOff(string masked) => $"We sent a code to {masked}. Enter it to turn off phone verification.";

    public static string NewCodeIn(TimeSpan wait) => $"You can request a new code in {WaitText.Format(wait)}.";

    /// <summary>Turn off phone verification: the code went, or why not (the password still works).</summary>
    public static string? ForDisableSend(SendCodeResult result, DateTimeOffset now) => result.Status switch
    {
        SendCodeStatus.Sent => null,
        SendCodeStatus.Cooldown or SendCodeStatus.LimitReached when result.NextSendAllowedAt is { } next =>
            $"{NewCodeIn(next - now)} Use your password meanwhile.",
        SendCodeStatus.Locked => TooManyCodes,
        SendCodeStatus.ProviderFailed => SendOutcome.MessageFor(result.Failure),
        _ => "We couldn't send a code. Use your password instead.",
    };

    /// <summary>"Confirm it's you": where the code went, or why none did.</summary>
    public static string ForConfirmationSend(SendCodeResult result, DateTimeOffset now) => result.Status switch
    {
        SendCodeStatus.Sent => $"We sent a code to {result.MaskedPhone} by {(result.Channel == DeliveryChannel.Voice ? "phone call" : "text message")}.",
        SendCodeStatus.Cooldown or SendCodeStatus.LimitReached when result.NextSendAllowedAt is { } next =>
            $"A code was sent recently. You can request a new one in {WaitText.Format(next - now)}.",
        SendCodeStatus.Locked => TooManyCodes,
        SendCodeStatus.ProviderFailed => SendOutcome.MessageFor(result.Failure),
        _ => "We couldn't send a code.",
    };

    /// <summary>A refused removal of a phone (main or backup); null when the status is not a refusal with words (done, or a last-factor question).</summary>
    public static string? ForRemoval(DisablePhoneResult result) => result.Status switch
    {
        DisablePhoneStatus.WrongPassword => WrongPassword,
        DisablePhoneStatus.Locked => TooManyTries,
        DisablePhoneStatus.NeedsFreshProof => FreshProof.Needed,
        DisablePhoneStatus.WrongCode => result.Code?.Status == VerifyCodeStatus.Wrong
            ? $"That code isn't right. {result.Code.AttemptsLeft} attempts left before a short lockout."
            : "That code has expired or isn't complete. Send a new one or use your password.",
        _ => null,
    };
}
