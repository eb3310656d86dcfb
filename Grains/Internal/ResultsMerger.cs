using Google.Protobuf.WellKnownTypes;

namespace JinaOrleans.Grains.Internal;

/// <summary>Reads and writes <c>parameters.__results__</c>, where executors' returned dictionaries go (§8).</summary>
internal static class ResultsMerger
{
    public const string ResultsKey = WellKnownEndpoints.ResultsKey;

    /// <summary>Stores <paramref name="result"/> under <c>__results__[runtimeName]</c>.</summary>
    public static void Store(Struct parameters, string runtimeName, Struct result)
    {
        var results = GetOrCreate(parameters);
        results.Fields[runtimeName] = new Value { StructValue = result };
    }

    /// <summary>Copies every <c>__results__</c> entry of <paramref name="source"/> into <paramref name="target"/>.</summary>
    public static void Merge(Struct target, Struct? source)
    {
        if (source is null || ReferenceEquals(source, target)
            || !source.Fields.TryGetValue(ResultsKey, out var value) || value.KindCase != Value.KindOneofCase.StructValue
            || value.StructValue.Fields.Count == 0)
        {
            return;
        }

        var results = GetOrCreate(target);
        foreach (var (key, entry) in value.StructValue.Fields)
        {
            results.Fields[key] = entry;
        }
    }

    private static Struct GetOrCreate(Struct parameters)
    {
        if (parameters.Fields.TryGetValue(ResultsKey, out var existing) && existing.KindCase == Value.KindOneofCase.StructValue)
        {
            return existing.StructValue;
        }

        var created = new Struct();
        parameters.Fields[ResultsKey] = new Value { StructValue = created };
        return created;
    }
}
