using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupifyPortal.CircuitClient.Loopback;

/// <summary>
/// A throw-away self-signed certificate for 127.0.0.1 and localhost as PEM files (tls.crt, tls.key), for nginx and
/// Kestrel on loopback, as deploy/cluster.sh makes with openssl. Nothing is installed or trusted system-wide.
/// </summary>
public static class SelfSignedPemFiles
{
    public static (string Certificate, string Key) Write(string folder)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var (crt, key) = (Path.Combine(folder, "tls.crt"), Path.Combine(folder, "tls.key"));
        File.WriteAllText(crt, certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (crt, key);
    }
}
