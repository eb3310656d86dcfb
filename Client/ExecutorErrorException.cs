using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Client;

/// <summary>
/// An executor failed on a request (Jina's <c>BadServer</c>): the flow answered with <c>header.status</c>
/// ERROR. Carries the executor's exception name, arguments, stack lines and the executor's name.
/// </summary>
public sealed class ExecutorErrorException : Exception
{
    public ExecutorErrorException(Response response)
        : base(Describe(response))
    {
        Response = response;
    }

    public ExecutorErrorException()
        : base("An executor failed.")
    {
        Response = new Response(new DataRequestProto());
    }

    public ExecutorErrorException(string message)
        : base(message)
    {
        Response = new Response(new DataRequestProto());
    }

    public ExecutorErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Response = new Response(new DataRequestProto());
    }

    /// <summary>The response that carried the error.</summary>
    public Response Response { get; }

    /// <summary>The status the flow returned.</summary>
    public StatusProto Status => Response.Status;

    /// <summary>The executor's exception class name, e.g. <c>InvalidOperationException</c>.</summary>
    public string ExceptionName => Status.Exception?.Name ?? string.Empty;

    /// <summary>The exception's arguments (its message).</summary>
    public IReadOnlyList<string> ExceptionArgs => Status.Exception?.Args ?? (IReadOnlyList<string>)[];

    /// <summary>The exception's stack, one line per entry.</summary>
    public IReadOnlyList<string> Stacks => Status.Exception?.Stacks ?? (IReadOnlyList<string>)[];

    /// <summary>The class name of the executor that raised.</summary>
    public string Executor => Status.Exception?.Executor ?? string.Empty;

    private static string Describe(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = response.Status;
        return $"Executor {status.Exception?.Executor} failed on request {response.RequestId}: {status.Description}";
    }
}
