using System.Collections.Concurrent;
using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Runtime.Activation;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// An executor or flow grain for runtime tests: writes "activate N", "process N", "deactivate N" to a shared
/// log, can fail on activation or deactivation, and can hold calls until <see cref="Release"/>.
/// </summary>
internal sealed class RecordingGrain(string name, ConcurrentQueue<string> log) : IExecutorGrain, IFlowGrain, IGrainLifecycle
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => name;

    /// <summary>When true, ProcessAsync waits for <see cref="Release"/>.</summary>
    public bool Gated { get; init; }

    public Exception? ActivationFailure { get; init; }

    public Exception? DeactivationFailure { get; init; }

    /// <summary>Completes when a call has entered ProcessAsync.</summary>
    public Task Entered => _entered.Task;

    public void Release() => _release.TrySetResult();

    public ValueTask ActivateAsync(CancellationToken cancellationToken)
    {
        log.Enqueue($"activate {name}");
        return ActivationFailure is null ? ValueTask.CompletedTask : ValueTask.FromException(ActivationFailure);
    }

    public ValueTask DeactivateAsync(CancellationToken cancellationToken)
    {
        log.Enqueue($"deactivate {name}");
        return DeactivationFailure is null ? ValueTask.CompletedTask : ValueTask.FromException(DeactivationFailure);
    }

    public async ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        log.Enqueue($"process {name}");
        _entered.TrySetResult();
        if (Gated)
        {
            await _release.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        (request.Header ??= new HeaderProto()).ExecEndpoint = name;
        log.Enqueue($"processed {name}");
        return request;
    }

    public ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken) =>
        ProcessAsync(parts[0], cancellationToken);

    public ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new EndpointsProto { Endpoints = { $"/{name}" } });
}
