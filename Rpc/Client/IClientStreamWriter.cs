namespace JinaOrleans.Rpc.Client;

/// <summary>Writes the request messages of a client- or duplex-streaming call. One writer at a time.</summary>
public interface IClientStreamWriter<in T>
{
    /// <summary>
    /// Writes one message. With <paramref name="flush"/> false it stays buffered until a later flush or
    /// <see cref="CompleteAsync"/>, so a writer with several messages ready can send them together.
    /// </summary>
    ValueTask WriteAsync(T message, bool flush = true, CancellationToken cancellationToken = default);

    /// <summary>Sends what is buffered.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Flushes and half-closes the request stream (END_STREAM).</summary>
    ValueTask CompleteAsync();
}
