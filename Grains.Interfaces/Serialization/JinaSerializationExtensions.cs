using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;

namespace JinaOrleans.Serialization;

/// <summary>Registers what Orleans needs to carry Jina's messages in grain calls; silos and clients call it alike.</summary>
public static class JinaSerializationExtensions
{
    /// <summary>
    /// Adds the protobuf codec (every <c>Google.Protobuf</c> message) to the serializer. Safe to call twice.
    /// </summary>
    public static ISerializerBuilder AddJinaMessages(this ISerializerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ProtobufMessageCodec)))
        {
            return builder;
        }

        services.AddSingleton<ProtobufMessageCodec>();
        services.AddSingleton<IGeneralizedCodec>(sp => sp.GetRequiredService<ProtobufMessageCodec>());
        services.AddSingleton<IGeneralizedCopier>(sp => sp.GetRequiredService<ProtobufMessageCodec>());
        services.AddSingleton<ITypeFilter>(sp => sp.GetRequiredService<ProtobufMessageCodec>());
        builder.Configure(options => options.WellKnownTypeAliases[ProtobufMessageCodec.Alias] = typeof(ProtobufMessageCodec));
        return builder;
    }

    /// <summary>Adds the protobuf codec to the Orleans serializer of a silo or client's services.</summary>
    public static IServiceCollection AddJinaMessages(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddSerializer(builder => builder.AddJinaMessages());
    }
}
