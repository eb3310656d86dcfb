using System.Runtime.CompilerServices;
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
        var inFlight = new Queue<Task<DataRequestProto>>();
        var running = new HashSet<Task<DataRequestProto>>();
        foreach (var request in requests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (running.Count >= limit)
            {
                yield return await NextAsync().ConfigureAwait(false);
            }

            var task = send(request);
            if (options.ResultsInOrder)
            {
                inFlight.Enqueue(task);
            }

            running.Add(task);
        }

        while (running.Count > 0)
        {
            yield return await NextAsync().ConfigureAwait(false);
        }

        // In order: the oldest; otherwise whichever finishes first.
        async Task<DataRequestProto> NextAsync()
        {
            Task<DataRequestProto> done;
            if (options.ResultsInOrder)
            {
                done = inFlight.Dequeue();
            }
            else
            {
                done = await Task.WhenAny(running).ConfigureAwait(false);
            }

            running.Remove(done);
            return await done.ConfigureAwait(false);
        }
    }
}
