using System.Collections.Immutable;
using System.Text.RegularExpressions;
using JinaOrleans.Definitions;
using YamlDotNet.RepresentationModel;

namespace JinaOrleans.Configuration;

/// <summary>
/// The runtime keys of a flow's <c>with:</c> and of its executors (JINA_PROTOCOL.md §7.1): <c>env</c>,
/// <c>timeout_ready</c>, <c>compression</c>, <c>workspace</c>, <c>log_config</c>, <c>quiet</c>, <c>quiet_error</c>,
/// <c>grpc_server_options</c> and, for executors, <c>exit_on_exceptions</c>. As in Jina, the values in <c>with:</c> are
/// every executor's defaults, and an executor's own value replaces the default (a whole <c>env</c> mapping included).
/// Relative paths resolve against the flow file's folder.
/// </summary>
internal static partial class RuntimeKeys
{
    /// <summary>The keys read here in <c>with:</c> / <c>gateway:</c>.</summary>
    public static readonly ImmutableHashSet<string> WithKeys =
        ["env", "timeout_ready", "compression", "workspace", "log_config", "quiet", "quiet_error", "grpc_server_options"];

    /// <summary>The keys read here in an executor entry.</summary>
    public static readonly ImmutableHashSet<string> ExecutorKeys = WithKeys.Add("exit_on_exceptions");

    /// <summary>An executor's defaults from <c>with:</c> (<c>log_config</c> there configures the whole process instead).</summary>
    public static ExecutorDefinition Inherit(ExecutorDefinition executor, GatewayDefinition gateway) => executor with
    {
        Env = gateway.Env,
        TimeoutReady = gateway.TimeoutReady,
        Compression = gateway.Compression,
        Workspace = gateway.Workspace,
        Quiet = gateway.Quiet,
        QuietError = gateway.QuietError,
        GrpcServerOptions = gateway.GrpcServerOptions,
        Monitoring = gateway.Monitoring,
    };

    public static GatewayDefinition Read(string key, YamlNode value, string path, YamlValues values, string baseDirectory, GatewayDefinition gateway)
    {
        switch (key)
        {
            case "env":
                return ReadEnv(value, path, values) is { } env ? gateway with { Env = env } : gateway;
            case "timeout_ready":
                return ReadTimeoutReady(value, path, values, out var ready) ? gateway with { TimeoutReady = ready } : gateway;
            case "compression":
                return ReadCompression(value, path, values) is { } compression ? gateway with { Compression = compression } : gateway;
            case "workspace":
                return values.Text(value, path) is { } workspace ? gateway with { Workspace = Resolve(workspace, baseDirectory) } : gateway;
            case "log_config":
                return ReadLogConfig(value, path, values, baseDirectory, out var file) ? gateway with { LogConfig = file } : gateway;
            case "quiet":
                return values.Bool(value, path) is { } quiet ? gateway with { Quiet = quiet } : gateway;
            case "quiet_error":
                return values.Bool(value, path) is { } quietError ? gateway with { QuietError = quietError } : gateway;
            case "grpc_server_options":
                return GrpcServerOptionsYaml.Read(value, path, values) is { } options ? gateway with { GrpcServerOptions = options } : gateway;
            default:
                throw new ArgumentOutOfRangeException(nameof(key), key, "Not a runtime key of with:.");
        }
    }

    public static ExecutorDefinition Read(string key, YamlNode value, string path, YamlValues values, string baseDirectory, ExecutorDefinition executor)
    {
        switch (key)
        {
            case "env":
                return ReadEnv(value, path, values) is { } env ? executor with { Env = env } : executor;
            case "exit_on_exceptions":
                return executor with { ExitOnExceptions = ReadExceptionNames(value, path, values) };
            case "timeout_ready":
                return ReadTimeoutReady(value, path, values, out var ready) ? executor with { TimeoutReady = ready } : executor;
            case "compression":
                return ReadCompression(value, path, values) is { } compression ? executor with { Compression = compression } : executor;
            case "workspace":
                return values.Text(value, path) is { } workspace ? executor with { Workspace = Resolve(workspace, baseDirectory) } : executor;
            case "log_config":
                return ReadLogConfig(value, path, values, baseDirectory, out var file) ? executor with { LogConfig = file } : executor;
            case "quiet":
                return values.Bool(value, path) is { } quiet ? executor with { Quiet = quiet } : executor;
            case "quiet_error":
                return values.Bool(value, path) is { } quietError ? executor with { QuietError = quietError } : executor;
            case "grpc_server_options":
                return GrpcServerOptionsYaml.Read(value, path, values) is { } options ? executor with { GrpcServerOptions = options } : executor;
            default:
                throw new ArgumentOutOfRangeException(nameof(key), key, "Not a runtime key of an executor.");
        }
    }

