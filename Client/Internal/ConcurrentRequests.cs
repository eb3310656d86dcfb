using System.Runtime.CompilerServices;
using System.Threading.Channels;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Client.Internal;

/// <summary>
/// One call per request, at most <c>prefetch</c> (default 1000) in flight, yielded as they complete or, with
/// <c>results_in_order</c>, in request order.
/// </summary>
internal static class ConcurrentRequests
{
    public static async IAsyncEnumerable<DataRequestProto> RunAsync(
        IEnumerable<DataRequestProto> requests,
        PostOptions options,
        Func<DataRequestProto, Task<DataRequestProto>> send,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (requests is IReadOnlyList<DataRequestProto> { Count: 1 } single)
        {
            // One request (the common unary call): no bookkeeping.
            yield return await send(single[0]).ConfigureAwait(false);
            yield break;
        }

        var limit = options.Prefetch is > 0 ? options.Prefetch.Value : 1000;
        if (options.ResultsInOrder)
        {
            // In order: always the oldest.
            var inFlight = new Queue<Task<DataRequestProto>>();
            foreach (var request in requests)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (inFlight.Count >= limit)
                {
                    yield return await inFlight.Dequeue().ConfigureAwait(false);
                }

                inFlight.Enqueue(send(request));
            }

            while (inFlight.Count > 0)
            {
                yield return await inFlight.Dequeue().ConfigureAwait(false);
            }

            yield break;
        }

        // Otherwise whichever finishes first: each call posts itself here when done (never more than the limit).
        var completed = Channel.CreateBounded<Task<DataRequestProto>>(new BoundedChannelOptions(limit) { SingleReader = true });
        var running = 0;
        foreach (var request in requests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (running >= limit)
            {
                running--;
                var done = await completed.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                yield return await done.ConfigureAwait(false);
            }

            _ = send(request).ContinueWith(
                static (task, writer) => ((ChannelWriter<Task<DataRequestProto>>)writer!).TryWrite(task),
                completed.Writer,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            running++;
        }

        for (; running > 0; running--)
        {
            var done = await completed.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            yield return await done.ConfigureAwait(false);
        }
    }
}
