using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Server;
using JinaOrleans.Runtime.Cluster.Protocol;
using JinaOrleans.Runtime.Health;

namespace JinaOrleans.Runtime.Cluster;

/// <summary>
/// The server side of the internal silo protocol: answers probes, runs grain calls from gateways and other
/// silos on this silo's grains, counts them, and drains them on shutdown (new calls get UNAVAILABLE so
/// callers move to another silo; calls already running finish).
/// </summary>
public sealed class SiloGrainService
{
    private readonly Silo _silo;
    private readonly HealthState _health;
    private readonly Lock _lock = new();
    private ClusterDirectory? _directory;
    private TaskCompletionSource? _drained;
    private int _inFlight;
    private long _served;
    private bool _draining;

    public SiloGrainService(Silo silo, string siloId, string address, HealthState health)
    {
        _silo = silo ?? throw new ArgumentNullException(nameof(silo));
        SiloId = siloId;
        Address = address;
        _health = health ?? throw new ArgumentNullException(nameof(health));
    }

    public string SiloId { get; }

    /// <summary>The address others reach this silo at; set once the port is bound.</summary>
    public string Address { get; private set; }

    /// <summary>Grain calls (and Jina worker calls) in progress.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public bool IsDraining
    {
        get
        {
            lock (_lock)
            {
                return _draining;
            }
        }
    }

    /// <summary>Sets <see cref="Address"/> once the listener is bound (a port of 0 is only known then).</summary>
    public void SetAddress(string address) => Address = address ?? throw new ArgumentNullException(nameof(address));

    /// <summary>The directory whose peers this silo reports and to which callers introduce themselves.</summary>
    public void Attach(ClusterDirectory directory) => _directory = directory;

    public GrpcRouter Map(GrpcRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        router.MapUnary(SiloClient.Describe, (request, _) =>
        {
            if (request.CallerAddress.Length > 0)
            {
                _directory?.Introduce(request.CallerAddress);
            }

            return Task.FromResult(Describe());
        });
        router.MapUnary(SiloClient.ProcessFlow, (request, context) => RunAsync(
            context,
            () => _silo.GrainFactory.GetGrain<IFlowGrain>(Key(context)).ProcessAsync(request, context.CancellationToken)));
        router.MapUnary(SiloClient.ProcessExecutor, (request, context) => RunAsync(
            context,
            () => LocalExecutor(Key(context)).ProcessAsync(request, context.CancellationToken)));
        router.MapUnary(SiloClient.ProcessExecutorParts, (list, context) => RunAsync(
            context,
            () => LocalExecutor(Key(context)).ProcessPartsAsync(list.Requests, context.CancellationToken)));
        router.MapDuplexStreaming(SiloClient.Calls, ServeCallsAsync);
        router.MapUnary(SiloClient.FlowEndpoints, (request, context) =>
            _silo.GrainFactory.GetGrain<IFlowGrain>(request.Key).GetEndpointsAsync(context.CancellationToken).AsTask());
        router.MapUnary(SiloClient.ExecutorEndpoints, (request, context) =>
            LocalExecutor(request.Key).GetEndpointsAsync(context.CancellationToken).AsTask());
        return router;
    }

