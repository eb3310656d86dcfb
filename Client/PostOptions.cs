namespace JinaOrleans.Client;

/// <summary>How a <see cref="Client"/> post is sent and how its responses are handled.</summary>
public sealed record PostOptions
{
    /// <summary>
    /// The docarray flavour the requests carry and the answers are read in: <see cref="DocArrayFlavour.Auto"/> (the
    /// default) sends the inputs' own flavour (<see cref="DocumentArray.Flavour"/>); V1 or V2 converts inputs of the
    /// other flavour. A Jina 3.x client with docarray &gt;= 0.30 sends v2.
    /// </summary>
    public DocArrayFlavour DocArray { get; init; }

    /// <summary>Documents per request; 0 or less sends all documents in one request. Defaults to 100.</summary>
    public int RequestSize { get; init; } = 100;

    /// <summary>Executor parameters; <c>__results__</c> is always added as an empty object.</summary>
    public IReadOnlyDictionary<string, object?>? Parameters { get; init; }

    /// <summary>A regex (anchored at the start) choosing the executors that run.</summary>
    public string? TargetExecutor { get; init; }

    /// <summary>Ask the gateway to answer in request order instead of completion order.</summary>
    public bool ResultsInOrder { get; init; }

    /// <summary>How many requests the gateway may take ahead of its answers; null uses the gateway's default.</summary>
    public int? Prefetch { get; init; }

    /// <summary>
    /// True (default): all requests on one <c>Call</c> stream. False: one <c>process_single_data</c> call per
    /// request, at most <see cref="Prefetch"/> (default 1000) at a time.
    /// </summary>
    public bool Stream { get; init; } = true;

    /// <summary>Message compression, <c>gzip</c> or <c>deflate</c>; null for none.</summary>
    public string? Compression { get; init; }

    /// <summary>Time allowed for the whole post (sent as the call deadline); null for none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Extra gRPC metadata.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Called for each successful response.</summary>
    public Action<Response>? OnDone { get; init; }

    /// <summary>Called for each failed response; when set, failures do not throw.</summary>
    public Action<Response>? OnError { get; init; }

    /// <summary>
    /// Jina's <c>continue_on_error</c>: a response whose <c>header.status</c> is ERROR does not end the post. Without
    /// <see cref="OnError"/> it is logged (as Error, through <see cref="ClientOptions.LoggerFactory"/>) instead of
    /// throwing <see cref="ExecutorErrorException"/>; either way it is still yielded, with <see cref="Response.IsError"/>
    /// set, and the other responses keep coming (<c>PostAsync</c> returns the documents of all of them, the failed
    /// ones' as the flow left them, as Jina's <c>post</c> does). An exception thrown by a callback is logged too instead
    /// of ending the post. A transport failure (the gateway unreachable, a deadline) still throws. Defaults to false.
    /// </summary>
    public bool ContinueOnError { get; init; }

    /// <summary>Called for every response, after <see cref="OnDone"/> or <see cref="OnError"/>.</summary>
    public Action<Response>? OnAlways { get; init; }
}
