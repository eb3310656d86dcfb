namespace JinaOrleans.Runtime;

/// <summary>
/// What flows with a grain call across hops, like Orleans' <c>RequestContext</c>: the caller's deadline. The
/// gateway sets it from the client's <c>grpc-timeout</c>; every remote grain call and every call to an external
/// executor sends what is left of it, so the client's deadline holds through every hop.
/// </summary>
public static class GrainCallContext
{
    private static readonly AsyncLocal<DateTimeOffset?> CurrentDeadline = new();

    /// <summary>The deadline of the call being served, or null.</summary>
    public static DateTimeOffset? Deadline => CurrentDeadline.Value;

    /// <summary>Sets the deadline for the calls made from this async flow until the scope is disposed.</summary>
    public static Scope WithDeadline(DateTimeOffset? deadline)
    {
        var previous = CurrentDeadline.Value;
        CurrentDeadline.Value = deadline;
        return new Scope(previous);
    }

    /// <summary>Restores the previous deadline.</summary>
    public readonly struct Scope : IDisposable, IEquatable<Scope>
    {
        private readonly DateTimeOffset? _previous;

        internal Scope(DateTimeOffset? previous)
        {
            _previous = previous;
        }

        public void Dispose() => CurrentDeadline.Value = _previous;

        public bool Equals(Scope other) => _previous == other._previous;

        public override bool Equals(object? obj) => obj is Scope other && Equals(other);

        public override int GetHashCode() => _previous.GetHashCode();

        public static bool operator ==(Scope left, Scope right) => left.Equals(right);

        public static bool operator !=(Scope left, Scope right) => !left.Equals(right);
    }
}
