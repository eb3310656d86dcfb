using JinaOrleans.Grains.Executors;
using JinaOrleans.Tests.Support.Executors;
using Xunit;

namespace JinaOrleans.Tests.Grains.Executors;

/// <summary>EndpointBinder: every supported method shape compiles to a handler that calls it correctly; bad shapes fail at bind time.</summary>
public sealed class EndpointBinderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Binds_every_marked_endpoint()
    {
        var table = EndpointBinder.Bind(typeof(ShapesExecutor));

        Assert.Equal(
            ["/dict", "/docs", "/one", "/task", "/task-dict", "/task-docs", "/task-pending", "/task-throws", "/throws", "/two", "/valuetask", "/valuetask-dict", "/valuetask-docs", "/void-docs", "/void-none"],
            table.Endpoints.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Void_method_without_parameters_is_called_and_returns_null()
    {
        var (executor, result) = await Invoke("/void-none", new DocumentArray());

        Assert.Equal(nameof(ShapesExecutor.VoidNone), executor.Called);
        Assert.Null(result);
    }

    [Fact]
    public async Task Void_method_edits_the_documents_in_place()
    {
        var docs = new DocumentArray();

        var (executor, result) = await Invoke("/void-docs", docs);

        Assert.Null(result);
        Assert.Same(docs, executor.ReceivedDocs);
        Assert.Equal(["added"], docs.Texts);
    }

    [Fact]
    public async Task Task_method_receives_docs_parameters_and_token_and_is_awaited()
    {
        var docs = new DocumentArray { new Document("x") };
        var parameters = new Parameters();
        using var cts = new CancellationTokenSource();

        var (executor, result) = await Invoke("/task", docs, parameters, cts.Token);

        Assert.Null(result);
        Assert.Same(docs, executor.ReceivedDocs);
        Assert.Same(parameters, executor.ReceivedParameters);
        Assert.Equal(cts.Token, executor.ReceivedToken);
        Assert.Equal("from task", docs[0].Text);
    }

    [Fact]
    public async Task ValueTask_method_with_reversed_parameters_receives_each_argument()
    {
        var docs = new DocumentArray { new Document("x") };
        var parameters = new Parameters();
        using var cts = new CancellationTokenSource();

        var (executor, result) = await Invoke("/valuetask", docs, parameters, cts.Token);

        Assert.Null(result);
        Assert.Equal(nameof(ShapesExecutor.ValueTaskReversed), executor.Called);
        Assert.Same(docs, executor.ReceivedDocs);
        Assert.Same(parameters, executor.ReceivedParameters);
        Assert.Equal(cts.Token, executor.ReceivedToken);
        Assert.Equal("from valuetask", docs[0].Text);
    }

    [Fact]
    public async Task DocumentArray_result_is_returned()
    {
        var docs = new DocumentArray { new Document("x") };
        var parameters = new Parameters();

        var (executor, result) = await Invoke("/docs", docs, parameters);

        Assert.Equal(["replacement"], Assert.IsType<DocumentArray>(result).Texts);
        Assert.Same(docs, executor.ReceivedDocs);
        Assert.Same(parameters, executor.ReceivedParameters);
    }

    [Fact]
    public async Task Task_of_DocumentArray_result_is_awaited_and_returned()
    {
        var docs = new DocumentArray();
        using var cts = new CancellationTokenSource();

        var (executor, result) = await Invoke("/task-docs", docs, cancellationToken: cts.Token);

        Assert.Equal(["from task-docs"], Assert.IsType<DocumentArray>(result).Texts);
        Assert.Same(docs, executor.ReceivedDocs);
        Assert.Equal(cts.Token, executor.ReceivedToken);
    }

    [Fact]
    public async Task Task_result_completes_only_when_the_method_task_does()
    {
        var executor = new ShapesExecutor();
        var handler = EndpointBinder.Bind(typeof(ShapesExecutor)).Find("/task-pending")!;

        var call = handler(executor, new DocumentArray(), new Parameters(), null, CancellationToken.None).AsTask();
        Assert.False(call.IsCompleted);
        var returned = new DocumentArray();
        executor.Pending.SetResult(returned);

        Assert.Same(returned, await call.WaitAsync(Timeout));
    }

    [Fact]
    public async Task ValueTask_of_DocumentArray_result_is_returned()
    {
        var docs = new DocumentArray { new Document("same") };

        var (_, result) = await Invoke("/valuetask-docs", docs);

        Assert.Same(docs, result);
    }

    [Fact]
    public async Task Dictionary_result_is_returned()
    {
        var parameters = Parameters.FromDictionary(new Dictionary<string, object?> { ["q"] = "query" });

        var (executor, result) = await Invoke("/dict", new DocumentArray(), parameters);

        var dictionary = Assert.IsType<Dictionary<string, object?>>(result);
        Assert.Equal("query", dictionary["q"]);
        Assert.Same(parameters, executor.ReceivedParameters);
    }

    [Fact]
    public async Task Task_of_Dictionary_result_is_returned()
    {
        var (_, result) = await Invoke("/task-dict", DocumentArray.Empty(3));

        Assert.Equal(3, Assert.IsType<Dictionary<string, object?>>(result)["count"]);
    }

    [Fact]
    public async Task ValueTask_of_Dictionary_result_is_awaited_and_returned()
    {
        var docs = DocumentArray.Empty(2);
        var parameters = new Parameters();
        using var cts = new CancellationTokenSource();

        var (executor, result) = await Invoke("/valuetask-dict", docs, parameters, cts.Token);

        Assert.Equal(2, Assert.IsType<Dictionary<string, object?>>(result)["count"]);
        Assert.Same(docs, executor.ReceivedDocs);
        Assert.Same(parameters, executor.ReceivedParameters);
        Assert.Equal(cts.Token, executor.ReceivedToken);
    }

    [Fact]
    public async Task Exception_of_a_synchronous_method_surfaces_unwrapped()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Invoke("/throws", new DocumentArray()));

        Assert.Equal("endpoint failed", ex.Message);
    }

    [Fact]
    public async Task Exception_of_an_async_method_surfaces_unwrapped()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Invoke("/task-throws", new DocumentArray()));

        Assert.Equal("async endpoint failed", ex.Message);
    }

    [Fact]
    public void One_method_on_several_endpoints_shares_its_handler()
    {
        var table = EndpointBinder.Bind(typeof(ShapesExecutor));

        Assert.Same(table.Find("/one"), table.Find("/two"));
    }

    [Fact]
    public void Requests_without_arguments_binds_default()
    {
        var table = EndpointBinder.Bind(typeof(AppendExecutor));

        Assert.Equal([RequestsAttribute.DefaultEndpoint], table.Endpoints);
    }

    [Fact]
    public void Find_falls_back_to_default()
    {
        var table = EndpointBinder.Bind(typeof(FailingExecutor));

        Assert.NotNull(table.Find("/fail"));
        Assert.NotSame(table.Find("/default"), table.Find("/fail"));
        Assert.Same(table.Find("/default"), table.Find("/search"));
        Assert.True(table.Serves("/search"));
    }

    [Fact]
    public void Find_returns_null_without_the_endpoint_or_default()
    {
        var table = EndpointBinder.Bind(typeof(IndexOnlyExecutor));

        Assert.NotNull(table.Find("/index"));
        Assert.Null(table.Find("/search"));
        Assert.False(table.Serves("/search"));
    }

    [Fact]
    public void Unsupported_parameter_type_is_rejected_naming_the_method()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => EndpointBinder.Bind(typeof(StringParameterExecutor)));

        Assert.Equal(
            "StringParameterExecutor.Run: parameter 'name' has type String; an endpoint method may only take DocumentArray or one DocList<T>, Parameters, CancellationToken, IReadOnlyList<DocumentArray> (docs_matrix) and IReadOnlyDictionary<string, DocumentArray> (docs_map).",
            ex.Message);
    }

    [Fact]
    public void Unsupported_return_type_is_rejected_naming_the_method()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => EndpointBinder.Bind(typeof(IntReturnExecutor)));

        Assert.Equal(
            "IntReturnExecutor.Count returns Int32; an endpoint method may return void, a DocumentArray, a DocList<T>, a dictionary, or a Task/ValueTask of those.",
            ex.Message);
    }

    [Fact]
    public void Unsupported_task_result_type_is_rejected_naming_the_method()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => EndpointBinder.Bind(typeof(TaskOfStringExecutor)));

        Assert.StartsWith("TaskOfStringExecutor.Describe returns String;", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_endpoint_on_two_methods_is_rejected()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => EndpointBinder.Bind(typeof(DuplicateEndpointExecutor)));

        Assert.Equal("DuplicateEndpointExecutor binds endpoint '/index' to more than one method.", ex.Message);
    }

    [Fact]
    public void Non_executor_type_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => EndpointBinder.Bind(typeof(string)));
    }

    [Fact]
    public async Task Uses_requests_replaces_the_attributes()
    {
        var usesRequests = new Dictionary<string, string> { ["/custom"] = nameof(ShapesExecutor.Unmarked) };
        var table = EndpointBinder.Bind(typeof(ShapesExecutor), usesRequests);
        var executor = new ShapesExecutor();

        await table.Find("/custom")!(executor, new DocumentArray(), new Parameters(), null, CancellationToken.None);

        Assert.Equal(["/custom"], table.Endpoints);
        Assert.Null(table.Find("/void-docs"));
        Assert.Equal(nameof(ShapesExecutor.Unmarked), executor.Called);
    }

    [Fact]
    public void Uses_requests_rejects_an_unknown_method_name()
    {
        var usesRequests = new Dictionary<string, string> { ["/x"] = "Missing" };

        var ex = Assert.Throws<InvalidOperationException>(() => EndpointBinder.Bind(typeof(ShapesExecutor), usesRequests));

        Assert.Equal("uses_requests binds '/x' to 'Missing', but ShapesExecutor has no public method of that name.", ex.Message);
    }

    [Fact]
    public void Uses_requests_does_not_bind_methods_of_object_or_Executor()
    {
        var toString = new Dictionary<string, string> { ["/x"] = nameof(ToString) };
        var initialize = new Dictionary<string, string> { ["/x"] = nameof(Executor.InitializeAsync) };

        Assert.Throws<InvalidOperationException>(() => EndpointBinder.Bind(typeof(ShapesExecutor), toString));
        Assert.Throws<InvalidOperationException>(() => EndpointBinder.Bind(typeof(ShapesExecutor), initialize));
    }

    [Fact]
    public void Uses_requests_rejects_an_overloaded_method_name()
    {
        var usesRequests = new Dictionary<string, string> { ["/x"] = nameof(OverloadedExecutor.Run) };

        var ex = Assert.Throws<InvalidOperationException>(() => EndpointBinder.Bind(typeof(OverloadedExecutor), usesRequests));

        Assert.Equal("uses_requests binds '/x' to 'Run', but OverloadedExecutor has 2 overloads of it.", ex.Message);
    }

    private static async Task<(ShapesExecutor Executor, object? Result)> Invoke(
        string endpoint,
        DocumentArray docs,
        Parameters? parameters = null,
        CancellationToken cancellationToken = default)
    {
        var executor = new ShapesExecutor();
        var handler = EndpointBinder.Bind(typeof(ShapesExecutor)).Find(endpoint);
        Assert.NotNull(handler);
        var result = await handler(executor, docs, parameters ?? new Parameters(), null, cancellationToken).AsTask().WaitAsync(Timeout, CancellationToken.None);
        return (executor, result);
    }

    private sealed class StringParameterExecutor : Executor
    {
        [Requests]
        public void Run(DocumentArray docs, string name)
        {
        }
    }

    private sealed class IntReturnExecutor : Executor
    {
        [Requests]
        public int Count(DocumentArray docs) => docs.Count;
    }

    private sealed class TaskOfStringExecutor : Executor
    {
        [Requests]
        public Task<string> Describe() => Task.FromResult("x");
    }

    private sealed class DuplicateEndpointExecutor : Executor
    {
        [Requests("/index")]
        public void First(DocumentArray docs)
        {
        }

        [Requests("/search", "/index")]
        public void Second(DocumentArray docs)
        {
        }
    }

    private sealed class OverloadedExecutor : Executor
    {
        public void Run(DocumentArray docs)
        {
        }

        public void Run(Parameters parameters)
        {
        }
    }
}
