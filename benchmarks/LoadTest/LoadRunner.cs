using System.Diagnostics;
using JinaOrleans.Client;
using JinaOrleans.Protos.Jina;
using Grpc.Core;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>Drives one target with the .NET client in one of three modes: warms it up, and measures it (<see cref="SlicedRounds"/> calls both).</summary>
internal static class LoadRunner
{
    /// <summary>Sends <see cref="LoadOptions.Warmup"/> requests through <paramref name="client"/>, not measured: JIT, connections, pools.</summary>
    public static async Task WarmAsync(JinaOrleans.Client.Client client, string name, string label, LoadOptions options, LoadProgress progress, CancellationToken cancellationToken)
    {
        // With --docarray the warm-up's answers are checked (AnswerCheck).
        if (options.Warmup > 0)
        {
            var check = options.DocArray is null ? null : new AnswerCheck();
            var warm = options with { Requests = options.Warmup, Duration = null };
            await progress.TrackAsync($"{label} (warm-up)", warm.Requests, counter => RunModeAsync(client, warm, check is null ? null : check.Observe, counter, cancellationToken)).ConfigureAwait(false);
            if (check is not null)
            {
                progress.Line($"{name}: sent docarray {DocArrayFlavours.Name(options.DocArray!.Value)}; warm-up {check}");
            }
        }
    }

    /// <summary>Measures <see cref="LoadOptions.Requests"/> requests through <paramref name="client"/> (no warm-up).</summary>
    public static async Task<LoadSample> MeasureAsync(JinaOrleans.Client.Client client, string label, LoadOptions options, LoadProgress progress, CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var workingSetStart = process.WorkingSet64;
        var started = Stopwatch.GetTimestamp();
        var (latencies, errors) = await progress.TrackAsync(label, options.Requests, counter => RunModeAsync(client, options, onDone: null, counter, cancellationToken)).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        GC.Collect();
        process.Refresh();
        return new LoadSample(latencies, errors, seconds, process.PeakWorkingSet64, workingSetStart, process.WorkingSet64);
    }

    private static async Task<(double[] Latencies, long Errors)> RunModeAsync(JinaOrleans.Client.Client client, LoadOptions options, Action<Response>? onDone, RequestCounter counter, CancellationToken cancellationToken) =>
        options.Mode switch
        {
            "stream" => await StreamAsync(client, options, onDone, counter, cancellationToken).ConfigureAwait(false),
            "unary" => await UnaryAsync(client, options, options.Concurrency, onDone, counter, cancellationToken).ConfigureAwait(false),
            "sequential" => await UnaryAsync(client, options, 1, onDone, counter, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException($"Unknown mode '{options.Mode}'; use stream, unary or sequential."),
        };

    /// <summary>All requests pipelined on one Call stream; latency from the moment the client takes a request to send.</summary>
    private static async Task<(double[], long)> StreamAsync(JinaOrleans.Client.Client client, LoadOptions options, Action<Response>? onDone, RequestCounter counter, CancellationToken cancellationToken)
    {
        var count = options.Requests;
        var requests = new DataRequestProto[count];
        var index = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            requests[i] = LoadRequests.NewRequest(options);
            index[LoadRequests.Key(requests[i])] = i;
        }

        var sent = new long[count];
        var latencies = new double[count];
        var received = 0;
        long errors = 0;
        var deadline = options.Duration is { } duration ? Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;

        IEnumerable<DataRequestProto> Stamped()
        {
            for (var i = 0; i < count && Stopwatch.GetTimestamp() < deadline; i++)
            {
                sent[i] = Stopwatch.GetTimestamp();
                yield return requests[i];
            }
        }

        var post = new PostOptions { DocArray = ClientFlavour(options), OnError = _ => Interlocked.Increment(ref errors), OnDone = onDone };
        await foreach (var response in client.SendAsync(Stamped(), post, cancellationToken).ConfigureAwait(false))
        {
            var i = index[LoadRequests.Key(response.Proto)];
            latencies[received++] = Stopwatch.GetElapsedTime(sent[i]).TotalMilliseconds;
            counter.Increment();
        }

        return (latencies[..received], errors);
    }

    /// <summary><paramref name="callers"/> callers, each sending unary requests one after another.</summary>
    private static async Task<(double[], long)> UnaryAsync(JinaOrleans.Client.Client client, LoadOptions options, int callers, Action<Response>? onDone, RequestCounter counter, CancellationToken cancellationToken)
    {
        var latencies = new double[options.Requests];
        var next = -1;
        long errors = 0;
        var deadline = options.Duration is { } duration ? Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var post = new PostOptions { DocArray = ClientFlavour(options), Stream = false, OnError = _ => Interlocked.Increment(ref errors), OnDone = onDone };
        var done = 0;
        var begin = Stopwatch.GetTimestamp();

        async Task CallerAsync()
        {
            await Task.Yield();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= latencies.Length)
                {
                    return;
                }

                if (options.Rate > 0)
                {
                    // Open loop at a steady rate: request i is due at i / rate seconds.
                    var due = begin + (long)(i * (double)Stopwatch.Frequency / options.Rate);
                    var wait = due - Stopwatch.GetTimestamp();
                    if (wait > 0)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
                    }
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    _ = await client.SendOneAsync(LoadRequests.NewRequest(options), post, cancellationToken).ConfigureAwait(false);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Interlocked.Increment(ref done);
                counter.Increment();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => CallerAsync())).ConfigureAwait(false);
        return (latencies[..Math.Min(done, latencies.Length)], errors);
    }

    /// <summary>
    /// The flavour the client reads answers in: v2 for v2 requests (an answer that is not v2 then fails its call),
    /// otherwise Auto, as before <c>--docarray</c> existed. Requests go out in the flavour they hold either way.
    /// </summary>
    private static DocArrayFlavour ClientFlavour(LoadOptions options) =>
        options.DocArray == DocArrayFlavour.V2 ? DocArrayFlavour.V2 : DocArrayFlavour.Auto;
}
