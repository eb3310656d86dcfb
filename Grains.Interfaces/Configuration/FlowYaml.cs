using System.Collections.Immutable;
using JinaOrleans.Definitions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JinaOrleans.Configuration;

/// <summary>
/// Reads Jina Flow YAML (JINA_PROTOCOL.md §7.1) and Executor YAML (§7.2) into a <see cref="FlowDefinition"/>,
/// with <c>${{ ENV.VAR }}</c> substitution. Every key is either supported or rejected with its file and line:
/// nothing is silently ignored. All problems are reported at once.
/// </summary>
public static class FlowYaml
{
    private static readonly ImmutableHashSet<string> SupportedWith =
    [
        "port", "protocol", "protocols", "prefetch", "host", "timeout_send", "retries", "ssl_certfile", "ssl_keyfile", "cors",
        "no_debug_endpoints", "no_crud_endpoints", "title", "description", "docarray", .. RuntimeKeys.WithKeys, .. MonitoringKeys.Keys,
        .. TracingKeys.Keys,
    ];

    /// <summary>A docarray flavour: <c>v1</c>, <c>v2</c> or <c>auto</c>.</summary>
    internal static DocArrayFlavour? ParseFlavour(YamlValues values, YamlNode value, string path)
    {
        var text = values.Text(value, path);
        if (text is null)
        {
            return null;
        }

        if (DocArrayFlavours.TryParse(text, out var flavour))
        {
            return flavour;
        }

        values.Error(value, path, $"'{text}' is not a docarray flavour; use v1, v2 or auto");
        return null;
    }

    private static readonly ImmutableHashSet<string> KnownWith =
    [
        "name", "expose_endpoints", "expose_graphql_endpoint", "uvicorn_kwargs", "proxy",
        "uses", "uses_with", "py_modules", "replicas", "reload",
        "args", "kwargs", "graph_description", "graph_conditions",
        "deployments_addresses", "deployments_metadata", "deployments_no_reduce", "polling", "shards", "timeout_ctrl",
    ];

    private static readonly ImmutableHashSet<string> SupportedExecutor =
    [
        "name", "uses", "replicas", "uses_with", "uses_metas", "uses_requests", "needs", "when", "timeout_send", "retries",
        "external", "host", "port", "tls", "grpc_metadata", "docarray", "no_reduce", "floating", "shards", "polling", "uses_before", "uses_after", "uses_dynamic_batching",
        .. RuntimeKeys.ExecutorKeys, .. MonitoringKeys.Keys,
        .. TracingKeys.Keys,
    ];

    private static readonly ImmutableHashSet<string> KnownExecutor =
    [
        "method", "py_modules", "uses_before_address", "uses_after_address", "output_array_type",
        "env_from_secret", "reload",
        "timeout_ctrl", "entrypoint", "docker_kwargs", "volumes",
        "gpus", "disable_auto_volume", "install_requirements", "force_update", "prefer_platform", "native", "runtime_cls",
        "connection_list", "protocol",
    ];

