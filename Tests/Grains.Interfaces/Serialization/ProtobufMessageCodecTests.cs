using System.Buffers;
using System.Collections.Immutable;
using Google.Protobuf;
using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces.Serialization;

/// <summary>The protobuf codec Orleans carries Jina's messages with: exact round trips, no in-process copies.</summary>
public sealed class ProtobufMessageCodecTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddJinaMessages().BuildServiceProvider();

    [Fact]
    public void A_request_round_trips_through_orleans_serializer_byte_for_byte()
    {
        var request = new DataRequestProto
        {
            Header = new HeaderProto { RequestId = "r1", ExecEndpoint = "/index", TargetExecutor = "enc.*" },
            Parameters = new Google.Protobuf.WellKnownTypes.Struct { Fields = { ["top_k"] = Google.Protobuf.WellKnownTypes.Value.ForNumber(3) } },
            Data = new DataRequestProto.Types.DataContentProto
            {
                Docs = new DocumentArrayProto
                {
                    Docs =
                    {
                        new DocumentProto { Id = "d1", Text = "héllo", Embedding = new NdArrayProto { Dense = new DenseNdArrayProto { Buffer = ByteString.CopyFrom(1, 2, 3, 4), Shape = { 1 }, Dtype = "<f4" } } },
                    },
                },
            },
        };
        var serializer = _services.GetRequiredService<Serializer<DataRequestProto>>();

        var bytes = serializer.SerializeToArray(request);
        var back = serializer.Deserialize(bytes);

        Assert.Equal(request, back);
        Assert.NotSame(request, back);
        Assert.Equal(request.ToByteArray(), back!.ToByteArray());
    }

    [Fact]
    public void A_message_inside_a_generated_type_round_trips_too()
    {
        var endpoints = new EndpointsProto { Endpoints = { "/a", "/b" } };
        var description = new ExecutorDescription(endpoints, ImmutableDictionary<string, DynamicBatchingOptions>.Empty.Add("/a", new DynamicBatchingOptions(8, TimeSpan.FromMilliseconds(5))));
        var serializer = _services.GetRequiredService<Serializer<ExecutorDescription>>();

        var back = serializer.Deserialize(serializer.SerializeToArray(description))!;

        Assert.Equal(endpoints, back.Endpoints);
        Assert.Equal(new DynamicBatchingOptions(8, TimeSpan.FromMilliseconds(5)), back.Batching["/a"]);
    }

    [Fact]
    public void A_message_outside_the_numbered_ones_travels_by_type_name()
    {
        var status = new StatusProto { Code = StatusProto.Types.StatusCode.Error, Description = "ValueError('x')" };
        var serializer = _services.GetRequiredService<Serializer<object>>();

        var back = serializer.Deserialize(serializer.SerializeToArray(status));

        Assert.Equal(status, Assert.IsType<StatusProto>(back));
    }

    [Fact]
    public void The_outcomes_of_a_batched_call_keep_their_responses_and_errors_in_order()
    {
        var outcomes = new[]
        {
            new CallOutcome(new DataRequestProto { Header = new HeaderProto { RequestId = "r1" } }),
            new CallOutcome(new ExecutorCallException(ExecutorCallFailure.DeadlineExceeded, "too late")),
            new CallOutcome(new DataRequestProto { Header = new HeaderProto { RequestId = "r3" } }),
        };
        var serializer = _services.GetRequiredService<Serializer<CallOutcome[]>>();

        var back = serializer.Deserialize(serializer.SerializeToArray(outcomes))!;

        Assert.Equal(["r1", null, "r3"], back.Select(o => o.Response?.Header.RequestId));
        var error = Assert.IsType<ExecutorCallException>(back[1].Error);
        Assert.Equal(ExecutorCallFailure.DeadlineExceeded, error.Failure);
        Assert.Equal("too late", error.Message);
    }

    [Fact]
    public void In_process_calls_pass_the_same_message_instead_of_a_copy()
    {
        var request = new DataRequestProto { Header = new HeaderProto { RequestId = "r1" } };
        var copier = _services.GetRequiredService<DeepCopier<DataRequestProto>>();

        Assert.Same(request, copier.Copy(request));
    }

    [Fact]
    public void A_truncated_payload_fails_to_deserialize_instead_of_yielding_a_message()
    {
        var serializer = _services.GetRequiredService<Serializer<DataRequestProto>>();
        var bytes = serializer.SerializeToArray(new DataRequestProto { Header = new HeaderProto { RequestId = new string('x', 200) } });

        Assert.ThrowsAny<Exception>(() => serializer.Deserialize(new ReadOnlySequence<byte>(bytes.AsMemory(0, bytes.Length - 20))));
    }

    public void Dispose() => _services.Dispose();
}
