using YamlDotNet.Serialization;

namespace JinaOrleans.GatewayHost.Export;

/// <summary>Writes maps and lists (insertion order kept) as YAML; several documents separated by <c>---</c>.</summary>
internal static class YamlDocuments
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithIndentedSequences()
        // Quoted as YAML 1.1 would misread them too (no, on, yes: booleans for docker-compose v1's PyYAML).
        .WithQuotingNecessaryStrings(quoteYaml1_1Strings: true)
        .WithEventEmitter(next => new LiteralBlockEmitter(next))
        .DisableAliases()
        .Build();

    public static string Write(params object[] documents) =>
        string.Join("---\n", documents.Select(d => Serializer.Serialize(d).Replace("\r\n", "\n", StringComparison.Ordinal)));

    /// <summary>A sequence of strings.</summary>
    public static string[] List(params string[] items) => items;

    /// <summary>A map in the order its entries are given.</summary>
    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>(entries.Length, StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            if (value is not null)
            {
                map.Add(key, value);
            }
        }

        return map;
    }
}