    /// <summary>
    /// The multiplexed stream: each call runs concurrently (counted for draining, with its own deadline and
    /// cancellation), answers go back as they finish, written together when several are ready.
    /// </summary>
    private async Task ServeCallsAsync(IAsyncStreamReader<GrainCall> calls, IServerStreamWriter<GrainResult> results, ServerCallContext context)
    {
        var outgoing = System.Threading.Channels.Channel.CreateUnbounded<GrainResult>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });
        var running = new System.Collections.Concurrent.ConcurrentDictionary<ulong, CancellationTokenSource>();
        var writer = Task.Run(async () =>
        {
            var reader = outgoing.Reader;
            while (await reader.WaitToReadAsync(context.CancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var result))
                {
                    await results.WriteAsync(result, flush: false, context.CancellationToken).ConfigureAwait(false);
                }

                await results.FlushAsync(context.CancellationToken).ConfigureAwait(false);
            }
        });
        var inFlight = 1;
        void Done()
        {
            if (Interlocked.Decrement(ref inFlight) == 0)
            {
                outgoing.Writer.TryComplete();
            }
        }

        try
        {
            while (await calls.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
                var call = calls.Current;
                if (call.Cancel)
                {
                    if (running.TryRemove(call.Id, out var cancelled))
                    {
                        await cancelled.CancelAsync().ConfigureAwait(false);
                    }

                    continue;
                }

                var cts = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
                running[call.Id] = cts;
                Interlocked.Increment(ref inFlight);
                _ = ServeOneAsync(call, cts, running, outgoing.Writer).ContinueWith(_ => Done(), TaskScheduler.Default);
            }
        }
        finally
        {
            Done();
        }

        await writer.ConfigureAwait(false);
    }

    private async Task ServeOneAsync(GrainCall call, CancellationTokenSource cts, System.Collections.Concurrent.ConcurrentDictionary<ulong, CancellationTokenSource> running, System.Threading.Channels.ChannelWriter<GrainResult> outgoing)
    {
        var result = new GrainResult { Id = call.Id };
        try
        {
            DateTimeOffset? deadline = call.DeadlineUnixMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(call.DeadlineUnixMs) : null;
            if (deadline is { } until)
            {
                cts.CancelAfter(until - DateTimeOffset.UtcNow is { } left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }

            using var scope = GrainCallContext.WithDeadline(deadline);
            result.Response = await RunAsync(() => call.Target == GrainTarget.Flow
                ? _silo.GrainFactory.GetGrain<IFlowGrain>(call.Key).ProcessAsync(call.Request, cts.Token)
                : LocalExecutor(call.Key).ProcessAsync(call.Request, cts.Token)).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            (result.StatusCode, result.StatusDetail) = ((int)ex.StatusCode, ex.Status.Detail);
        }
        catch (OperationCanceledException)
        {
            (result.StatusCode, result.StatusDetail) = call.DeadlineUnixMs > 0 && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() >= call.DeadlineUnixMs
                ? ((int)StatusCode.DeadlineExceeded, "Deadline Exceeded")
                : ((int)StatusCode.Cancelled, "The call was cancelled.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException)
        {
            (result.StatusCode, result.StatusDetail) = ((int)StatusCode.Internal, ex.Message);
        }
        finally
        {
            running.TryRemove(call.Id, out _);
            cts.Dispose();
        }

        outgoing.TryWrite(result);
    }

    /// <summary>What this silo tells a prober.</summary>
    public SiloInfo Describe()
    {
        var info = new SiloInfo
        {
            SiloId = SiloId,
            Address = Address,
            Status = IsDraining ? SiloStatus.Draining : SiloStatus.Active,
            InFlight = InFlight,
            CallsServed = (ulong)Interlocked.Read(ref _served),
        };
        info.Executors.AddRange(_silo.LocalExecutors.Keys.Concat(_silo.ShardedExecutors).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        info.Flows.AddRange(_silo.Flows);
        info.ActiveShards.AddRange(_silo.ActiveShards.Order(StringComparer.Ordinal));
        if (_directory is { } directory)
        {
            info.Peers.AddRange(directory.ActiveSilos.Select(m => m.Info!.Address).Where(a => a.Length > 0));
        }

        return info;
    }

    /// <summary>
    /// Runs a call counted for draining, with the caller's deadline flowing to the calls it makes; refuses it
    /// with UNAVAILABLE once draining has begun.
    /// </summary>
    public async Task<T> RunAsync<T>(ServerCallContext context, Func<ValueTask<T>> call)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var deadline = GrainCallContext.WithDeadline(context.Deadline);
        return await RunAsync(call).ConfigureAwait(false);
    }

    /// <summary>Runs a call counted for draining; refuses it with UNAVAILABLE once draining has begun.</summary>
    public async Task<T> RunAsync<T>(Func<ValueTask<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        lock (_lock)
        {
            if (_draining)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, $"Silo {Address} is shutting down."));
            }

            _inFlight++;
        }

        try
        {
            var result = await call().ConfigureAwait(false);
            Interlocked.Increment(ref _served);
            return result;
        }
        finally
        {
            lock (_lock)
            {
                if (--_inFlight == 0 && _draining)
                {
                    _drained?.TrySetResult();
                }
            }
        }
    }

    /// <summary>
    /// Stops accepting calls, reports NOT_SERVING, and waits until the calls in progress have finished or
    /// <paramref name="timeout"/> has passed. Returns how many calls were still running.
    /// </summary>
    public async Task<int> DrainAsync(TimeSpan timeout, TimeProvider timeProvider)
    {
        Task drained;
        lock (_lock)
        {
            _draining = true;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inFlight == 0)
            {
                _drained.TrySetResult();
            }

            drained = _drained.Task;
        }

        _health.SetNotServing();
        try
        {
            await drained.WaitAsync(timeout, timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Reported by the caller through the count below.
        }

        return InFlight;
    }

    private IExecutorGrain LocalExecutor(string key) =>
        _silo.TryGetLocalExecutor(key, out var executor)
            ? executor
            : throw new RpcException(new Status(StatusCode.Unavailable, $"Silo {Address} does not host executor '{key}'."));

    private static string Key(ServerCallContext context) =>
        context.RequestHeaders.GetValue(SiloClient.GrainKeyHeader)
        ?? throw new RpcException(new Status(StatusCode.InvalidArgument, $"Grain calls need the '{SiloClient.GrainKeyHeader}' metadata."));
}
