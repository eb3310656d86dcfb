namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Returns the parameters it saw (without __results__), so they land in <c>__results__</c>.</summary>
internal sealed class ParametersEchoExecutor : Executor
{
    [Requests]
    public Dictionary<string, object?> Echo(Parameters parameters)
    {
        var seen = parameters.Where(p => p.Key != WellKnownEndpoints.ResultsKey).ToDictionary(p => p.Key, p => p.Value);
        parameters["edited_by_executor"] = true;
        return new Dictionary<string, object?> { ["seen"] = seen, ["name"] = Name };
    }
}
