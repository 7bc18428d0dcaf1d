namespace BackupifyPortal.Components.SignIn;

/// <summary>How the 2FA screen shows the phone step: first verification of a pending phone, or an ordinary sign-in.</summary>
public enum PhoneStepMode
{
    /// <summary>Heading "2FA Verification": the phone saved by the Enable dialog is verified by this code.</summary>
    Verification,
    /// <summary>Heading "Two Factor Log In".</summary>
    LogIn,
}
