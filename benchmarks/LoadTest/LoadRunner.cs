using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Client;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;
using Grpc.Core;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>Drives one target with the .NET client in one of three modes and measures it.</summary>
internal static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(string name, LoadOptions options, CancellationToken cancellationToken)
    {
        using var client = new JinaOrleans.Client.Client(host: options.Target);

        // Warm-up: JIT, connections, pools. Not measured.
        if (options.Warmup > 0)
        {
            await RunModeAsync(client, options with { Requests = options.Warmup, Duration = null }, cancellationToken).ConfigureAwait(false);
        }

        using var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var workingSetStart = process.WorkingSet64;
        var started = Stopwatch.GetTimestamp();
        var (latencies, errors) = await RunModeAsync(client, options, cancellationToken).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        GC.Collect();
        process.Refresh();
        Array.Sort(latencies);
        return new LoadResult(
            name,
            options.Mode,
            latencies.Length,
            (long)latencies.Length * options.DocsPerRequest,
            errors,
            seconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.90),
            Percentile(latencies, 0.99),
            latencies.Length == 0 ? 0 : latencies[^1],
            process.PeakWorkingSet64,
            workingSetStart,
            process.WorkingSet64);
    }

    private static async Task<(double[] Latencies, long Errors)> RunModeAsync(JinaOrleans.Client.Client client, LoadOptions options, CancellationToken cancellationToken) =>
        options.Mode switch
        {
            "stream" => await StreamAsync(client, options, cancellationToken).ConfigureAwait(false),
            "unary" => await UnaryAsync(client, options, options.Concurrency, cancellationToken).ConfigureAwait(false),
            "sequential" => await UnaryAsync(client, options, 1, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException($"Unknown mode '{options.Mode}'; use stream, unary or sequential."),
        };

    /// <summary>All requests pipelined on one Call stream; latency from the moment the client takes a request to send.</summary>
    private static async Task<(double[], long)> StreamAsync(JinaOrleans.Client.Client client, LoadOptions options, CancellationToken cancellationToken)
    {
        var count = options.Requests;
        var requests = new DataRequestProto[count];
        var index = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            requests[i] = NewRequest(options);
            index[Key(requests[i])] = i;
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

        var post = new PostOptions { OnError = _ => Interlocked.Increment(ref errors) };
        await foreach (var response in client.SendAsync(Stamped(), post, cancellationToken).ConfigureAwait(false))
        {
            var i = index[Key(response.Proto)];
            latencies[received++] = Stopwatch.GetElapsedTime(sent[i]).TotalMilliseconds;
        }

        return (latencies[..received], errors);
    }

    /// <summary><paramref name="callers"/> callers, each sending unary requests one after another.</summary>
    private static async Task<(double[], long)> UnaryAsync(JinaOrleans.Client.Client client, LoadOptions options, int callers, CancellationToken cancellationToken)
    {
        var latencies = new double[options.Requests];
        var next = -1;
        long errors = 0;
        var deadline = options.Duration is { } duration ? Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var post = new PostOptions { Stream = false, OnError = _ => Interlocked.Increment(ref errors) };
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
                    await foreach (var response in client.SendAsync([NewRequest(options)], post, cancellationToken).ConfigureAwait(false))
                    {
                        _ = response;
                    }
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Interlocked.Increment(ref done);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => CallerAsync())).ConfigureAwait(false);
        return (latencies[..Math.Min(done, latencies.Length)], errors);
    }

    // The first document's id: the HTTP gateway answers with a request id of its own (as Jina's does).
    private static string Key(DataRequestProto request) =>
        request.Data?.Docs?.Docs.Count > 0 ? request.Data.Docs.Docs[0].Id : request.Header.RequestId;

    private static DataRequestProto NewRequest(LoadOptions options)
    {
        var docs = new DocumentArrayProto();
        for (var d = 0; d < options.DocsPerRequest; d++)
        {
            var doc = new DocumentProto { Id = Identifiers.NewId() };
            if (options.TextBytes > 0)
            {
                doc.Text = new string('x', options.TextBytes);
            }

            if (options.EmbeddingDims > 0)
            {
                doc.Embedding = NdArray.FromFloats(new float[options.EmbeddingDims]).Proto;
            }

            docs.Docs.Add(doc);
        }

        return new DataRequestProto
        {
            Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = "/" },
            Parameters = new Struct { Fields = { [WellKnownEndpoints.ResultsKey] = new Value { StructValue = new Struct() } } },
            Data = new DataRequestProto.Types.DataContentProto { Docs = docs },
        };
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
