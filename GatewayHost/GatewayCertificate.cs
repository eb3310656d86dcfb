using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JinaOrleans.Definitions;

namespace JinaOrleans.Gateway;

/// <summary>Loads the gateway's TLS certificate from <c>ssl_certfile</c> and <c>ssl_keyfile</c> (PEM), at start-up.</summary>
internal static class GatewayCertificate
{
    /// <summary>The certificate, or null without TLS; a clear error when only one file is given or a file is unusable.</summary>
    public static X509Certificate2? Load(GatewayDefinition gateway)
    {
        var (certificate, key) = (gateway.SslCertFile, gateway.SslKeyFile);
        if (certificate is null && key is null)
        {
            return null;
        }

        if (certificate is null || key is null)
        {
            throw new InvalidOperationException(
                $"TLS needs both ssl_certfile and ssl_keyfile; only {(certificate is null ? "ssl_keyfile" : "ssl_certfile")} was given.");
        }

        foreach (var (name, path) in new[] { ("ssl_certfile", certificate), ("ssl_keyfile", key) })
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{name}: '{path}' does not exist or cannot be read.");
            }
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificate, key);

            // Re-import so the private key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException($"ssl_certfile '{certificate}' / ssl_keyfile '{key}' could not be loaded as a PEM certificate and key: {ex.Message}", ex);
        }
    }
}
