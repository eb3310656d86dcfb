namespace JinaOrleans.Rpc.Server;

/// <summary>Writes response messages of a streaming call.</summary>
public interface IServerStreamWriter<in T>
{
    /// <summary>
    /// Writes one message. With <paramref name="flush"/> false the message stays buffered until a later
    /// flush, which lets a writer coalesce several messages into fewer HTTP/2 DATA frames.
    /// </summary>
    ValueTask WriteAsync(T message, bool flush, CancellationToken cancellationToken);

    /// <summary>Sends everything buffered so far.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}
