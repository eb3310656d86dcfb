namespace JinaOrleans.Configuration;

/// <summary>A flow or executor YAML file is invalid; <see cref="Errors"/> lists every problem with its file and line.</summary>
public sealed class FlowConfigurationException : Exception
{
    public FlowConfigurationException(IReadOnlyList<string> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    public FlowConfigurationException()
        : this(["Invalid flow configuration."])
    {
    }

    public FlowConfigurationException(string message)
        : this([message])
    {
    }

    public FlowConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Each problem, as <c>file:line: key: what is wrong</c>.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(IReadOnlyList<string> errors) =>
        errors.Count == 1 ? errors[0] : $"{errors.Count} problems:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}";
}
