using System.Collections.Immutable;
using JinaOrleans.Definitions;
using JinaOrleans.Grains.Executors;
using JinaOrleans.Grains.Flows;
using JinaOrleans.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JinaOrleans.Grains;

/// <summary>Puts a flow's grains on a <see cref="Silo"/>: one executor pool per deployment, one flow grain.</summary>
public static class SiloFlowExtensions
{
    /// <summary>
    /// Creates the executor instances this silo hosts (one per replica), binds their endpoints, registers the
    /// references the flow grain calls (local pools, remote silos or external executors, as
    /// <see cref="FlowHostingOptions.Placement"/> decides) and the flow grain. Any problem (unknown
    /// <c>uses</c>, bad <c>uses_with</c>, a constructor that throws, an unsupported endpoint signature, an
    /// invalid topology) fails here, naming the executor.
    /// </summary>
    public static Silo AddFlow(this Silo silo, FlowDefinition flow, ExecutorTypeRegistry executorTypes, FlowHostingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(executorTypes);
        options ??= new FlowHostingOptions();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;

        // Validate the topology before creating anything.
        var flowGrain = new FlowGrain(flow, silo.GrainFactory, options.TimeProvider, loggerFactory.CreateLogger("JinaOrleans.Grains.Flow"));
        var logger = loggerFactory.CreateLogger("JinaOrleans.Grains.Executor");
        foreach (var definition in flow.Executors)
        {
            try
            {
                var hosted = !definition.External && options.HostLocally(definition);
                if (definition.Shards > 1)
                {
                    AddShards(silo, definition, hosted, executorTypes, options, logger);
                }
                else
                {
                    var local = hosted ? WithBatching(silo.AddExecutorPool(definition.Name, CreateActivations(definition, definition.Uses, 0, 1, definition.Replicas, executorTypes, options, logger)), definition, executorTypes, options) : null;
                    silo.GrainFactory.Register(definition.Name, options.Placement(definition, definition.Name, local, singleActivation: false));
                }

                AddHead(silo, definition, GrainKeys.Before(definition.Name), definition.UsesBefore, hosted, executorTypes, options, logger);
                AddHead(silo, definition, GrainKeys.After(definition.Name), definition.UsesAfter, hosted, executorTypes, options, logger);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                throw new InvalidOperationException($"Executor '{definition.Name}' (uses: {definition.Uses}): {ex.Message}", ex);
            }
        }

        silo.AddFlowGrain(flow.Name, flowGrain);
        return silo;
    }

    /// <summary>Puts dynamic batching (attributes, overridden per endpoint by the flow) in front of a local pool.</summary>
    private static IExecutorGrain WithBatching(IExecutorGrain pool, ExecutorDefinition definition, ExecutorTypeRegistry executorTypes, FlowHostingOptions options)
    {
        var endpoints = EndpointBinder.Bind(executorTypes.Resolve(definition.Uses), definition.UsesRequests);
        var batching = endpoints.Batching.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (endpoint, settings) in definition.DynamicBatching)
        {
            settings.Validate($"uses_dynamic_batching.{endpoint}");
            if (endpoints.ResolveKey(endpoint) is null)
            {
                throw new InvalidOperationException($"uses_dynamic_batching names endpoint '{endpoint}', which {definition.Uses} does not serve.");
            }

            batching[endpoint] = settings;
        }

        return batching.Count == 0 ? pool : new BatchingExecutorGrain(pool, endpoints, batching, options.TimeProvider);
    }

    /// <summary>
    /// A sharded deployment: every shard is a grain with a single activation (its replicas), activated on demand
    /// where the placement puts it.
    /// </summary>
    private static void AddShards(Silo silo, ExecutorDefinition definition, bool hosted, ExecutorTypeRegistry executorTypes, FlowHostingOptions options, ILogger logger)
    {
        if (hosted)
        {
            // Resolve and bind now, so a bad class fails at start-up rather than at the first call.
            _ = EndpointBinder.Bind(executorTypes.Resolve(definition.Uses), definition.UsesRequests);
            silo.AddShardedExecutor(
                definition.Name,
                definition.Shards,
                shard => CreateActivations(definition, definition.Uses, shard, definition.Shards, definition.Replicas, executorTypes, options, logger));
        }

        for (var shard = 0; shard < definition.Shards; shard++)
        {
            var key = GrainKeys.Shard(definition.Name, shard);
            silo.GrainFactory.Register(key, options.Placement(definition, key, hosted ? silo.LocalShard(definition.Name, shard) : null, singleActivation: true));
        }
    }

    /// <summary>uses_before / uses_after: one activation hosted with the deployment.</summary>
    private static void AddHead(Silo silo, ExecutorDefinition definition, string key, string? uses, bool hosted, ExecutorTypeRegistry executorTypes, FlowHostingOptions options, ILogger logger)
    {
        if (uses is null)
        {
            return;
        }

        var head = definition with { Name = key, UsesWith = ImmutableDictionary<string, object?>.Empty, UsesRequests = ImmutableDictionary<string, string>.Empty };
        var local = hosted ? silo.AddExecutorPool(key, CreateActivations(head, uses, 0, 1, 1, executorTypes, options, logger)) : null;
        silo.GrainFactory.Register(key, options.Placement(definition, key, local, singleActivation: false));
    }

    private static List<IExecutorGrain> CreateActivations(ExecutorDefinition definition, string uses, int shard, int shards, int replicas, ExecutorTypeRegistry executorTypes, FlowHostingOptions options, ILogger logger)
    {
        var type = executorTypes.Resolve(uses);
        var endpoints = EndpointBinder.Bind(type, definition.UsesRequests);
        var activations = new List<IExecutorGrain>(replicas);
        for (var replica = 0; replica < replicas; replica++)
        {
            var executor = ExecutorFactory.Create(type, definition.UsesWith, options.Services);
            activations.Add(new ExecutorGrain(definition, executor, endpoints, new ExecutorReplicaInfo(replica, shard, replicas, shards), logger));
        }

        return activations;
    }
}
