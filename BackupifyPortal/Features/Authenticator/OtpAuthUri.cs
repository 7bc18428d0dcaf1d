namespace BackupifyPortal.Features.Authenticator;

/// <summary>The Key URI Format every authenticator app reads from a QR code.</summary>
public static class OtpAuthUri
{
    public static string Build(string issuer, string accountName, string base32Secret)
    {
        var label = $"{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(accountName)}";
        return $"otpauth://totp/{label}?secret={base32Secret}&issuer={Uri.EscapeDataString(issuer)}"
            + $"&algorithm=SHA1&digits={TotpMath.Digits}&period={TotpMath.StepSeconds}";
    }

    /// <summary>"ABCDEFGH..." as "ABCD EFGH ...", easier to read aloud and type.</summary>
    public static string GroupsOfFour(string base32Secret) =>
        string.Join(' ', base32Secret.Chunk(4).Select(c => new string(c)));
}
