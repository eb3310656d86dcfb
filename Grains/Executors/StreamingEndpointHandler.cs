namespace JinaOrleans.Grains.Executors;

/// <summary>
/// A compiled call of one streaming executor method (one that returns <see cref="IAsyncEnumerable{T}"/> or
/// <see cref="IEnumerable{T}"/> of <see cref="Document"/>): the documents it produces for one input document, in order.
/// </summary>
internal delegate IAsyncEnumerable<Document> StreamingEndpointHandler(Executor executor, Document doc, Parameters parameters, CancellationToken cancellationToken);
