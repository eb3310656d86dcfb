namespace JinaOrleans.Grains.Placement;

/// <summary>What a grain key names, for placement on the silos that host it.</summary>
internal enum HostedKind
{
    /// <summary>A deployment: the key is <c>{deployment}/rep-i</c> or <c>{deployment}/shard-i</c>.</summary>
    Executor,

    /// <summary>A flow: the key is the flow's name.</summary>
    Flow,
}
