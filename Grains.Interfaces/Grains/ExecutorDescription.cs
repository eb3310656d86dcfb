using System.Collections.Immutable;
using JinaOrleans.Definitions;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains;

/// <summary>
/// What a deployment's callers need to know of it, told by the silos that host it (a caller need not have the
/// executor's assembly): the endpoints it serves and the dynamic batching of each batched endpoint.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("jina.ExecutorDescription")]
public sealed record ExecutorDescription(
    [property: Id(0)] EndpointsProto Endpoints,
    [property: Id(1)] ImmutableDictionary<string, DynamicBatchingOptions> Batching)
{
    /// <summary>Whether a request on <paramref name="endpoint"/> runs anything (its own method or the catch-all).</summary>
    public bool Serves(string endpoint) => Endpoints.Endpoints.Contains(endpoint) || Endpoints.Endpoints.Contains(WellKnownEndpoints.Default);

    /// <summary>
    /// Whether a request on <paramref name="endpoint"/> runs a streaming (generator) method: <c>is_generator</c> in the
    /// endpoint's schema, as Jina's executors report it, for the endpoint or else for the catch-all.
    /// </summary>
    public bool IsGenerator(string endpoint)
    {
        if (Endpoints.Schemas is not { } schemas)
        {
            return false;
        }

        var key = Endpoints.Endpoints.Contains(endpoint) ? endpoint : WellKnownEndpoints.Default;
        return schemas.Fields.TryGetValue(key, out var schema)
            && schema.StructValue?.Fields.TryGetValue("is_generator", out var flag) == true
            && flag.KindCase == Google.Protobuf.WellKnownTypes.Value.KindOneofCase.BoolValue
            && flag.BoolValue;
    }

    /// <summary>The batching of <paramref name="endpoint"/>: its own, or the catch-all's when it has no method of its own.</summary>
    public DynamicBatchingOptions? BatchingFor(string endpoint) =>
        Batching.TryGetValue(endpoint, out var options) ? options
        : !Endpoints.Endpoints.Contains(endpoint) && Batching.TryGetValue(WellKnownEndpoints.Default, out options) ? options
        : null;
}
