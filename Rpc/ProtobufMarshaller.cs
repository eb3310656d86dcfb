using Google.Protobuf;

namespace JinaOrleans.Rpc;

/// <summary>Marshallers and method descriptors for Google.Protobuf generated messages.</summary>
public static class ProtobufMarshaller
{
    /// <summary>A marshaller that writes straight into the transport buffer and parses from it.</summary>
    public static Marshaller<T> Create<T>(MessageParser<T> parser)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        return new Marshaller<T>(
            static (message, writer) => message.WriteTo(writer),
            parser.ParseFrom,
            static message => message.CalculateSize());
    }

    /// <summary>
    /// The method <paramref name="method"/> of the service <paramref name="service"/> (its full name, e.g.
    /// <c>jina.JinaRPC</c>) declared in <paramref name="file"/>.
    /// </summary>
    public static Method<TRequest, TResponse> CreateMethod<TRequest, TResponse>(
        Google.Protobuf.Reflection.FileDescriptor file,
        string service,
        string method,
        MessageParser<TRequest> requestParser,
        MessageParser<TResponse> responseParser)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(file);
        var descriptor = file.Services.SingleOrDefault(s => s.FullName == service)?.FindMethodByName(method)
            ?? throw new InvalidOperationException($"{file.Name} declares no method {service}/{method}.");
        return CreateMethod(descriptor, requestParser, responseParser);
    }

    /// <summary>A method whose full name comes from the descriptor of a <c>.proto</c> service.</summary>
    public static Method<TRequest, TResponse> CreateMethod<TRequest, TResponse>(
        Google.Protobuf.Reflection.MethodDescriptor descriptor,
        MessageParser<TRequest> requestParser,
        MessageParser<TResponse> responseParser)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.InputType.ClrType != typeof(TRequest) || descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"Method {descriptor.FullName} takes {descriptor.InputType.FullName} and returns {descriptor.OutputType.FullName}, not {typeof(TRequest).Name} -> {typeof(TResponse).Name}.",
                nameof(descriptor));
        }

        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        return new Method<TRequest, TResponse>(
            type,
            descriptor.Service.FullName,
            descriptor.Name,
            Create(requestParser),
            Create(responseParser));
    }
}
