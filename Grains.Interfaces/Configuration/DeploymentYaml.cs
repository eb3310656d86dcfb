using System.Collections.Immutable;
using JinaOrleans.Definitions;
using YamlDotNet.RepresentationModel;

namespace JinaOrleans.Configuration;

/// <summary>
/// Jina's Deployment YAML (<c>jtype: Deployment</c>, <c>with:</c> the Deployment's arguments): one executor, with its
/// replicas, shards and the rest of an executor's keys, served on Jina's worker protocol at <c>port</c>, or with
/// <c>include_gateway: true</c> (Jina's default) behind a gateway of its own at <c>port</c>, on the protocols
/// <c>protocol</c> names. Read as a one-executor <see cref="FlowDefinition"/> carrying <see cref="DeploymentSettings"/>;
/// the executor's keys and the gateway's are those of a flow file, errors name file and line.
/// </summary>
internal static class DeploymentYaml
{
    // The Deployment's serving keys: what a flow's `with:` says of its gateway. Everything else is the executor's.
    private static readonly ImmutableHashSet<string> GatewayKeys =
    [
        "port", "protocol", "protocols", "prefetch", "host", "ssl_certfile", "ssl_keyfile", "cors", "no_debug_endpoints",
        "no_crud_endpoints", "title", "description", "docarray",
    ];

    public static bool IsDeployment(YamlMappingNode root, YamlValues values)
    {
        if (!root.Tag.IsEmpty && !root.Tag.IsNonSpecific && root.Tag.Value == "!Deployment")
        {
            return true;
        }

        return root.Children.Any(p => p.Key is YamlScalarNode { Value: "jtype" } && p.Value is YamlScalarNode { Value: "Deployment" });
    }

    public static FlowDefinition Read(YamlMappingNode root, YamlValues values, string baseDirectory, Func<string, string?> environment)
    {
        YamlMappingNode? with = null;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = values.Text(keyNode, "(root)");
            switch (key)
            {
                case "jtype":
                    break;
                case "version":
                    if (values.Text(value, key) is { } version and not "1")
                    {
                        values.Error(value, key, $"version '{version}' is unknown; use '1'");
                    }

                    break;
                case "with":
                    if (value is YamlMappingNode mapping)
                    {
                        with = mapping;
                    }
                    else
                    {
                        values.Error(value, key, $"expected a mapping of the Deployment's arguments, found a {YamlValues.Describe(value)}");
                    }

                    break;
                case null:
                    break;
                default:
                    values.Error(keyNode, key, "unknown top-level key; a Deployment file has jtype, version and with");
                    break;
            }
        }

        if (with is null)
        {
            values.Error(root, "with", "missing; a Deployment names its executor under 'with: uses:'");
            return new FlowDefinition();
        }

        var gatewayNode = new YamlMappingNode();
        var executorNode = new YamlMappingNode();
        var settings = new DeploymentSettings();
        foreach (var (keyNode, value) in with.Children)
        {
            var key = values.Text(keyNode, "with");
            if (key == "include_gateway")
            {
                settings = settings with { IncludeGateway = values.Bool(value, "with.include_gateway") ?? true };
            }
            else if (key is not null && MonitoringKeys.Keys.Contains(key))
            {
                // The Deployment's metrics: its gateway's and its executor's (the silo serving it).
                gatewayNode.Add(keyNode, value);
                executorNode.Add(keyNode, value);
            }
            else if (key is not null && GatewayKeys.Contains(key))
            {
                gatewayNode.Add(keyNode, value);
                if (key == "port" && value is YamlScalarNode)
                {
                    settings = settings with { Port = values.Int(value, "with.port", min: 0) };
                }
            }
            else
            {
                executorNode.Add(keyNode, value);
            }
        }

        var gateway = FlowYaml.ReadWith(gatewayNode, "with", values, new GatewayDefinition(), baseDirectory);
        if (!settings.IncludeGateway && gateway.Protocols.Any(p => p != GatewayProtocol.Grpc))
        {
            values.Error(with, "with.protocol", "a Deployment without include_gateway serves Jina's worker protocol, which is gRPC; set include_gateway: true for HTTP or WebSocket");
        }

        var executor = FlowYaml.ReadExecutor(executorNode, 0, values, baseDirectory, environment, gateway, section: "with");
        if (executor is not null && !executor.Needs.IsDefaultOrEmpty)
        {
            values.Error(with, "with.needs", "a Deployment has one executor and no needs");
        }

        var name = executor?.Name is { } given && given != "executor0" ? given : "executor";
        return new FlowDefinition
        {
            Name = name,
            Gateway = gateway,
            Executors = executor is null ? [] : [executor with { Name = name }],
            Deployment = settings,
        };
    }
}