    private static string Resolve(string file, string baseDirectory) =>
        Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(baseDirectory, file));

    /// <summary><c>NAME: value</c> lines; values are taken as written (<c>1</c>, <c>true</c>).</summary>
    private static ImmutableDictionary<string, string>? ReadEnv(YamlNode value, string path, YamlValues values)
    {
        if (value is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        if (value is not YamlMappingNode mapping)
        {
            values.Error(value, path, $"expected a mapping of NAME: value, found a {YamlValues.Describe(value)}");
            return null;
        }

        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (nameNode, valueNode) in mapping.Children)
        {
            if (values.Text(nameNode, path) is not { } name)
            {
                continue;
            }

            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                values.Error(nameNode, path, $"'{name}' is not an environment variable name");
                continue;
            }

            if (valueNode is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" })
            {
                values.Error(valueNode, $"{path}.{name}", "has no value; give one (an empty string is '')");
                continue;
            }

            if (values.Text(valueNode, $"{path}.{name}") is { } text)
            {
                builder[name] = text;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Milliseconds; -1 waits forever.</summary>
    private static bool ReadTimeoutReady(YamlNode value, string path, YamlValues values, out TimeSpan? timeout)
    {
        timeout = null;
        if (values.Int(value, path, min: -1) is not { } ms)
        {
            return false;
        }

        if (ms == 0)
        {
            values.Error(value, path, "must be a positive number of milliseconds, or -1 to wait forever (was 0)");
            return false;
        }

        timeout = ms < 0 ? null : TimeSpan.FromMilliseconds(ms);
        return true;
    }

    private static GrpcCompression? ReadCompression(YamlNode value, string path, YamlValues values)
    {
        var text = values.Text(value, path);
        switch (text?.ToUpperInvariant())
        {
            case null:
                return null;
            case "" or "~" or "NULL" or "NONE" or "NOCOMPRESSION":
                return GrpcCompression.None;
            case "DEFLATE":
                return GrpcCompression.Deflate;
            case "GZIP":
                return GrpcCompression.Gzip;
            default:
                values.Error(value, path, $"'{text}' is not a compression; use NoCompression, Deflate or Gzip");
                return null;
        }
    }

    private static ImmutableArray<string> ReadExceptionNames(YamlNode value, string path, YamlValues values)
    {
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var (name, node) in values.TextList(value, path))
        {
            if (ExceptionName().IsMatch(name))
            {
                names.Add(name);
            }
            else
            {
                values.Error(node, path, $"'{name}' is not an exception class name (such as InvalidOperationException or System.IO.IOException)");
            }
        }

        return names.ToImmutable();
    }

    /// <summary>
    /// A Microsoft.Extensions.Logging JSON file; Jina's <c>default</c> means none. Checked now, so a bad file fails with
    /// the line that names it.
    /// </summary>
    private static bool ReadLogConfig(YamlNode value, string path, YamlValues values, string baseDirectory, out string? file)
    {
        file = null;
        var text = values.Text(value, path);
        if (text is null)
        {
            return false;
        }

        if (text is "" or "default")
        {
            return true;
        }

        var resolved = Resolve(text, baseDirectory);
        if (LogConfigFile.Check(resolved) is { } problem)
        {
            values.Error(value, path, problem);
            return false;
        }

        file = resolved;
        return true;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_`]*(\.[A-Za-z_][A-Za-z0-9_`]*)*$")]
    private static partial Regex ExceptionName();
}
