namespace JinaOrleans.Definitions;

/// <summary>Dynamic batching of one endpoint: documents per call to aim for, and the longest wait.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jina.DynamicBatchingOptions")]
public sealed record DynamicBatchingOptions([property: Id(0)] int PreferredBatchSize, [property: Id(1)] TimeSpan Timeout)
{
    /// <summary>Checks the values; the message names what is wrong.</summary>
    public void Validate(string where)
    {
        if (PreferredBatchSize < 1)
        {
            throw new InvalidOperationException($"{where}: preferred_batch_size must be at least 1 (was {PreferredBatchSize}).");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{where}: timeout must be positive (was {Timeout.TotalMilliseconds} ms).");
        }
    }
}
