namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>One load run's settings.</summary>
internal sealed record LoadOptions
{
    public required string Target { get; init; }

    public required string Mode { get; init; }

    public int Requests { get; init; } = 20_000;

    public TimeSpan? Duration { get; init; }

    public int Warmup { get; init; } = 2_000;

    public int DocsPerRequest { get; init; } = 1;

    public int Concurrency { get; init; } = 64;

    public int TextBytes { get; init; }

    public int EmbeddingDims { get; init; }

    /// <summary>Requests per second for the unary callers together; 0 = as fast as they can.</summary>
    public int Rate { get; init; }

    /// <summary>
    /// The docarray flavour of the documents sent (<c>--docarray</c>); null when not given, which sends v1 exactly as
    /// before the option existed. Given (v1 or v2), the warm-up answers are also checked (<see cref="AnswerCheck"/>).
    /// </summary>
    public DocArrayFlavour? DocArray { get; init; }
}
