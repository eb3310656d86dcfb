using System.Security.Cryptography.X509Certificates;
using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Hosting;

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

        if (!File.Exists(certificate))
        {
            throw new InvalidOperationException($"ssl_certfile: '{certificate}' does not exist or cannot be read.");
        }

        if (!File.Exists(key))
        {
            throw new InvalidOperationException($"ssl_keyfile: '{key}' does not exist or cannot be read.");
        }

        return PemCertificates.LoadPair(certificate, key, "ssl_certfile / ssl_keyfile");
    }
}
