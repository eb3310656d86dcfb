namespace JinaOrleans;

/// <summary>
/// Dynamic batching for an endpoint method (Jina's <c>@dynamic_batching</c>): requests for the endpoint that
/// arrive close together, with equal parameters, are merged into one call of
/// <see cref="PreferredBatchSize"/> documents (or fewer once <see cref="TimeoutMs"/> has passed since the first
/// one waited), and the results are split back per request.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class DynamicBatchingAttribute : Attribute
{
    /// <summary>Documents per call to aim for. Defaults to 16.</summary>
    public int PreferredBatchSize { get; set; } = 16;

    /// <summary>The longest a request waits for others, in milliseconds. Defaults to 10000, as in Jina.</summary>
    public int TimeoutMs { get; set; } = 10_000;
}
