using BackupifyPortal.Data;
using BackupifyPortal.Features.TwoFactor;

namespace BackupifyPortal.Features.Support;

/// <summary>What the setup wizard shows and allows for the chosen method ("phone" or "app").</summary>
public static class SetupWizardSteps
{
    public const string Phone = "phone";
    public const string App = "app";

    public static string SetUpTitle(string? method) => method switch
    {
        Phone => "Set up phone",
        App => "Set up app",
        _ => "Set up",
    };

    /// <summary>Verify may go on once the chosen factor is on (a phone counts once saved: it is verified at the next log in).</summary>
    public static bool FactorReady(string? method, TwoFactorState state) =>
        method == App ? state.AuthenticatorEnabled : state.Phone != PhoneState.None;

    public static string VerifyText(string? method, TwoFactorState state) => method == App
        ? $"Your authenticator app{(state.AuthenticatorAppName is { } app ? $" ({app})" : "")} is confirmed."
        : state.Phone == PhoneState.Verified
            ? $"Your phone {state.MaskedPhone} is verified."
            : $"Your phone {state.MaskedPhone} is saved. You will verify it with a code at your next log in.";

    /// <summary>The app's own steps showed its recovery codes and asked "I have saved these codes": the wizard does not ask again.</summary>
    public static bool CodesAlreadySaved(string? method) => method == App;
}
