using Orleans.Runtime;

namespace JinaOrleans.Internal;

/// <summary>
/// Which exceptions from a grain call mean the call did not reach a live activation, so trying again elsewhere is
/// safe and useful: the silo died or is shutting down, the connection broke, the message was rejected, or no live
/// silo hosts the grain yet.
/// </summary>
internal static class TransportFailures
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        // SiloUnavailableException derives from it: the target silo died or is stopping.
        OrleansMessageRejectionException => true,
        Orleans.Runtime.Messaging.ConnectionFailedException => true,
        // Placement found no compatible silo (none of those hosting the executor is alive yet).
        OrleansException when exception.GetType() == typeof(OrleansException) => true,
        _ => false,
    };
}
