using Grpc.Core;

namespace JinaOrleans.Client.Internal;

/// <summary>
/// A generated-client shape Grpc.Net.ClientFactory can create, handing out its call invoker so one factory
/// registration serves every Jina gateway service the <see cref="Client"/> calls.
/// </summary>
internal sealed class JinaCallInvokerClient : ClientBase<JinaCallInvokerClient>
{
    public JinaCallInvokerClient(CallInvoker callInvoker)
        : base(callInvoker)
    {
    }

    private JinaCallInvokerClient(ClientBaseConfiguration configuration)
        : base(configuration)
    {
    }

    public CallInvoker Invoker => CallInvoker;

    protected override JinaCallInvokerClient NewInstance(ClientBaseConfiguration configuration) => new(configuration);
}
