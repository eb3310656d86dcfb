using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JinaOrleans.Gateway.Hosting;

/// <summary>Loads PEM certificates and keys at start-up, with errors that name the file.</summary>
public static class PemCertificates
{
    /// <summary>A certificate with its private key, usable by SslStream as a server or client certificate.</summary>
    public static X509Certificate2 LoadPair(string certificateFile, string keyFile, string what = "TLS certificate")
    {
        ArgumentNullException.ThrowIfNull(certificateFile);
        ArgumentNullException.ThrowIfNull(keyFile);
        foreach (var path in new[] { certificateFile, keyFile })
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{what}: '{path}' does not exist or cannot be read.");
            }
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);

            // Re-import so the private key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException($"{what}: '{certificateFile}' / '{keyFile}' could not be loaded as a PEM certificate and key: {ex.Message}", ex);
        }
    }

    /// <summary>The certificates of a PEM bundle (a CA).</summary>
    public static X509Certificate2Collection LoadBundle(string file, string what = "CA bundle")
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"{what}: '{file}' does not exist or cannot be read.");
        }

        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(file);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"{what}: '{file}' is not a PEM certificate bundle: {ex.Message}", ex);
        }

        return bundle.Count > 0 ? bundle : throw new InvalidOperationException($"{what}: '{file}' holds no certificate.");
    }

    /// <summary>The TLS client authentication purpose (extended key usage 1.3.6.1.5.5.7.3.2).</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to one of <paramref name="roots"/> and, when
    /// <paramref name="purpose"/> is given, may be used for it (its extended key usage allows it).
    /// </summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection roots, string? purpose = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        if (purpose is not null)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(purpose));
        }

        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        return chain.Build(certificate);
    }
}
