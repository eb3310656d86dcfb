using System.IO.Compression;
using Grpc.AspNetCore.HealthChecks;
using Grpc.Net.Compression;
using Grpc.Reflection;
using JinaOrleans.Gateway.Health;
using JinaOrleans.Gateway.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProtoServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>
/// grpc-dotnet as the Jina ports use it, shared by the gateway and a silo's worker port in one host: messages of any
/// size (Jina's default; the gateway's <c>max_message_size</c> narrows its own services), gzip and deflate, the
/// listener-role routing policy, the standard health service over ASP.NET Core health checks (NOT_SERVING while the
/// host drains) and server reflection listing the Jina services the host serves, as Jina's own servers do.
/// </summary>
internal static class JinaGrpcHosting
{
    /// <summary>
    /// Registers grpc-dotnet with Jina's settings (once per service collection) and adds <paramref name="served"/> to
    /// the services health and reflection report. A health check registered with tags counts only for the overall
    /// status (<c>""</c>) and the services added with one of those tags as <paramref name="healthTag"/>; an untagged
    /// check (the drain) counts for every service.
    /// </summary>
    public static IServiceCollection AddJinaGrpc(this IServiceCollection services, IEnumerable<ProtoServiceDescriptor> served, string? healthTag = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(served);
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(ServedServices))?.ImplementationInstance as ServedServices;
        if (registry is null)
        {
            registry = new ServedServices();
            services.AddSingleton(registry);
            services.AddGrpc(options =>
            {
                options.MaxReceiveMessageSize = null;
                options.MaxSendMessageSize = null;

                // Bad input gets its reason (a protobuf parse error, say), as Jina's own servers send theirs.
                options.EnableDetailedErrors = true;
                options.CompressionProviders.Add(new GzipCompressionProvider(CompressionLevel.Fastest));
                options.CompressionProviders.Add(new DeflateCompressionProvider(CompressionLevel.Fastest));
            });
            services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ListenerRoleMatcherPolicy>());
            services.TryAddSingleton<DrainingHealthCheck>();
            services.AddGrpcHealthChecks().AddCheck<DrainingHealthCheck>(DrainingHealthCheck.Name);
            services.Configure<GrpcHealthChecksOptions>(options =>
            {
                foreach (var name in registry.Names.Prepend(string.Empty))
                {
                    options.Services.Map(name, check => registry.Counts(name, check.Tags));
                }
            });
            services.AddGrpcReflection();
            services.Replace(ServiceDescriptor.Singleton(_ => new ReflectionServiceImpl(registry.Descriptors)));
            registry.Add(global::Grpc.Health.V1.Health.Descriptor);
            registry.Add(global::Grpc.Reflection.V1Alpha.ServerReflection.Descriptor);
        }

        foreach (var descriptor in served)
        {
            registry.Add(descriptor, healthTag);
        }

        return services;
    }

    /// <summary>Maps the health and reflection services (once, however many Jina ports the host has).</summary>
    public static IEndpointRouteBuilder MapJinaGrpcCommon(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetRequiredService<ServedServices>().MarkMapped())
        {
            endpoints.MapGrpcHealthChecksService();
            endpoints.MapGrpcReflectionService();
        }

        return endpoints;
    }

    /// <summary>The gRPC services the host's Jina ports serve, in registration order, each once.</summary>
    private sealed class ServedServices
    {
        private readonly List<ProtoServiceDescriptor> _descriptors = [];
        private readonly Dictionary<string, HashSet<string>> _tags = new(StringComparer.Ordinal);
        private int _mapped;

        public IReadOnlyList<ProtoServiceDescriptor> Descriptors => _descriptors;

        public IEnumerable<string> Names => _descriptors.Select(d => d.FullName);

        public void Add(ProtoServiceDescriptor descriptor, string? healthTag = null)
        {
            if (!_descriptors.Exists(d => d.FullName == descriptor.FullName))
            {
                _descriptors.Add(descriptor);
            }

            if (healthTag is not null)
            {
                if (!_tags.TryGetValue(descriptor.FullName, out var tags))
                {
                    _tags[descriptor.FullName] = tags = new HashSet<string>(StringComparer.Ordinal);
                }

                tags.Add(healthTag);
            }
        }

        /// <summary>Whether a health check with <paramref name="checkTags"/> counts for the service <paramref name="name"/>.</summary>
        public bool Counts(string name, IEnumerable<string> checkTags)
        {
            var any = false;
            foreach (var tag in checkTags)
            {
                any = true;
                if (name.Length == 0 || (_tags.TryGetValue(name, out var tags) && tags.Contains(tag)))
                {
                    return true;
                }
            }

            return !any;
        }

        public bool MarkMapped() => Interlocked.Exchange(ref _mapped, 1) == 0;
    }
}
