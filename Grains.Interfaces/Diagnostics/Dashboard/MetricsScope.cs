namespace JinaOrleans.Diagnostics.Dashboard;

/// <summary>Where a series of the <c>JinaOrleans</c> meter was measured, told apart by its tags.</summary>
[GenerateSerializer]
[Alias("jina.MetricsScope")]
public enum MetricsScope
{
    /// <summary>The gateway, per client request (<c>runtime_name="gateway"</c>, no <c>executor</c> tag); named by <c>protocol</c>.</summary>
    Gateway,

    /// <summary>An executor instance, per call (an <c>executor</c> tag and the instance's <c>runtime_name</c>).</summary>
    Executor,

    /// <summary>A flow's call to an executor, measured at the caller (an <c>executor</c> tag and <c>runtime_name="gateway"</c>).</summary>
    Call,
}
