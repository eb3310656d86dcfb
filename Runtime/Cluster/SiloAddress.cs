using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace JinaOrleans.Runtime.Cluster;

/// <summary>Parses <c>host:port</c> silo addresses (IPv6 hosts in brackets).</summary>
public static class SiloAddress
{
    public static bool TryParse(string? address, [NotNullWhen(true)] out string? host, out int port)
    {
        host = null;
        port = 0;
        if (string.IsNullOrWhiteSpace(address))
        {
            return false;
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0 || colon == address.Length - 1)
        {
            return false;
        }

        if (!int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = address[..colon].Trim('[', ']');
        return host.Length > 0;
    }

    /// <summary><c>host:port</c>, with brackets around an IPv6 host.</summary>
    public static string Format(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port.ToString(CultureInfo.InvariantCulture)}" : $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
}