    /// <summary>Reads a flow file; relative executor YAML paths resolve against its folder.</summary>
    /// <exception cref="FlowConfigurationException">The file is missing, is not YAML, or has invalid keys.</exception>
    public static FlowDefinition Load(string path, Func<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FlowConfigurationException($"{path}: cannot read the flow file: {ex.Message}");
        }

        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", environment);
    }

    /// <summary>Parses flow YAML text. <paramref name="sourceName"/> names it in errors.</summary>
    public static FlowDefinition Parse(string yaml, string sourceName, string baseDirectory, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var values = new YamlValues(sourceName, environment ?? Environment.GetEnvironmentVariable);
        var root = ReadRoot(yaml, values);
        if (root is null)
        {
            throw new FlowConfigurationException(values.Errors);
        }

        var flow = DeploymentYaml.IsDeployment(root, values)
            ? DeploymentYaml.Read(root, values, baseDirectory, environment ?? Environment.GetEnvironmentVariable)
            : ReadFlow(root, values, baseDirectory, environment ?? Environment.GetEnvironmentVariable);
        if (values.Errors.Count > 0)
        {
            throw new FlowConfigurationException(values.Errors);
        }

        return flow;
    }

    private static YamlMappingNode? ReadRoot(string yaml, YamlValues values)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            values.Error($"line {ex.Start.Line}: not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            values.Error("the file is empty or is not a mapping; a flow starts with 'jtype: Flow'");
            return null;
        }

        return root;
    }

    private static FlowDefinition ReadFlow(YamlMappingNode root, YamlValues values, string baseDirectory, Func<string, string?> environment)
    {
        var flow = new FlowDefinition();
        var gateway = new GatewayDefinition();
        var sawJtype = !root.Tag.IsEmpty && !root.Tag.IsNonSpecific && root.Tag.Value == "!Flow";
        YamlSequenceNode? executors = null;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = values.Text(keyNode, "(root)");
            switch (key)
            {
                case "jtype":
                    var jtype = values.Text(value, key);
                    if (jtype is not null and not "Flow")
                    {
                        values.Error(value, key, $"'{jtype}' is not supported here; a flow file has 'jtype: Flow' (or 'jtype: Deployment' for one executor)");
                    }

                    sawJtype = true;
                    break;
                case "version":
                    var version = values.Text(value, key);
                    if (version is not null and not "1")
                    {
                        values.Error(value, key, $"version '{version}' is unknown; use '1'");
                    }

                    break;
                case "with" or "gateway":
                    gateway = ReadWith(value, key, values, gateway, baseDirectory);
                    break;
                case "executors" or "deployments":
                    if (value is YamlSequenceNode sequence)
                    {
                        executors = sequence;
                    }
                    else
                    {
                        values.Error(value, key, $"expected a list of executors, found a {YamlValues.Describe(value)}");
                    }

                    break;
                case null:
                    break;
                default:
                    values.Error(keyNode, key, "unknown top-level key; a flow file has jtype, version, with, gateway and executors");
                    break;
            }
        }

        if (!sawJtype)
        {
            values.Error(root, "jtype", "missing; a flow file starts with 'jtype: Flow'");
        }

        var list = ImmutableArray.CreateBuilder<ExecutorDefinition>();
        if (executors is not null)
        {
            var index = 0;
            foreach (var item in executors)
            {
                if (ReadExecutor(item, index, values, baseDirectory, environment, gateway) is { } executor)
                {
                    list.Add(executor);
                }

                index++;
            }
        }

        return flow with { Gateway = gateway, Executors = list.ToImmutable() };
    }

    internal static GatewayDefinition ReadWith(YamlNode node, string section, YamlValues values, GatewayDefinition gateway, string baseDirectory)
    {
        string Resolve(string file) => Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(baseDirectory, file));

        if (node is not YamlMappingNode mapping)
        {
            values.Error(node, section, $"expected a mapping, found a {YamlValues.Describe(node)}");
            return gateway;
        }

        YamlNode? portNode = null;
        IReadOnlyList<(string Text, YamlNode Node)>? ports = null;
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = values.Text(keyNode, section);
            var path = $"{section}.{key}";
            switch (key)
            {
                case "port":
                    portNode = value;
                    ports = values.TextList(value, path);
                    break;
                case "protocol" or "protocols":
                    var protocols = ImmutableArray.CreateBuilder<GatewayProtocol>();
                    foreach (var (text, item) in values.TextList(value, path))
                    {
                        switch (text.ToUpperInvariant())
                        {
                            case "GRPC": protocols.Add(GatewayProtocol.Grpc); break;
                            case "HTTP": protocols.Add(GatewayProtocol.Http); break;
                            case "WEBSOCKET": protocols.Add(GatewayProtocol.WebSocket); break;
                            default: values.Error(item, path, $"unknown protocol '{text}'; use grpc, http or websocket"); break;
                        }
                    }

                    gateway = gateway with { Protocols = protocols.ToImmutable() };
                    break;
                case "prefetch":
                    gateway = values.Int(value, path, min: 0) is { } prefetch ? gateway with { Prefetch = prefetch } : gateway;
                    break;
                case "host":
                    gateway = values.Text(value, path) is { } host ? gateway with { Host = host } : gateway;
                    break;
                case "timeout_send":
                    gateway = values.Int(value, path, min: 1) is { } ms ? gateway with { TimeoutSend = TimeSpan.FromMilliseconds(ms) } : gateway;
                    break;
                case "retries":
                    gateway = values.Int(value, path, min: -1) is { } retries ? gateway with { Retries = retries } : gateway;
                    break;
                case "ssl_certfile":
                    gateway = values.Text(value, path) is { } certificate ? gateway with { SslCertFile = Resolve(certificate) } : gateway;
                    break;
                case "ssl_keyfile":
                    gateway = values.Text(value, path) is { } keyFile ? gateway with { SslKeyFile = Resolve(keyFile) } : gateway;
                    break;
                case "cors":
                    gateway = values.Bool(value, path) is { } cors ? gateway with { Cors = cors } : gateway;
                    break;
                case "no_debug_endpoints":
                    gateway = values.Bool(value, path) is { } noDebug ? gateway with { NoDebugEndpoints = noDebug } : gateway;
                    break;
                case "no_crud_endpoints":
                    gateway = values.Bool(value, path) is { } noCrud ? gateway with { NoCrudEndpoints = noCrud } : gateway;
                    break;
                case "title":
                    gateway = values.Text(value, path) is { } title ? gateway with { Title = title } : gateway;
                    break;
                case "description":
                    gateway = values.Text(value, path) is { } description ? gateway with { Description = description } : gateway;
                    break;
                case "docarray":
                    gateway = ParseFlavour(values, value, path) is { } flavour ? gateway with { DocArray = flavour } : gateway;
                    break;
                case { } runtime when RuntimeKeys.WithKeys.Contains(runtime):
                    gateway = RuntimeKeys.Read(runtime, value, path, values, baseDirectory, gateway);
                    break;
                case { } tracing when TracingKeys.Keys.Contains(tracing):
                    gateway = gateway with { Tracing = TracingKeys.Read(tracing, value, path, values, gateway.Tracing) };
                    break;
                case { } monitoring when MonitoringKeys.Keys.Contains(monitoring):
                    gateway = gateway with { Monitoring = MonitoringKeys.Read(monitoring, value, path, values, gateway.Monitoring) };
                    break;
                case null:
                    break;
                default:
                    values.Error(keyNode, path, KnownWith.Contains(key) ? "is not supported yet" : $"unknown key; supported: {string.Join(", ", SupportedWith.Order(StringComparer.Ordinal))}");
                    break;
            }
        }

        MonitoringKeys.Check(gateway.Monitoring, mapping, section, values);
        var badPort = false;
        if (ports is not null)
        {
            var parsed = ImmutableArray.CreateBuilder<int>();
            foreach (var (text, item) in ports)
            {
                if (int.TryParse(text, out var port) && port is >= 0 and <= 65535)
                {
                    parsed.Add(port);
                }
                else
                {
                    values.Error(item, $"{section}.port", $"'{text}' is not a port number (0-65535)");
                    badPort = true;
                }
            }

            gateway = gateway with { Ports = parsed.ToImmutable() };
        }

        if (gateway.Ports.Length != gateway.Protocols.Length && !badPort)
        {
            if (ports is null && gateway.Ports is [0])
            {
                gateway = gateway with { Ports = [.. Enumerable.Repeat(0, gateway.Protocols.Length)] };
            }
            else
            {
                values.Error(portNode ?? mapping, $"{section}.port", $"{gateway.Ports.Length} port(s) for {gateway.Protocols.Length} protocol(s); give one port per protocol, in the same order");
            }
        }

        return gateway;
    }

    internal static ExecutorDefinition? ReadExecutor(YamlNode node, int index, YamlValues values, string baseDirectory, Func<string, string?> environment, GatewayDefinition gateway, string? section = null)
    {
        section ??= $"executors[{index}]";
        if (node is YamlScalarNode)
        {
            values.Error(node, section, "a path to a Deployment YAML is not supported yet; describe the executor inline");
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            values.Error(node, section, $"expected a mapping, found a {YamlValues.Describe(node)}");
            return null;
        }

        var definition = RuntimeKeys.Inherit(new ExecutorDefinition { Name = $"executor{index}", Uses = string.Empty, TimeoutSend = gateway.TimeoutSend, Retries = gateway.Retries }, gateway);
        definition = definition with { Tracing = gateway.Tracing };
        var hosts = new List<string>();
        var ports = new List<(string Text, YamlNode Node)>();
        var external = false;
        YamlNode? docArrayNode = null;
        ExecutorYaml? executorYaml = null;
        YamlNode? usesNode = null;
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = values.Text(keyNode, section);
            var path = $"{section}.{key}";
            switch (key)
            {
                case "name":
                    definition = values.Text(value, path) is { } name ? definition with { Name = name } : definition;
                    break;
                case "uses":
                    usesNode = value;
                    (definition, executorYaml) = ReadUses(value, path, values, baseDirectory, environment, definition);
                    break;
                case "replicas":
                    definition = values.Int(value, path, min: 1) is { } replicas ? definition with { Replicas = replicas } : definition;
                    break;
                case "uses_with":
                    definition = values.Mapping(value, path) is { } with ? definition with { UsesWith = with } : definition;
                    break;
                case "uses_metas":
                    definition = values.Mapping(value, path) is { } metas ? definition with { UsesMetas = metas } : definition;
                    break;
                case "uses_requests":
                    definition = ReadRequests(value, path, values) is { } requests ? definition with { UsesRequests = requests } : definition;
                    break;
                case "needs":
                    definition = definition with { Needs = [.. values.TextList(value, path).Select(t => t.Text)] };
                    break;
                case "when":
                    definition = values.Mapping(value, path) is { } when ? definition with { When = when } : definition;
                    break;
                case "timeout_send":
                    definition = values.Int(value, path, min: 1) is { } ms ? definition with { TimeoutSend = TimeSpan.FromMilliseconds(ms) } : definition;
                    break;
                case "retries":
                    definition = values.Int(value, path, min: -1) is { } retries ? definition with { Retries = retries } : definition;
                    break;
                case "external":
                    external = values.Bool(value, path) ?? false;
                    break;
                case "host":
                    hosts.AddRange(values.TextList(value, path).Select(t => t.Text));
                    break;
                case "port":
                    ports.AddRange(values.TextList(value, path));
                    break;
                case "tls":
                    definition = values.Bool(value, path) is { } tls ? definition with { Tls = tls } : definition;
                    break;
                case "no_reduce":
                    definition = values.Bool(value, path) is { } noReduce ? definition with { NoReduce = noReduce } : definition;
                    break;
                case "floating":
                    definition = values.Bool(value, path) is { } floating ? definition with { Floating = floating } : definition;
                    break;
                case "shards":
                    definition = values.Int(value, path, min: 1) is { } shards ? definition with { Shards = shards } : definition;
                    break;
                case "polling":
                    definition = ReadPolling(value, path, values) is { } polling ? definition with { Polling = polling } : definition;
                    break;
                case "uses_dynamic_batching":
                    definition = ReadBatching(value, path, values) is { } batching ? definition with { DynamicBatching = batching } : definition;
                    break;
                case "uses_before":
                    definition = values.Text(value, path) is { } before ? definition with { UsesBefore = before } : definition;
                    break;
                case "uses_after":
                    definition = values.Text(value, path) is { } after ? definition with { UsesAfter = after } : definition;
                    break;
                case "docarray":
                    docArrayNode = keyNode;
                    definition = ParseFlavour(values, value, path) is { } flavour ? definition with { DocArray = flavour } : definition;
                    break;
                case "grpc_metadata":
                    if (values.Mapping(value, path) is { } metadata)
                    {
                        definition = definition with { GrpcMetadata = metadata.ToImmutableDictionary(p => p.Key, p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty) };
                    }

                    break;
                case { } runtime when RuntimeKeys.ExecutorKeys.Contains(runtime):
                    definition = RuntimeKeys.Read(runtime, value, path, values, baseDirectory, definition);
                    break;
                case { } tracing when TracingKeys.Keys.Contains(tracing):
                    definition = definition with { Tracing = TracingKeys.Read(tracing, value, path, values, definition.Tracing) };
                    break;
                case { } monitoring when MonitoringKeys.Keys.Contains(monitoring):
                    definition = definition with { Monitoring = MonitoringKeys.Read(monitoring, value, path, values, definition.Monitoring) };
                    break;
                case null:
                    break;
                default:
                    values.Error(keyNode, path, KnownExecutor.Contains(key) ? "is not supported yet" : $"unknown key; supported: {string.Join(", ", SupportedExecutor.Order(StringComparer.Ordinal))}");
                    break;
            }
        }

        if (definition.Monitoring != gateway.Monitoring)
        {
            MonitoringKeys.Check(definition.Monitoring, mapping, section, values);
        }

        if (executorYaml is not null)
        {
            // The entry's own uses_with / uses_metas / uses_requests win over the executor file's.
            definition = definition with
            {
                UsesWith = executorYaml.With.SetItems(definition.UsesWith),
                UsesMetas = executorYaml.Metas.SetItems(definition.UsesMetas),
                UsesRequests = definition.UsesRequests.IsEmpty ? executorYaml.Requests : definition.UsesRequests,
                DynamicBatching = executorYaml.Batching.SetItems(definition.DynamicBatching),
            };
        }

        if (external)
        {
            if (hosts.Count == 0 || ports.Count == 0)
            {
                values.Error(mapping, section, "external: true needs host and port");
            }
            else
            {
                var addresses = ImmutableArray.CreateBuilder<string>();
                for (var i = 0; i < Math.Max(hosts.Count, ports.Count); i++)
                {
                    var (portText, portNode) = ports[Math.Min(i, ports.Count - 1)];
                    if (!int.TryParse(portText, out var port) || port is <= 0 or > 65535)
                    {
                        values.Error(portNode, $"{section}.port", $"'{portText}' is not a port number");
                        continue;
                    }

                    addresses.Add($"{hosts[Math.Min(i, hosts.Count - 1)]}:{port}");
                }

                definition = definition with { External = true, ExternalAddresses = addresses.ToImmutable(), Uses = definition.Uses.Length == 0 ? "external" : definition.Uses };
            }
        }
        else if (hosts.Count > 0 || ports.Count > 0)
        {
            values.Error(mapping, section, "host and port only apply to an external executor (external: true)");
        }

        if (docArrayNode is not null && !external)
        {
            values.Error(docArrayNode, $"{section}.docarray", "only applies to an external executor (external: true): a hosted executor serves the request's own flavour");
        }

        if (definition.Uses.Length == 0 && !definition.External)
        {
            values.Error(usesNode ?? mapping, $"{section}.uses", "missing; name the executor class (uses: MyExecutor), an executor YAML file, or grpc://host:port");
        }

        return definition;
    }

    private static (ExecutorDefinition, ExecutorYaml?) ReadUses(YamlNode value, string path, YamlValues values, string baseDirectory, Func<string, string?> environment, ExecutorDefinition definition)
    {
        if (value is YamlMappingNode inline)
        {
            var parsed = ExecutorYaml.Read(inline, path, values);
            return (definition with { Uses = parsed?.Jtype ?? string.Empty }, parsed);
        }

        var uses = values.Text(value, path);
        if (uses is null)
        {
            return (definition, null);
        }

        if (uses.StartsWith("grpc://", StringComparison.Ordinal) || uses.StartsWith("grpcs://", StringComparison.Ordinal))
        {
            var address = uses[(uses.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
            if (!address.Contains(':', StringComparison.Ordinal))
            {
                values.Error(value, path, $"'{uses}' has no port; use grpc://host:port");
                return (definition, null);
            }

            return (definition with { Uses = uses, External = true, ExternalAddresses = [address], Tls = definition.Tls || uses.StartsWith("grpcs", StringComparison.Ordinal) }, null);
        }

        if (uses.Contains("://", StringComparison.Ordinal))
        {
            values.Error(value, path, $"'{uses}': only executor classes, executor YAML files and grpc:// addresses are supported (not Hub or Docker executors)");
            return (definition, null);
        }

        if (uses.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || uses.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
        {
            var file = Path.IsPathRooted(uses) ? uses : Path.Combine(baseDirectory, uses);
            var parsed = ExecutorYaml.Load(file, value, path, values, environment);
            return (definition with { Uses = parsed?.Jtype ?? string.Empty }, parsed);
        }

        return (definition with { Uses = uses }, null);
    }

    /// <summary>endpoint → {preferred_batch_size, timeout (ms, default 10000)}.</summary>
    internal static ImmutableDictionary<string, DynamicBatchingOptions>? ReadBatching(YamlNode value, string path, YamlValues values)
    {
        if (value is not YamlMappingNode mapping)
        {
            values.Error(value, path, "expected a mapping of endpoint: {preferred_batch_size: N, timeout: MS}");
            return null;
        }

        var builder = ImmutableDictionary.CreateBuilder<string, DynamicBatchingOptions>(StringComparer.Ordinal);
        foreach (var (keyNode, settings) in mapping.Children)
        {
            if (values.Text(keyNode, path) is not { } endpoint)
            {
                continue;
            }

            var where = $"{path}.{endpoint}";
            if (settings is not YamlMappingNode fields)
            {
                values.Error(settings, where, "expected {preferred_batch_size: N, timeout: MS}");
                continue;
            }

            int? size = null;
            var timeout = 10_000;
            foreach (var (fieldNode, fieldValue) in fields.Children)
            {
                switch (values.Text(fieldNode, where))
                {
                    case "preferred_batch_size":
                        size = values.Int(fieldValue, $"{where}.preferred_batch_size", min: 1);
                        break;
                    case "timeout":
                        timeout = values.Int(fieldValue, $"{where}.timeout", min: 1) ?? timeout;
                        break;
                    case { } other:
                        values.Error(fieldNode, $"{where}.{other}", "unknown key; use preferred_batch_size and timeout");
                        break;
                }
            }

            if (size is null)
            {
                values.Error(settings, where, "preferred_batch_size is required");
                continue;
            }

            builder[endpoint] = new DynamicBatchingOptions(size.Value, TimeSpan.FromMilliseconds(timeout));
        }

        return builder.ToImmutable();
    }

    /// <summary><c>ANY</c>, <c>ALL</c>, or a mapping endpoint → ANY/ALL with <c>*</c> for the rest.</summary>
    private static ImmutableDictionary<string, PollingType>? ReadPolling(YamlNode value, string path, YamlValues values)
    {
        PollingType? Parse(YamlNode node, string where)
        {
            var text = values.Text(node, where);
            switch (text?.ToUpperInvariant())
            {
                case null:
                    return null;
                case "ANY":
                    return PollingType.Any;
                case "ALL":
                    return PollingType.All;
                default:
                    values.Error(node, where, $"'{text}' is not a polling type; use ANY or ALL");
                    return null;
            }
        }

        if (value is YamlMappingNode mapping)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, PollingType>(StringComparer.Ordinal);
            builder["*"] = PollingType.Any;
            foreach (var (keyNode, typeNode) in mapping.Children)
            {
                if (values.Text(keyNode, path) is { } endpoint && Parse(typeNode, $"{path}.{endpoint}") is { } type)
                {
                    builder[endpoint] = type;
                }
            }

            return builder.ToImmutable();
        }

        return Parse(value, path) is { } single ? ImmutableDictionary<string, PollingType>.Empty.Add("*", single) : null;
    }

    internal static ImmutableDictionary<string, string>? ReadRequests(YamlNode value, string path, YamlValues values)
    {
        if (value is not YamlMappingNode mapping)
        {
            values.Error(value, path, "expected a mapping of endpoint: method name");
            return null;
        }

        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, methodNode) in mapping.Children)
        {
            if (values.Text(keyNode, path) is { } endpoint && values.Text(methodNode, $"{path}.{endpoint}") is { } method)
            {
                builder[endpoint] = method;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>An executor's own YAML (§7.2): its class, constructor arguments, metas and endpoint bindings.</summary>
    private sealed record ExecutorYaml(
        string Jtype,
        ImmutableDictionary<string, object?> With,
        ImmutableDictionary<string, object?> Metas,
        ImmutableDictionary<string, string> Requests,
        ImmutableDictionary<string, DynamicBatchingOptions> Batching)
    {
        public static ExecutorYaml? Load(string file, YamlNode referencedFrom, string path, YamlValues outer, Func<string, string?> environment)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                outer.Error(referencedFrom, path, $"cannot read executor YAML '{file}': {ex.Message}");
                return null;
            }

            var values = new YamlValues(file, environment);
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException ex)
            {
                outer.Error(referencedFrom, path, $"'{file}' line {ex.Start.Line}: not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
                return null;
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                outer.Error(referencedFrom, path, $"'{file}' is empty or not a mapping");
                return null;
            }

            var parsed = Read(root, "(executor)", values);
            foreach (var error in values.Errors)
            {
                outer.AddQualified(error);
            }

            return parsed;
        }

        public static ExecutorYaml? Read(YamlMappingNode root, string path, YamlValues values)
        {
            string? jtype = root.Tag.IsEmpty || root.Tag.IsNonSpecific ? null : root.Tag.Value.TrimStart('!');
            var with = ImmutableDictionary<string, object?>.Empty;
            var metas = ImmutableDictionary<string, object?>.Empty;
            var requests = ImmutableDictionary<string, string>.Empty;
            var batching = ImmutableDictionary<string, DynamicBatchingOptions>.Empty;
            foreach (var (keyNode, value) in root.Children)
            {
                var key = values.Text(keyNode, path);
                var keyPath = $"{path}.{key}";
                switch (key)
                {
                    case "jtype":
                        jtype = values.Text(value, keyPath);
                        break;
                    case "with":
                        with = values.Mapping(value, keyPath) ?? with;
                        break;
                    case "metas":
                        metas = values.Mapping(value, keyPath) ?? metas;
                        foreach (var name in metas.Keys.Where(k => k is not ("name" or "description" or "workspace")))
                        {
                            values.Error(value, $"{keyPath}.{name}", name == "py_modules" ? "has no meaning for .NET executors" : "unknown meta; supported: name, description, workspace");
                        }

                        break;
                    case "requests":
                        requests = ReadRequests(value, keyPath, values) ?? requests;
                        break;
                    case "py_modules":
                        values.Error(keyNode, keyPath, "has no meaning for .NET executors; put executor assemblies in the silo's --executors folder");
                        break;
                    case "dynamic_batching":
                        batching = ReadBatching(value, keyPath, values) ?? batching;
                        break;
                    case null:
                        break;
                    default:
                        values.Error(keyNode, keyPath, "unknown key; an executor YAML has jtype, with, metas and requests");
                        break;
                }
            }

            if (string.IsNullOrEmpty(jtype))
            {
                values.Error(root, $"{path}.jtype", "missing; name the executor class");
                return null;
            }

            return new ExecutorYaml(jtype, with, metas, requests, batching);
        }
    }
}
