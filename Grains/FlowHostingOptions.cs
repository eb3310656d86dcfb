using JinaOrleans.Definitions;
using JinaOrleans.Runtime;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Grains;

/// <summary>How <see cref="SiloFlowExtensions.AddFlow"/> puts a flow on a silo.</summary>
public sealed class FlowHostingOptions
{
    /// <summary>Services executor constructors may ask for by type. Defaults to none.</summary>
    public IServiceProvider? Services { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Which deployments get a local pool on this silo. Defaults to every non-external executor.</summary>
    public Func<ExecutorDefinition, bool> HostLocally { get; set; } = static definition => !definition.External;

    /// <summary>How the flow grain reaches each executor. Defaults to <see cref="ExecutorPlacements.Local"/>.</summary>
    public ExecutorReferenceFactory Placement { get; set; } = ExecutorPlacements.Local();
}
