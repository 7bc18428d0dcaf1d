using Microsoft.AspNetCore.DataProtection;
using OtpNet;

namespace BackupifyPortal.Features.Authenticator;

/// <summary>Creates 160-bit TOTP secrets and keeps them only as Data Protection payloads (key ring in the database).</summary>
public sealed class AuthenticatorSecrets(IDataProtectionProvider provider)
{
    public const string Purpose = "BackupifyPortal.Authenticator.v1";
    public const int SecretBytes = 20;

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(SecretBytes);

    public string Protect(byte[] secret) => protector.Protect(Base32Encoding.ToString(secret));

    public byte[] Unprotect(string payload) => Base32Encoding.ToBytes(protector.Unprotect(payload));
}
