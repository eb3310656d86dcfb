using JinaOrleans.Grains.Deployments;

namespace JinaOrleans.Grains.Flows;

/// <summary>One executor of a flow as the walk sees it: its place in the graph and the deployment it calls.</summary>
internal sealed class FlowNode(GraphNode graph, Deployment deployment)
{
    public GraphNode Graph => graph;

    public Deployment Deployment => deployment;

    public string Name => graph.Name;
}
