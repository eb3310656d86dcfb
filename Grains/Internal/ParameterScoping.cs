using Google.Protobuf.WellKnownTypes;

namespace JinaOrleans.Grains.Internal;

/// <summary>
/// Derives the parameters one executor sees (JINA_PROTOCOL.md §8): keys <c>E__k</c> reach executor E as
/// <c>k</c> and nobody else; entries of an object at <c>parameters[E]</c> are merged in at the top level.
/// </summary>
internal static class ParameterScoping
{
    /// <summary>The parameters for <paramref name="executorName"/>; the original when nothing is specific.</summary>
    public static Struct? ForExecutor(Struct? parameters, string executorName)
    {
        if (parameters is null || !NeedsScoping(parameters, executorName))
        {
            return parameters;
        }

        var result = new Struct();
        foreach (var (key, value) in parameters.Fields)
        {
            if (!IsExecutorSpecific(key))
            {
                result.Fields[key] = value;
            }
        }

        foreach (var (key, value) in parameters.Fields)
        {
            if (IsExecutorSpecific(key))
            {
                var split = key.LastIndexOf("__", StringComparison.Ordinal);
                if (key.AsSpan(0, split).SequenceEqual(executorName))
                {
                    result.Fields[key[(split + 2)..]] = value;
                }
            }
        }

        if (parameters.Fields.TryGetValue(executorName, out var own) && own.KindCase == Value.KindOneofCase.StructValue)
        {
            foreach (var (key, value) in own.StructValue.Fields)
            {
                result.Fields[key] = value;
            }
        }

        return result;
    }

    /// <summary>Jina's test: contains <c>__</c> but neither starts nor ends with it.</summary>
    public static bool IsExecutorSpecific(string key) =>
        key.Contains("__", StringComparison.Ordinal) && !key.StartsWith("__", StringComparison.Ordinal) && !key.EndsWith("__", StringComparison.Ordinal);

    private static bool NeedsScoping(Struct parameters, string executorName)
    {
        foreach (var key in parameters.Fields.Keys)
        {
            if (IsExecutorSpecific(key) || key == executorName)
            {
                return true;
            }
        }

        return false;
    }
}
