namespace JinaOrleans.Grains.Executors;

/// <summary>A compiled call of one executor method: no reflection per request.</summary>
internal delegate ValueTask<object?> EndpointHandler(Executor executor, DocumentArray docs, Parameters parameters, CancellationToken cancellationToken);
