using JinaOrleans.Definitions;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Tests.Support;

/// <summary>Flows for tests: bound to 127.0.0.1 on a free port, quiet logging.</summary>
internal static class TestFlows
{
    public static Flow New(int prefetch = 1000, int maxMessageSize = int.MaxValue, DocArrayFlavour docArray = DocArrayFlavour.Auto, GatewayProtocol protocol = GatewayProtocol.Grpc) =>
        new(new FlowDefinition
        {
            Gateway = new GatewayDefinition { Host = "127.0.0.1", Ports = [0], Protocols = [protocol], Prefetch = prefetch, MaxMessageSize = maxMessageSize, DocArray = docArray },
        })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        };

    public static JinaOrleans.Client.Client ClientFor(Flow flow) => new(host: "127.0.0.1", port: flow.Port);

    public static DocumentArray Texts(params string[] texts) => new(texts.Select(t => new Document(t)));
}
