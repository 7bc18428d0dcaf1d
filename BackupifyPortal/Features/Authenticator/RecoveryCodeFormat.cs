using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace BackupifyPortal.Features.Authenticator;

/// <summary>How recovery codes look, are typed back and are hashed.</summary>
public static class RecoveryCodeFormat
{
    /// <summary>10 random bytes = 80 bits = 16 base32 characters.</summary>
    public const int RandomBytes = 10;

    public static string NewCode()
    {
        var raw = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(RandomBytes)).TrimEnd('=').ToLowerInvariant();
        return string.Join('-', raw.Chunk(4).Select(c => new string(c)));
    }

    /// <summary>Case, spaces and dashes do not matter; 0/1/8 typed for O/I/B still match (base32 has none of them).</summary>
    public static string Normalize(string? typed)
    {
        var sb = new StringBuilder();
        foreach (var c in (typed ?? "").ToUpperInvariant())
        {
            if (c is '-' || char.IsWhiteSpace(c)) continue;
            sb.Append(c switch { '0' => 'O', '1' => 'I', '8' => 'B', _ => c });
        }
        return sb.ToString();
    }

    /// <summary>SHA-256 is enough: 80 random bits cannot be guessed offline. The user id keeps equal codes of two people apart.</summary>
    public static byte[] Hash(string userId, string normalized) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}:{normalized}"));
}
