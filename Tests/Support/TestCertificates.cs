using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// A private CA and a server certificate for 127.0.0.1 and localhost, made at test time and written as PEM
/// files to a temporary folder (no certificate or key is committed).
/// </summary>
internal sealed class TestCertificates
{
    private static readonly Lazy<TestCertificates> Shared = new(Create);

    private TestCertificates(string certificateFile, string keyFile, string caFile, X509Certificate2 ca)
    {
        CertificateFile = certificateFile;
        KeyFile = keyFile;
        CaFile = caFile;
        Ca = ca;
    }

    public static TestCertificates Instance => Shared.Value;

    public string CertificateFile { get; }

    public string KeyFile { get; }

    public string CaFile { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2Collection Roots => [Ca];

    private static TestCertificates Create()
    {
        var folder = Directory.CreateTempSubdirectory("jinaorleans-tls-").FullName;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=JinaOrleans Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(ca, now.AddDays(-1), now.AddDays(30), [1, 2, 3, 4, 5, 6, 7, 8]);

        var certificateFile = Path.Combine(folder, "server.pem");
        var keyFile = Path.Combine(folder, "server.key");
        var caFile = Path.Combine(folder, "ca.pem");
        File.WriteAllText(certificateFile, server.ExportCertificatePem());
        File.WriteAllText(keyFile, serverKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(caFile, ca.ExportCertificatePem());
        return new TestCertificates(certificateFile, keyFile, caFile, X509CertificateLoader.LoadCertificate(ca.RawData));
    }
}
