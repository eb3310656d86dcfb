using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace JinaOrleans.Gateway.Routing;

/// <summary>
/// Endpoint selection by listener: an endpoint carrying <see cref="ListenerRoleMetadata"/> is a candidate only for
/// requests that arrived on a listener of that role (<see cref="ListenerRoles"/>); endpoints without it (an
/// application's own, grpc-dotnet's fallbacks for unknown services) are candidates on every listener. It branches the
/// routing tree before the HTTP method does, so within a listener a wrong method still gets 405 and an unknown gRPC
/// method UNIMPLEMENTED. ASP.NET Core matches on host, method and content type but not on the listener, so this small
/// policy is ours.
/// </summary>
internal sealed class ListenerRoleMatcherPolicy : MatcherPolicy, INodeBuilderPolicy
{
    // Before HttpMethodMatcherPolicy (-1000).
    public override int Order => -2000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.Any(e => e.Metadata.GetMetadata<ListenerRoleMetadata>() is not null);
    }

    public IReadOnlyList<PolicyNodeEdge> GetEdges(IReadOnlyList<Endpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var roles = endpoints.Select(e => e.Metadata.GetMetadata<ListenerRoleMetadata>()?.Role).OfType<string>().Distinct(StringComparer.Ordinal);
        var edges = roles
            .Select(role => new PolicyNodeEdge(role, [.. endpoints.Where(e => e.Metadata.GetMetadata<ListenerRoleMetadata>() is not { } served || served.Role == role)]))
            .ToList();
        var everywhere = endpoints.Where(e => e.Metadata.GetMetadata<ListenerRoleMetadata>() is null).ToArray();
        if (everywhere.Length > 0)
        {
            edges.Add(new PolicyNodeEdge(OtherRoles.Instance, everywhere));
        }

        return edges;
    }

    public PolicyJumpTable BuildJumpTable(int exitDestination, IReadOnlyList<PolicyJumpTableEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var destinations = new Dictionary<string, int>(StringComparer.Ordinal);
        var other = exitDestination;
        foreach (var edge in edges)
        {
            if (edge.State is string role)
            {
                destinations[role] = edge.Destination;
            }
            else
            {
                other = edge.Destination;
            }
        }

        return new RoleJumpTable(destinations, other);
    }

    /// <summary>The edge of listeners no endpoint names.</summary>
    private sealed class OtherRoles
    {
        public static readonly OtherRoles Instance = new();
    }

    private sealed class RoleJumpTable(Dictionary<string, int> destinations, int other) : PolicyJumpTable
    {
        public override int GetDestination(HttpContext httpContext) =>
            destinations.TryGetValue(ListenerRoles.RoleOf(httpContext), out var destination) ? destination : other;
    }
}
