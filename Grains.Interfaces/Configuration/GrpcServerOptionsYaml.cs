using System.Collections.Immutable;
using System.Globalization;
using JinaOrleans.Definitions;
using YamlDotNet.RepresentationModel;

namespace JinaOrleans.Configuration;

/// <summary>
/// <c>grpc_server_options</c>: grpc channel arguments by name. Only those with a Kestrel or grpc-dotnet counterpart are
/// accepted (<see cref="GrpcServerOptions.Understood"/>), each checked against what that counterpart takes; any other
/// fails with its line, naming the understood ones.
/// </summary>
internal static class GrpcServerOptionsYaml
{
    public static GrpcServerOptions? Read(YamlNode value, string path, YamlValues values)
    {
        if (value is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return GrpcServerOptions.Empty;
        }

        if (value is not YamlMappingNode mapping)
        {
            values.Error(value, path, $"expected a mapping of grpc option: value, found a {YamlValues.Describe(value)}");
            return null;
        }

        var builder = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        foreach (var (nameNode, valueNode) in mapping.Children)
        {
            if (values.Text(nameNode, path) is not { } name)
            {
                continue;
            }

            var where = $"{path}.{name}";
            if (!GrpcServerOptions.Understood.Contains(name))
            {
                values.Error(nameNode, where, $"has no Kestrel or grpc-dotnet counterpart; understood: {string.Join(", ", GrpcServerOptions.Understood)}");
                continue;
            }

            if (values.Text(valueNode, where) is not { } text)
            {
                continue;
            }

            long number;
            if (text.ToLowerInvariant() is "true" or "false")
            {
                number = text.Equals("true", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            }
            else if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
            {
                values.Error(valueNode, where, $"expected an integer, found '{text}'");
                continue;
            }

            if (Check(name, number) is { } problem)
            {
                values.Error(valueNode, where, problem);
                continue;
            }

            builder[name] = number;
        }

        return new GrpcServerOptions { Values = builder.ToImmutable() };
    }

    /// <summary>What is wrong with <paramref name="value"/> for option <paramref name="name"/>, or null.</summary>
    private static string? Check(string name, long value) => name switch
    {
        GrpcServerOptions.MaxReceiveMessageLength or GrpcServerOptions.MaxSendMessageLength =>
            value < -1 ? $"must be a size in bytes, or -1 for any size (was {value})" : null,
        GrpcServerOptions.KeepAliveTimeMs or GrpcServerOptions.KeepAliveTimeoutMs =>
            value is < 1000 or > int.MaxValue ? $"must be between 1000 ms (Kestrel's least) and {int.MaxValue} (was {value})" : null,
        GrpcServerOptions.MaxConcurrentStreams or GrpcServerOptions.MaxMetadataSize or GrpcServerOptions.MaxConnectionIdleMs =>
            value is < 1 or > int.MaxValue ? $"must be between 1 and {int.MaxValue} (was {value})" : null,
        GrpcServerOptions.MaxFrameSize =>
            value is < 16_384 or > 16_777_215 ? $"must be between 16384 and 16777215, as HTTP/2 allows (was {value})" : null,
        GrpcServerOptions.DefaultCompressionAlgorithm =>
            value is < 0 or > 2 ? $"must be 0 (none), 1 (deflate) or 2 (gzip) (was {value})" : null,
        GrpcServerOptions.KeepAlivePermitWithoutCalls =>
            value != 1 ? "Kestrel always answers pings on connections without calls; only 1 (true) can be given" : null,
        GrpcServerOptions.MaxPingsWithoutData =>
            value != 0 ? "Kestrel does not limit pings without data; only 0 (no limit) can be given" : null,
        _ => null,
    };
}
