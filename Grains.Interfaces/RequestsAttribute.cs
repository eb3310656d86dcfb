namespace JinaOrleans;

/// <summary>
/// Binds an executor method to endpoints, like Jina's <c>@requests</c>. Without arguments the method
/// is the catch-all (<c>/default</c>): it serves every endpoint that has no method of its own.
/// </summary>
/// <remarks>
/// The method may take, in any order, any of <see cref="DocumentArray"/>, <see cref="Parameters"/> and
/// <see cref="CancellationToken"/>, and return <c>void</c>, <see cref="Task"/>, <see cref="ValueTask"/>,
/// a <see cref="DocumentArray"/> (which replaces the request's documents), a dictionary (stored in
/// <c>parameters.__results__</c>) or a task of either.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class RequestsAttribute : Attribute
{
    /// <summary>The catch-all endpoint.</summary>
    public const string DefaultEndpoint = WellKnownEndpoints.Default;

    /// <summary>Binds the method to <c>/default</c>.</summary>
    public RequestsAttribute()
    {
        On = [DefaultEndpoint];
    }

    /// <summary>Binds the method to each endpoint in <paramref name="on"/>, e.g. <c>"/index"</c>.</summary>
    public RequestsAttribute(params string[] on)
    {
        ArgumentNullException.ThrowIfNull(on);
        if (on.Length == 0)
        {
            throw new ArgumentException("Name at least one endpoint, or use [Requests] for the catch-all.", nameof(on));
        }

        On = on;
    }

    /// <summary>The endpoints this method serves.</summary>
    public IReadOnlyList<string> On { get; }
}
