namespace JinaOrleans.Grains.Executors;

/// <summary>
/// A compiled call of one executor method: no reflection per request. <paramref name="parts"/> is null unless
/// the executor receives several unreduced parts.
/// </summary>
internal delegate ValueTask<object?> EndpointHandler(Executor executor, DocumentArray docs, Parameters parameters, DocumentParts? parts, CancellationToken cancellationToken);
