using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.Status;
using JinaOrleans.Definitions;
using JinaOrleans.Grains.Internal;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// Dynamic batching of one endpoint: requests with equal parameters wait together until their documents reach
/// the preferred batch size or the first has waited the timeout; then one call runs on all their documents and
/// each request gets its own documents back (edited in place, or matched by id, or by position), plus the
/// results. A failed call fails exactly the requests of that batch.
/// </summary>
internal sealed class DynamicBatcher(Deployments.IRequestProcessor executor, DynamicBatchingOptions options, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly List<Batch> _open = [];

    public async ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        var pending = new Pending(request);
        Batch? full = null;
        lock (_lock)
        {
            var batch = _open.Find(b => b.Accepts(request));
            if (batch is null)
            {
                batch = new Batch(request.Parameters, RequestDocuments.FlavourOf(request)) { Owner = this };
                _open.Add(batch);

                // Armed only once assigned: a tiny timeout must not fire before the batch knows its timer.
                batch.Timer = timeProvider.CreateTimer(static state => ((Batch)state!).Owner!.OnTimeout((Batch)state!), batch, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                batch.Timer.Change(options.Timeout, Timeout.InfiniteTimeSpan);
            }

            batch.Add(pending);
            if (batch.DocumentCount >= options.PreferredBatchSize)
            {
                _open.Remove(batch);
                full = batch;
            }
        }

        if (full is not null)
        {
            _ = RunAsync(full);
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnTimeout(Batch batch)
    {
        lock (_lock)
        {
            if (!_open.Remove(batch))
            {
                return;
            }
        }

        _ = RunAsync(batch);
    }

    private async Task RunAsync(Batch batch)
    {
        await using (batch.Timer!.ConfigureAwait(false))
        {
        }

        var requests = batch.Requests;
        var merged = new DataRequestProto
        {
            Header = requests[0].Request.Header?.Clone() ?? new HeaderProto(),
            Parameters = requests[0].Request.Parameters?.Clone() ?? new Struct(),
        };
        var inputs = new List<Document>();
        foreach (var pending in requests)
        {
            if (RequestDocuments.Peek(pending.Request) is { } docs)
            {
                inputs.AddRange(docs);
            }
        }

        // A batch holds requests of one flavour (Batch.Accepts), so the documents move into it as they are.
        RequestDocuments.Of(merged, batch.Flavour).AddRange(inputs);
        DataRequestProto response;
        try
        {
            // The batch serves many callers: one caller cancelling does not cancel the others' call.
            response = await executor.ProcessAsync(merged, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var pending in requests)
            {
                pending.Completion.TrySetException(ex);
            }

            return;
        }

        if (response.Header?.Status is { Code: StatusProto.Types.StatusCode.Error } failed)
        {
            foreach (var pending in requests)
            {
                (pending.Request.Header ??= new HeaderProto()).Status = failed.Clone();
                pending.Completion.TrySetResult(pending.Request);
            }

            return;
        }

        var error = Split(requests, inputs, response);
        foreach (var pending in requests)
        {
            if (error is not null)
            {
                (pending.Request.Header ??= new HeaderProto()).Status = ErrorStatus.Failure("DynamicBatchingError", error);
            }
            else
            {
                ResultsMerger.Merge(pending.Request.Parameters ??= new Struct(), response.Parameters);
            }

            pending.Completion.TrySetResult(pending.Request);
        }
    }

    /// <summary>Gives each request its documents from the batch's result; an error message when they cannot be told apart.</summary>
    private static string? Split(List<Pending> requests, List<Document> inputs, DataRequestProto response)
    {
        var outputs = RequestDocuments.Peek(response);
        if (outputs is null || (outputs.Count == inputs.Count && outputs.Select((d, i) => d.Equals(inputs[i])).All(same => same)))
        {
            return null; // Edited in place: each request's documents already carry the results.
        }

        var byId = new Dictionary<string, Document>(StringComparer.Ordinal);
        foreach (var doc in outputs)
        {
            byId.TryAdd(doc.Id, doc);
        }

        var matchedById = inputs.All(d => byId.ContainsKey(d.Id));
        if (!matchedById && outputs.Count != inputs.Count)
        {
            return $"The executor returned {outputs.Count} documents for a batch of {inputs.Count} with other ids; dynamic batching cannot split them back.";
        }

        var position = 0;
        foreach (var pending in requests)
        {
            if (RequestDocuments.Peek(pending.Request) is not { } docs)
            {
                continue;
            }

            for (var i = 0; i < docs.Count; i++, position++)
            {
                docs[i] = matchedById ? byId[docs[i].Id] : outputs[position];
            }
        }

        return null;
    }

    private sealed class Pending(DataRequestProto request)
    {
        public DataRequestProto Request => request;

        public TaskCompletionSource<DataRequestProto> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Requests waiting together: all with parameters equal to the first's.</summary>
    private sealed class Batch(Struct? parameters, DocArrayFlavour flavour)
    {
        public DocArrayFlavour Flavour => flavour;

        public List<Pending> Requests { get; } = [];

        public int DocumentCount { get; private set; }

        public ITimer? Timer { get; set; }

        public DynamicBatcher? Owner { get; set; }

        public bool Accepts(DataRequestProto request) =>
            RequestDocuments.FlavourOf(request) == flavour && Equals(request.Parameters ?? new Struct(), parameters ?? new Struct());

        public void Add(Pending pending)
        {
            Requests.Add(pending);
            DocumentCount += RequestDocuments.Count(pending.Request);
        }
    }
}
