using JinaOrleans.Definitions;
using JinaOrleans.Grains;

namespace JinaOrleans.Runtime;

/// <summary>
/// Decides how a flow grain reaches an executor deployment: given its definition and the local pool (null
/// when this silo does not host it), returns the reference the flow grain calls.
/// </summary>
public delegate IExecutorGrain ExecutorReferenceFactory(ExecutorDefinition definition, IExecutorGrain? local);
