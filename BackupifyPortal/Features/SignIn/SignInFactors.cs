namespace BackupifyPortal.Features.SignIn;

/// <summary>What a completed sign-in attempt records as the second factor that passed, and the ticket method (amr) it gives.</summary>
public static class SignInFactors
{
    public const string AuthenticatorApp = "app";
    public const string SmsCode = "sms";
    public const string VoiceCode = "voice";
    public const string RecoveryCode = "recovery";
    public const string Passkey = "passkey";
    /// <summary>No factor: the person had only a never-verified phone and chose to continue without it (password only).</summary>
    public const string NoneUnverifiedPhone = "none-unverified-phone";

    public static string MethodFor(string factor) => factor switch
    {
        AuthenticatorApp => "pwd+otp",
        SmsCode => "pwd+sms",
        VoiceCode => "pwd+voice",
        RecoveryCode => "pwd+recovery",
        Passkey => "pwd+passkey",
        _ => "pwd",
    };
}
