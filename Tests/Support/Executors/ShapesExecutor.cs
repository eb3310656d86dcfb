using System.Diagnostics.CodeAnalysis;

namespace JinaOrleans.Tests.Support.Executors;

/// <summary>
/// One endpoint per supported method shape (return types and parameter orders), each recording what it
/// received, for the endpoint binder tests.
/// </summary>
internal sealed class ShapesExecutor : Executor
{
    public string? Called { get; private set; }

    public DocumentArray? ReceivedDocs { get; private set; }

    public Parameters? ReceivedParameters { get; private set; }

    public CancellationToken ReceivedToken { get; private set; }

    /// <summary>What <c>/task-pending</c> waits for.</summary>
    public TaskCompletionSource<DocumentArray> Pending { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Requests("/void-none")]
    public void VoidNone() => Called = nameof(VoidNone);

    [Requests("/void-docs")]
    public void VoidDocs(DocumentArray docs)
    {
        Record(nameof(VoidDocs), docs: docs);
        docs.Add(new Document("added"));
    }

    [Requests("/task")]
    public async Task TaskAll(DocumentArray docs, Parameters parameters, CancellationToken cancellationToken)
    {
        Record(nameof(TaskAll), docs, parameters, cancellationToken);
        await Task.Yield();
        docs[0].Text = "from task";
    }

    [Requests("/valuetask")]
    [SuppressMessage("Design", "CA1068", Justification = "Binding must accept the token in any position.")]
    public async ValueTask ValueTaskReversed(CancellationToken cancellationToken, Parameters parameters, DocumentArray docs)
    {
        Record(nameof(ValueTaskReversed), docs, parameters, cancellationToken);
        await Task.Yield();
        docs[0].Text = "from valuetask";
    }

    [Requests("/docs")]
    public DocumentArray ReturnDocs(Parameters parameters, DocumentArray docs)
    {
        Record(nameof(ReturnDocs), docs, parameters);
        return [new Document("replacement")];
    }

    [Requests("/task-docs")]
    [SuppressMessage("Design", "CA1068", Justification = "Binding must accept the token in any position.")]
    public async Task<DocumentArray> TaskDocs(CancellationToken cancellationToken, DocumentArray docs)
    {
        Record(nameof(TaskDocs), docs, cancellationToken: cancellationToken);
        await Task.Yield();
        return [new Document("from task-docs")];
    }

    [Requests("/task-pending")]
    public Task<DocumentArray> TaskPending() => Pending.Task;

    [Requests("/valuetask-docs")]
    public ValueTask<DocumentArray> ValueTaskDocs(DocumentArray docs)
    {
        Record(nameof(ValueTaskDocs), docs);
        return ValueTask.FromResult(docs);
    }

    [Requests("/dict")]
    public Dictionary<string, object?> Dict(Parameters parameters)
    {
        Record(nameof(Dict), parameters: parameters);
        return new Dictionary<string, object?> { ["q"] = parameters.GetString("q") };
    }

    [Requests("/task-dict")]
    public Task<Dictionary<string, object?>> TaskDict(DocumentArray docs) =>
        Task.FromResult(new Dictionary<string, object?> { ["count"] = docs.Count });

    [Requests("/valuetask-dict")]
    [SuppressMessage("Design", "CA1068", Justification = "Binding must accept the token in any position.")]
    public async ValueTask<Dictionary<string, object?>> ValueTaskDict(Parameters parameters, CancellationToken cancellationToken, DocumentArray docs)
    {
        Record(nameof(ValueTaskDict), docs, parameters, cancellationToken);
        await Task.Yield();
        return new Dictionary<string, object?> { ["count"] = docs.Count };
    }

    [Requests("/throws")]
    public void Throws() => throw new InvalidOperationException("endpoint failed");

    [Requests("/task-throws")]
    public async Task TaskThrows()
    {
        await Task.Yield();
        throw new InvalidOperationException("async endpoint failed");
    }

    [Requests("/one", "/two")]
    public void TwoEndpoints(DocumentArray docs) => Record(nameof(TwoEndpoints), docs);

    /// <summary>Not marked: reachable only through uses_requests.</summary>
    public void Unmarked(DocumentArray docs) => Record(nameof(Unmarked), docs);

    private void Record(string called, DocumentArray? docs = null, Parameters? parameters = null, CancellationToken cancellationToken = default)
    {
        Called = called;
        ReceivedDocs = docs;
        ReceivedParameters = parameters;
        ReceivedToken = cancellationToken;
    }
}
