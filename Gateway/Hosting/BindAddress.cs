using System.Net;

namespace JinaOrleans.Gateway.Hosting;

/// <summary>Turns a Jina <c>host</c> value into the address a listener binds.</summary>
public static class BindAddress
{
    /// <summary><c>0.0.0.0</c> (or empty, or <c>*</c>) binds every interface; a name resolves to its first address.</summary>
    public static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host is "0.0.0.0" or "*" or "")
        {
            return IPAddress.Any;
        }

        if (host == "localhost")
        {
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        var resolved = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        return resolved.FirstOrDefault() ?? throw new InvalidOperationException($"Host '{host}' does not resolve to any address.");
    }
}
