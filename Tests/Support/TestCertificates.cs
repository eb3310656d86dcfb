using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// A private CA with certificates for 127.0.0.1 and localhost, made at test time and written as PEM files to a
/// temporary folder (no certificate or key is committed): a server certificate, a peer certificate usable both
/// as server and as client (mutual TLS between gateway and silos), and a peer certificate from another CA.
/// </summary>
internal sealed class TestCertificates
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private static readonly Lazy<TestCertificates> Shared = new(Create);

    private TestCertificates(string folder, X509Certificate2 ca)
    {
        Folder = folder;
        Ca = ca;
    }

    public static TestCertificates Instance => Shared.Value;

    public X509Certificate2 Ca { get; }

    public X509Certificate2Collection Roots => [Ca];

    public string CaFile => Path.Combine(Folder, "ca.pem");

    /// <summary>Server authentication only.</summary>
    public string CertificateFile => Path.Combine(Folder, "server.pem");

    public string KeyFile => Path.Combine(Folder, "server.key");

    /// <summary>Server and client authentication, signed by <see cref="Ca"/>.</summary>
    public string PeerCertificateFile => Path.Combine(Folder, "peer.pem");

    public string PeerKeyFile => Path.Combine(Folder, "peer.key");

    /// <summary>Server and client authentication, signed by a CA nobody trusts.</summary>
    public string StrangerCertificateFile => Path.Combine(Folder, "stranger.pem");

    public string StrangerKeyFile => Path.Combine(Folder, "stranger.key");

    private string Folder { get; }

    private static TestCertificates Create()
    {
        var folder = Directory.CreateTempSubdirectory("jinaorleans-tls-").FullName;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateCa("JinaOrleans Test CA", caKey);
        using var otherCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherCa = CreateCa("Some Other CA", otherCaKey);

        File.WriteAllText(Path.Combine(folder, "ca.pem"), ca.ExportCertificatePem());
        Issue(ca, Path.Combine(folder, "server"), ServerAuthentication);
        Issue(ca, Path.Combine(folder, "peer"), ServerAuthentication, ClientAuthentication);
        Issue(otherCa, Path.Combine(folder, "stranger"), ServerAuthentication, ClientAuthentication);
        return new TestCertificates(folder, X509CertificateLoader.LoadCertificate(ca.RawData));
    }

    private static X509Certificate2 CreateCa(string name, ECDsa key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    /// <summary>Writes <c>{path}.pem</c> and <c>{path}.key</c>: a certificate for 127.0.0.1 and localhost.</summary>
    private static void Issue(X509Certificate2 issuer, string path, params string[] purposes)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        var usages = new OidCollection();
        foreach (var purpose in purposes)
        {
            usages.Add(new Oid(purpose));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var now = DateTimeOffset.UtcNow;
        // A day inside the CA's 30 days: issued a second later with the same span, it would outlive its issuer.
        using var certificate = request.Create(issuer, now.AddDays(-1), now.AddDays(29), RandomNumberGenerator.GetBytes(8));
        File.WriteAllText(path + ".pem", certificate.ExportCertificatePem());
        File.WriteAllText(path + ".key", key.ExportPkcs8PrivateKeyPem());
    }
}
