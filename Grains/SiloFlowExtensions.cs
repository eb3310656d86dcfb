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
            IExecutorGrain? local = null;
            try
            {
                if (!definition.External && options.HostLocally(definition))
                {
                    var type = executorTypes.Resolve(definition.Uses);
                    var endpoints = EndpointBinder.Bind(type, definition.UsesRequests);
                    var activations = new List<IExecutorGrain>(definition.Replicas);
                    for (var replica = 0; replica < definition.Replicas; replica++)
                    {
                        var executor = ExecutorFactory.Create(type, definition.UsesWith, options.Services);
                        activations.Add(new ExecutorGrain(definition, executor, endpoints, new ExecutorReplicaInfo(replica, 0, definition.Replicas, 1), logger));
                    }

                    local = silo.AddExecutorPool(definition.Name, activations);
                }

                silo.GrainFactory.Register(definition.Name, options.Placement(definition, local));
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                throw new InvalidOperationException($"Executor '{definition.Name}' (uses: {definition.Uses}): {ex.Message}", ex);
            }
        }

        silo.AddFlowGrain(flow.Name, flowGrain);
        return silo;
    }
}
