using System.Collections;
using System.Collections.Frozen;
using System.Linq.Expressions;
using JinaOrleans.Definitions;
using System.Reflection;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// Finds an executor's endpoint methods (<see cref="RequestsAttribute"/> or <c>uses_requests</c>) and
/// compiles one delegate per method, once, at start-up (like grpc-dotnet's BindMethodFinder).
/// Unsupported signatures fail here, naming the method.
/// </summary>
internal static class EndpointBinder
{
    private static readonly MethodInfo FromTask = typeof(EndpointBinder).GetMethod(nameof(AwaitTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo FromValueTask = typeof(EndpointBinder).GetMethod(nameof(AwaitValueTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo FromTaskOfT = typeof(EndpointBinder).GetMethod(nameof(AwaitTaskOfT), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo FromValueTaskOfT = typeof(EndpointBinder).GetMethod(nameof(AwaitValueTaskOfT), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Binds the endpoints of <paramref name="executorType"/>. With <paramref name="usesRequests"/> non-empty,
    /// those endpoint → method bindings replace the attributes (Jina's <c>requests:</c>).
    /// </summary>
    public static EndpointTable Bind(Type executorType, IReadOnlyDictionary<string, string>? usesRequests = null)
    {
        ArgumentNullException.ThrowIfNull(executorType);
        if (!typeof(Executor).IsAssignableFrom(executorType))
        {
            throw new ArgumentException($"{executorType.FullName} does not derive from {nameof(Executor)}.", nameof(executorType));
        }

        var handlers = new Dictionary<string, EndpointHandler>(StringComparer.Ordinal);
        var streaming = new Dictionary<string, StreamingEndpointHandler>(StringComparer.Ordinal);
        var compiled = new Dictionary<MethodInfo, Delegate>();
        var batching = new Dictionary<string, DynamicBatchingOptions>(StringComparer.Ordinal);
        var schemas = new Dictionary<string, EndpointSchema>(StringComparer.Ordinal);
        var methods = executorType.GetMethods(BindingFlags.Public | BindingFlags.Instance);
        if (usesRequests is { Count: > 0 })
        {
            foreach (var (endpoint, methodName) in usesRequests)
            {
                var candidates = methods.Where(m => m.Name == methodName && m.DeclaringType != typeof(object) && m.DeclaringType != typeof(Executor)).ToArray();
                var method = candidates.Length switch
                {
                    1 => candidates[0],
                    0 => throw new InvalidOperationException(
                        $"uses_requests binds '{endpoint}' to '{methodName}', but {executorType.Name} has no public method of that name."),
                    _ => throw new InvalidOperationException(
                        $"uses_requests binds '{endpoint}' to '{methodName}', but {executorType.Name} has {candidates.Length} overloads of it."),
                };
                handlers.Remove(endpoint);
                streaming.Remove(endpoint);
                Add(endpoint, method);
            }

            return Table();
        }

        foreach (var method in methods)
        {
            foreach (var attribute in method.GetCustomAttributes<RequestsAttribute>(inherit: true))
            {
                foreach (var endpoint in attribute.On)
                {
                    if (string.IsNullOrWhiteSpace(endpoint))
                    {
                        throw new InvalidOperationException($"{executorType.Name}.{method.Name} names an empty endpoint.");
                    }

                    if (handlers.ContainsKey(endpoint) || streaming.ContainsKey(endpoint))
                    {
                        throw new InvalidOperationException($"{executorType.Name} binds endpoint '{endpoint}' to more than one method.");
                    }

                    Add(endpoint, method);
                }
            }
        }

        return Table();

        void Add(string endpoint, MethodInfo method)
        {
            var batch = method.GetCustomAttribute<DynamicBatchingAttribute>(inherit: true);
            if (IsStreaming(method.ReturnType))
            {
                if (batch is not null)
                {
                    throw new InvalidOperationException($"{executorType.Name}.{method.Name} streams its documents; [DynamicBatching] applies to methods that take a DocumentArray.");
                }

                streaming[endpoint] = (StreamingEndpointHandler)Compiled(method, static (type, m) => CompileStreaming(type, m));
            }
            else
            {
                handlers[endpoint] = (EndpointHandler)Compiled(method, static (type, m) => Compile(type, m));
            }

            schemas[endpoint] = EndpointSchema.Of(method);
            if (batch is not null)
            {
                batching[endpoint] = Options(batch, executorType, method);
            }
        }

        // One delegate per method, however many endpoints it serves.
        Delegate Compiled(MethodInfo method, Func<System.Type, MethodInfo, Delegate> compile)
        {
            if (!compiled.TryGetValue(method, out var handler))
            {
                compiled[method] = handler = compile(executorType, method);
            }

            return handler;
        }

        EndpointTable Table() => new(
            handlers.ToFrozenDictionary(StringComparer.Ordinal),
            batching.ToFrozenDictionary(StringComparer.Ordinal),
            schemas.ToFrozenDictionary(StringComparer.Ordinal),
            streaming.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Whether a method with this result streams: <c>IAsyncEnumerable&lt;Document&gt;</c> or <c>IEnumerable&lt;Document&gt;</c>.</summary>
    internal static bool IsStreaming(System.Type returnType) =>
        returnType == typeof(IAsyncEnumerable<Document>) || returnType == typeof(IEnumerable<Document>);

    /// <summary>
    /// A streaming method: it takes the one document (<see cref="Document"/>) and optionally <see cref="Parameters"/> and
    /// a <see cref="CancellationToken"/> (the enumeration's: cancelled when the caller stops reading).
    /// </summary>
    private static StreamingEndpointHandler CompileStreaming(System.Type executorType, MethodInfo method)
    {
        var executor = Expression.Parameter(typeof(Executor), "executor");
        var doc = Expression.Parameter(typeof(Document), "doc");
        var parameters = Expression.Parameter(typeof(Parameters), "parameters");
        var cancellation = Expression.Parameter(typeof(CancellationToken), "cancellationToken");
        var arguments = method.GetParameters().Select(parameter => parameter.ParameterType switch
        {
            var t when t == typeof(Document) => (Expression)doc,
            var t when t == typeof(Parameters) => parameters,
            var t when t == typeof(CancellationToken) => cancellation,
            var t => throw new InvalidOperationException(
                $"{executorType.Name}.{method.Name}: parameter '{parameter.Name}' has type {t.Name}; a streaming endpoint method (one that returns IAsyncEnumerable<Document>) may only take one Document, Parameters and a CancellationToken."),
        }).ToArray();
        if (!arguments.Contains(doc))
        {
            throw new InvalidOperationException($"{executorType.Name}.{method.Name} streams documents but takes no Document: a streaming endpoint gets the one document of stream_doc.");
        }

        Expression call = Expression.Call(Expression.Convert(executor, executorType), method, arguments);
        if (method.ReturnType == typeof(IEnumerable<Document>))
        {
            call = Expression.Call(typeof(EndpointBinder).GetMethod(nameof(FromEnumerable), BindingFlags.NonPublic | BindingFlags.Static)!, call, cancellation);
        }

        return Expression.Lambda<StreamingEndpointHandler>(call, executor, doc, parameters, cancellation).Compile();
    }

    private static async IAsyncEnumerable<Document> FromEnumerable(IEnumerable<Document> documents, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var document in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return document;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static DynamicBatchingOptions Options(DynamicBatchingAttribute attribute, Type executorType, MethodInfo method)
    {
        var options = new DynamicBatchingOptions(attribute.PreferredBatchSize, TimeSpan.FromMilliseconds(attribute.TimeoutMs));
        options.Validate($"{executorType.Name}.{method.Name} [DynamicBatching]");
        return options;
    }

    private static EndpointHandler Compile(Type executorType, MethodInfo method)
    {
        var executor = Expression.Parameter(typeof(Executor), "executor");
        var docs = Expression.Parameter(typeof(DocumentArray), "docs");
        var parameters = Expression.Parameter(typeof(Parameters), "parameters");
        var parts = Expression.Parameter(typeof(DocumentParts), "parts");
        var cancellation = Expression.Parameter(typeof(CancellationToken), "cancellationToken");

        // docs_matrix / docs_map: the unreduced parts, or the single part when there is only one.
        var matrix = Expression.Condition(
            Expression.Equal(parts, Expression.Constant(null, typeof(DocumentParts))),
            Expression.Convert(Expression.NewArrayInit(typeof(DocumentArray), docs), typeof(IReadOnlyList<DocumentArray>)),
            Expression.Property(parts, nameof(DocumentParts.Matrix)));
        var map = Expression.Condition(
            Expression.Equal(parts, Expression.Constant(null, typeof(DocumentParts))),
            Expression.Convert(Expression.Call(typeof(EndpointBinder).GetMethod(nameof(SinglePartMap), BindingFlags.NonPublic | BindingFlags.Static)!, docs), typeof(IReadOnlyDictionary<string, DocumentArray>)),
            Expression.Property(parts, nameof(DocumentParts.Map)));
        var arguments = new List<Expression>();
        ParameterExpression? typed = null;
        foreach (var parameter in method.GetParameters())
        {
            var type = parameter.ParameterType;
            if (IsDocList(type) && typed is null)
            {
                // DocList<T>: the request's documents read as T (the mapping is built now, at start-up).
                _ = JinaOrleans.Internal.DocSchema.Of(type.GetGenericArguments()[0]);
                typed = Expression.Variable(type, parameter.Name);
                arguments.Add(typed);
                continue;
            }

            arguments.Add(type == typeof(DocumentArray) ? docs
                : type == typeof(Parameters) ? parameters
                : type == typeof(CancellationToken) ? cancellation
                : type == typeof(IReadOnlyList<DocumentArray>) ? matrix
                : type == typeof(IReadOnlyDictionary<string, DocumentArray>) ? map
                : throw new InvalidOperationException(
                    $"{executorType.Name}.{method.Name}: parameter '{parameter.Name}' has type {type.Name}; an endpoint method may only take DocumentArray or one DocList<T>, Parameters, CancellationToken, IReadOnlyList<DocumentArray> (docs_matrix) and IReadOnlyDictionary<string, DocumentArray> (docs_map)."));
        }

        Expression call = Expression.Call(Expression.Convert(executor, executorType), method, arguments);
        var body = WrapResult(call, method, executorType, typed);
        if (typed is not null)
        {
            var read = typeof(DocumentArray).GetMethod(nameof(DocumentArray.As))!.MakeGenericMethod(typed.Type.GetGenericArguments()[0]);
            body = Expression.Block([typed], Expression.Assign(typed, Expression.Call(docs, read)), body);
        }

        return Expression.Lambda<EndpointHandler>(body, executor, docs, parameters, parts, cancellation).Compile();
    }

    /// <summary>
    /// The method's result as the handler's. A method that takes a DocList and returns nothing answers with that list
    /// (its items edited in place go back into the request).
    /// </summary>
    private static Expression WrapResult(Expression call, MethodInfo method, Type executorType, ParameterExpression? typed)
    {
        var returnType = method.ReturnType;
        var edited = typed is null ? (Expression)Expression.Constant(null, typeof(object)) : Expression.Convert(typed, typeof(object));
        if (returnType == typeof(void))
        {
            return typed is null
                ? Expression.Block(call, Expression.Default(typeof(ValueTask<object?>)))
                : Expression.Block(call, Expression.New(typeof(ValueTask<object?>).GetConstructor([typeof(object)])!, edited));
        }

        if (returnType == typeof(Task))
        {
            return Expression.Call(FromTask, call, edited);
        }

        if (returnType == typeof(ValueTask))
        {
            return Expression.Call(FromValueTask, call, edited);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var result = returnType.GetGenericArguments()[0];
            CheckResultType(result, method, executorType);
            return Expression.Call(FromTaskOfT.MakeGenericMethod(result), call);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var result = returnType.GetGenericArguments()[0];
            CheckResultType(result, method, executorType);
            return Expression.Call(FromValueTaskOfT.MakeGenericMethod(result), call);
        }

        CheckResultType(returnType, method, executorType);
        return Expression.New(
            typeof(ValueTask<object?>).GetConstructor([typeof(object)])!,
            Expression.Convert(call, typeof(object)));
    }

    private static void CheckResultType(Type type, MethodInfo method, Type executorType)
    {
        if (type == typeof(DocumentArray)
            || IsDocList(type)
            || typeof(IDictionary).IsAssignableFrom(type)
            || typeof(IEnumerable<KeyValuePair<string, object?>>).IsAssignableFrom(type)
            || type == typeof(object))
        {
            return;
        }

        throw new InvalidOperationException(
            $"{executorType.Name}.{method.Name} returns {type.Name}; an endpoint method may return void, a DocumentArray, a DocList<T>, a dictionary, or a Task/ValueTask of those.");
    }

    private static bool IsDocList(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(DocList<>);

    private static Dictionary<string, DocumentArray> SinglePartMap(DocumentArray docs) => new(StringComparer.Ordinal) { [string.Empty] = docs };

    private static async ValueTask<object?> AwaitTask(Task task, object? result)
    {
        await task.ConfigureAwait(false);
        return result;
    }

    private static async ValueTask<object?> AwaitValueTask(ValueTask task, object? result)
    {
        await task.ConfigureAwait(false);
        return result;
    }

    private static ValueTask<object?> AwaitTaskOfT<T>(Task<T> task) =>
        task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : AwaitSlow(task);

    private static async ValueTask<object?> AwaitSlow<T>(Task<T> task) => await task.ConfigureAwait(false);

    private static ValueTask<object?> AwaitValueTaskOfT<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : AwaitSlowValue(task);

    private static async ValueTask<object?> AwaitSlowValue<T>(ValueTask<T> task) => await task.ConfigureAwait(false);
}
