using System.Collections.Immutable;
using JinaOrleans.Definitions;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// A deployment this silo hosts (or a uses_before/uses_after head): its definition, its class with the endpoints
/// bound once, its dynamic batching, and how to create one replica's executor instance.
/// </summary>
internal sealed class HostedDeployment
{
    private readonly Type _type;
    private readonly IServiceProvider? _services;

    public HostedDeployment(ExecutorDefinition definition, Type type, IServiceProvider? services)
    {
        Definition = definition;
        _type = type;
        _services = services;
        Endpoints = EndpointBinder.Bind(type, definition.UsesRequests);
        var batching = Endpoints.Batching.ToImmutableDictionary(StringComparer.Ordinal);
        foreach (var (endpoint, settings) in definition.DynamicBatching)
        {
            settings.Validate($"uses_dynamic_batching.{endpoint}");
            if (Endpoints.ResolveKey(endpoint) is null)
            {
                throw new InvalidOperationException($"uses_dynamic_batching names endpoint '{endpoint}', which {type.Name} does not serve.");
            }

            batching = batching.SetItem(endpoint, settings);
        }

        var endpoints = new Protos.Jina.EndpointsProto();
        endpoints.Endpoints.Add(Endpoints.Endpoints.Order(StringComparer.Ordinal));
        endpoints.Schemas = EndpointSchema.Describe(Endpoints.Schemas);
        Description = new ExecutorDescription(endpoints, definition.Shards > 1 ? ImmutableDictionary<string, DynamicBatchingOptions>.Empty : batching);
    }

    public ExecutorDefinition Definition { get; }

    public string Name => Definition.Name;

    public EndpointTable Endpoints { get; }

    /// <summary>What callers are told (sharded deployments are not batched).</summary>
    public ExecutorDescription Description { get; }

    /// <summary>
    /// A new executor instance for one replica (of one shard), its constructor filled from <c>uses_with</c>, logging as
    /// <c>JinaOrleans.Executors.{name}.{class}</c>, its workspace folder created.
    /// </summary>
    public ExecutorInstance CreateInstance(int replica, int shard, IServiceProvider siloServices, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(siloServices);
        ArgumentNullException.ThrowIfNull(loggers);
        var services = _services is null ? siloServices : new FallbackServiceProvider(_services, siloServices);
        var executor = ExecutorFactory.Create(_type, Definition.UsesWith, services);
        var info = new ExecutorReplicaInfo(replica, shard, Definition.Replicas, Definition.Shards);
        var logger = loggers.CreateLogger($"{Definition.LogCategory}.{_type.Name}");
        var silo = (siloServices.GetService(typeof(Orleans.Runtime.ILocalSiloDetails)) as Orleans.Runtime.ILocalSiloDetails)?.SiloAddress.ToParsableString() ?? string.Empty;
        return new ExecutorInstance(Definition, executor, Endpoints, info, logger, siloServices.GetService(typeof(ExecutorExit)) as ExecutorExit, silo);
    }

    /// <summary>The user's services first, then the silo's.</summary>
    private sealed class FallbackServiceProvider(IServiceProvider first, IServiceProvider second) : IServiceProvider
    {
        public object? GetService(Type serviceType) => first.GetService(serviceType) ?? second.GetService(serviceType);
    }
}
