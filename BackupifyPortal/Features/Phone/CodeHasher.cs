using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Phone;

/// <summary>
/// Codes are stored as HMAC-SHA256(key, salt || code) with a per-row salt, so a copy of the database alone
/// does not give them away (with the key configured); numbers as HMAC(key, number) so caps can match them.
/// </summary>
public sealed class CodeHasher(IOptions<PhoneOptions> options)
{
    // Only in Development: outside it the portal does not start without Phone:HashKey (ProductionSettingsValidator).
    private static readonly byte[] DevelopmentKey = SHA256.HashData("BackupifyPortal/phone/development-key"u8);
    private byte[] Key => string.IsNullOrWhiteSpace(options.Value.HashKey) ? DevelopmentKey : Convert.FromBase64String(options.Value.HashKey);

    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public string HashCode(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"v1.{Convert.ToBase64String(salt)}.{Convert.ToBase64String(Mac(salt, code))}";
    }

    public bool Matches(string storedHash, string code)
    {
        var parts = storedHash.Split('.');
        if (parts.Length != 3 || parts[0] != "v1") return false;
        var expected = Convert.FromBase64String(parts[2]);
        return CryptographicOperations.FixedTimeEquals(expected, Mac(Convert.FromBase64String(parts[1]), code));
    }

    public string HashPhone(string e164) => Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes("phone:" + e164)));

    /// <summary>A keyed hash to look a value up by (e.g. an email with no account), never the value itself.</summary>
    public string HashLookup(string purpose, string value) => Convert.ToHexString(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(purpose + ":" + value)));

    private byte[] Mac(byte[] salt, string code) => HMACSHA256.HashData(Key, (byte[])[.. salt, .. Encoding.UTF8.GetBytes(code)]);
}
