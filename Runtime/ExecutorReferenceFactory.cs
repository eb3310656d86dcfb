using JinaOrleans.Definitions;
using JinaOrleans.Grains;

namespace JinaOrleans.Runtime;

/// <summary>
/// Decides how a flow grain reaches one grain of an executor deployment (the deployment itself, one of its
/// shards, or its uses_before/uses_after): given the grain key, the local grain (null when this silo does not
/// host it) and whether the grain must live on exactly one silo (a shard), returns the reference to call.
/// </summary>
public delegate IExecutorGrain ExecutorReferenceFactory(ExecutorDefinition definition, string key, IExecutorGrain? local, bool singleActivation);
