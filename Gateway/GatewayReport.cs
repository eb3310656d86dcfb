using JinaOrleans.Definitions;

namespace JinaOrleans.Gateway;

/// <summary>The lines a gateway process prints once it serves: one per protocol, with its bound port.</summary>
public static class GatewayReport
{
    /// <summary>Writes <c>Gateway serving {protocol} on {host}:{port} ({mode})</c> for each protocol.</summary>
    public static async Task WriteAsync(TextWriter output, GatewayDefinition gateway, IReadOnlyList<int> ports, string mode)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(ports);
        for (var i = 0; i < ports.Count; i++)
        {
            await output.WriteLineAsync($"Gateway serving {gateway.Protocols[i].ToString().ToLowerInvariant()} on {gateway.Host}:{ports[i]} ({mode})").ConfigureAwait(false);
        }

        await output.FlushAsync().ConfigureAwait(false);
    }
}
