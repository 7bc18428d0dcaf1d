using BackupifyPortal.Data;
using BackupifyPortal.Features.TwoFactor;

namespace BackupifyPortal.Features.SignIn;

/// <summary>A step of Two Factor Log In: which way the person is proving the second factor.</summary>
public enum SignInStep { Phone, Authenticator, Recovery, Passkey }

/// <summary>
/// Which ways a person may finish a sign-in, from their factors, and which is asked first. The screen only shows these;
/// <see cref="SecondFactorSignIn"/> checks each factor again when it is used.
/// </summary>
public sealed record SignInWays(TwoFactorState Factors)
{
    /// <summary>An app, when set up, is asked for first, so no SMS is sent unless the person chooses it; a passkey-only person starts with the passkey.</summary>
    public SignInStep First => Factors.AuthenticatorEnabled ? SignInStep.Authenticator
        : Factors.Phone != PhoneState.None || Factors.Passkeys == 0 ? SignInStep.Phone
        : SignInStep.Passkey;

    /// <summary>A never-verified phone is verified by this sign-in's code ("2FA Verification"); it is not yet a factor.</summary>
    public bool VerifiesPhone => Factors.Phone == PhoneState.Pending;

    /// <summary>"Remember this browser" only for a person with a real second factor (the one definition of enrolled).</summary>
    public bool MayRememberBrowser => Factors.Enrolled;

    public bool OffersPasskey => Factors.Passkeys > 0;

    /// <summary>The main phone, offered from any other step, only once verified.</summary>
    public bool OffersPhone(SignInStep step, bool usingBackup) =>
        (step != SignInStep.Phone || usingBackup) && Factors.Phone == PhoneState.Verified;

    /// <summary>The backup phone, chosen only by its own button and only once verified; null when not offered.</summary>
    public FactorView? OfferedBackupPhone(SignInStep step, bool usingBackup) =>
        !(step == SignInStep.Phone && usingBackup) && Factors.BackupPhone is { PhoneState: PhoneState.Verified } backup ? backup : null;

    public bool OffersApp(SignInStep step) => step != SignInStep.Authenticator && Factors.AuthenticatorEnabled;

    public bool OffersRecoveryCode(SignInStep step) => step != SignInStep.Recovery && Factors.RecoveryCodesLeft > 0;
}
