namespace BackupifyPortal.Features.Authenticator;

/// <summary>A store page where the app can be installed.</summary>
public sealed record AppStoreLink(string StoreName, string Url);

/// <summary>One choice of the Choose Your Authenticator dialog: its icon and where to tap to add an account.</summary>
public sealed record AuthenticatorApp(string Name, string Icon, IReadOnlyList<string> Steps, IReadOnlyList<AppStoreLink> Stores)
{
    public bool IsOther => Name == AuthenticatorApps.OtherName;
}

/// <summary>The apps named in the help article, in its order, then Other.</summary>
public static class AuthenticatorApps
{
    public const string OtherName = "Other";
    public const int MaxOtherNameLength = 40;
    private const string Scan = "Point the camera at the QR code on this screen.";

    private static AppStoreLink Apple(string path) => new("App Store", $"https://apps.apple.com/app/{path}");
    private static AppStoreLink Play(string id) => new("Google Play", $"https://play.google.com/store/apps/details?id={id}");

    public static readonly IReadOnlyList<AuthenticatorApp> All =
    [
        new("Google Authenticator", "apps/google-authenticator.svg",
            ["Open Google Authenticator.", "Tap the + button at the bottom right.", "Tap Scan a QR code.", Scan],
            [Apple("google-authenticator/id388497605"), Play("com.google.android.apps.authenticator2")]),
        new("Microsoft Authenticator", "apps/microsoft-authenticator.svg",
            ["Open Microsoft Authenticator.", "Tap + (Add account) at the top right.", "Choose Other account (Google, Facebook, etc.).", Scan],
            [Apple("microsoft-authenticator/id983156458"), Play("com.azure.authenticator")]),
        new("Authy", "apps/authy.svg",
            ["Open Authy.", "Tap + or Add Account.", "Tap Scan QR Code.", Scan],
            [Apple("twilio-authy/id494168017"), Play("com.authy.authy")]),
        new("Duo Mobile", "apps/duo-mobile.svg",
            ["Open Duo Mobile.", "Tap + Add (or Add account).", "Tap Use QR code.", Scan],
            [Apple("duo-mobile/id422663827"), Play("com.duosecurity.duomobile")]),
        new("1Password", "apps/1password.svg",
            ["Open 1Password and create or open a Login item for Backupify.", "Tap Edit, then Add More > One-Time Password.", "Tap the QR code button.", Scan],
            [Apple("1password-password-manager/id1511601750"), Play("com.onepassword.android")]),
        new("FreeOTP", "apps/freeotp.svg",
            ["Open FreeOTP.", "Tap the QR code button at the top (or + then Scan QR code).", Scan],
            [Apple("freeotp-authenticator/id872559395"), Play("org.fedorahosted.freeotp")]),
        new(OtherName, "apps/other.svg",
            ["Open your authenticator app.", "Choose to add an account (often a + button).", "Choose to scan a QR code.", Scan],
            []),
    ];

    /// <summary>Why a name typed for Other cannot be used (it is shown back on every later step), or null; empty means "not typed yet".</summary>
    public static string? OtherNameError(string? typed)
    {
        var name = (typed ?? "").Trim();
        if (name.Length > MaxOtherNameLength) return $"Use at most {MaxOtherNameLength} characters.";
        return BackupifyPortal.Features.Accounts.TypedText.HasHiddenCharacters(name) ? "Remove the hidden or control characters from the name." : null;
    }
}
