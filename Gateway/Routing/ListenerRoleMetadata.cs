namespace JinaOrleans.Gateway.Routing;

/// <summary>
/// Endpoint metadata: the endpoint answers only requests that arrived on a listener with this role (a gateway
/// protocol's port, a silo's worker port). Read by <see cref="ListenerRoleMatcherPolicy"/>.
/// </summary>
public sealed class ListenerRoleMetadata(string role)
{
    public string Role { get; } = role;
}
