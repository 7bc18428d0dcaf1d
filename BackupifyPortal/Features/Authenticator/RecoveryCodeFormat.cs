using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace BackupifyPortal.Features.Authenticator;

/// <summary>How recovery codes look, are typed back and are hashed.</summary>
public static class RecoveryCodeFormat
{
    /// <summary>15 random bytes = 120 bits = 24 base32 characters: at least 112 bits, so a plain one-way hash stores them safely (NIST 800-63B look-up secrets, ASVS 6.5.2).</summary>
    public const int RandomBytes = 15;

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

    /// <summary>SHA-256 is enough: 120 random bits cannot be guessed offline. The user id keeps equal codes of two people apart.</summary>
    public static byte[] Hash(string userId, string normalized) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}:{normalized}"));
}
