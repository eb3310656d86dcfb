using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// One document streamed through a flow (<c>stream_doc</c>), beyond what Jina's gateway does (one executor only): the
/// flow's chain of executors as a pipeline. A streaming executor turns each item into the items it yields; any other
/// executor gets each item as a one-document request and its answer's documents become the items. Every executor runs
/// as a stage of its own, ahead of the next by at most <see cref="Buffer"/> items (a bounded channel: a slow consumer
/// holds the generator back), so an item reaches the caller as soon as the last executor is done with it, in order.
/// <c>target_executor</c>, <c>when</c> conditions (an item that fails one is dropped) and executors that do not
/// serve the endpoint apply as for requests. An executor error ends the stream with an item carrying it, after the
/// items already produced; ending the enumeration cancels every stage, the generator included.
/// </summary>
internal static class FlowStream
{
    /// <summary>Items a stage may run ahead of the one after it.</summary>
    public const int Buffer = 16;

    public static async IAsyncEnumerable<SingleDocumentRequestProto> RunAsync(FlowRuntime flow, SingleDocumentRequestProto request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var header = request.Header ??= new HeaderProto();
        header.ExecEndpoint = header.HasExecEndpoint ? header.ExecEndpoint : WellKnownEndpoints.Default;
        if (!flow.Graph.IsChain)
        {
            throw new ExecutorCallException(
                ExecutorCallFailure.InvalidArgument,
                $"stream_doc runs through a chain of executors; flow '{flow.Name}' has parallel branches (needs), which a stream of single documents does not take.");
        }

        Regex? target;
        try
        {
            target = header.HasTargetExecutor && header.TargetExecutor.Length > 0 ? TargetExecutorMatcher.Get(header.TargetExecutor) : null;
        }
        catch (ArgumentException ex)
        {
            throw new ExecutorCallException(ExecutorCallFailure.InvalidArgument, ex.Message);
        }

        using var stages = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        IAsyncEnumerable<SingleDocumentRequestProto> items = One(request);
        foreach (var node in flow.Nodes)
        {
            if (target is not null && !target.IsMatch(node.Name))
            {
                continue;
            }

            var description = await node.Deployment.DescribeAsync(cancellationToken).ConfigureAwait(false);
            if (description.Serves(header.ExecEndpoint))
            {
                var stage = new Stage(node, description.IsGenerator(header.ExecEndpoint), request.Parameters, flow.TimeProvider);
                items = Buffered(stage.RunAsync(items, stages.Token), stages.Token);
            }
        }

        await foreach (var item in items.WithCancellation(stages.Token).ConfigureAwait(false))
        {
            yield return item;
            if (StreamItems.Failed(item))
            {
                yield break;
            }
        }
    }

#pragma warning disable CS1998 // The one item is there at once.
    private static async IAsyncEnumerable<SingleDocumentRequestProto> One(SingleDocumentRequestProto request)
#pragma warning restore CS1998
    {
        yield return request;
    }

    /// <summary>Runs <paramref name="source"/> ahead of its consumer by at most <see cref="Buffer"/> items.</summary>
    private static async IAsyncEnumerable<SingleDocumentRequestProto> Buffered(IAsyncEnumerable<SingleDocumentRequestProto> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<SingleDocumentRequestProto>(new BoundedChannelOptions(Buffer) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = PumpAsync(source, channel.Writer, stop.Token);
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            // The consumer stopped (done, failed or cancelled): the stage stops too, before the caller goes on.
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task PumpAsync(IAsyncEnumerable<SingleDocumentRequestProto> source, ChannelWriter<SingleDocumentRequestProto> writer, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Exception? failure = null;
        try
        {
            await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    /// <summary>One executor of the chain as a stage of the stream.</summary>
    private sealed class Stage(FlowNode node, bool streams, Struct? parameters, TimeProvider timeProvider)
    {
        public async IAsyncEnumerable<SingleDocumentRequestProto> RunAsync(IAsyncEnumerable<SingleDocumentRequestProto> inputs, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var input in inputs.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (StreamItems.Failed(input))
                {
                    yield return input;
                    yield break;
                }

                if (node.Graph.Condition is { } condition && !condition.Matches(StreamItems.DocumentOf(input)))
                {
                    continue;
                }

                var start = Now();
                if (streams)
                {
                    var call = new SingleDocumentRequestProto { Header = input.Header.Clone(), Parameters = parameters, Document = input.Document, DocumentV2 = input.DocumentV2 };
                    await foreach (var output in node.Deployment.StreamAsync(call, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
                    {
                        var end = Now();
                        yield return Routed(output, input, start, end);
                        if (StreamItems.Failed(output))
                        {
                            yield break;
                        }

                        start = end;
                    }

                    continue;
                }

                var response = await node.Deployment.ProcessAsync(StreamItems.ToRequest(input, parameters), route: null, cancellationToken).ConfigureAwait(false);
                if (RequestStatus.Failed(response))
                {
                    yield return Routed(StreamItems.Error(input.Header, response.Header.Status), input, start, Now());
                    yield break;
                }

                var flavour = StreamItems.FlavourOf(input);
                var documents = RequestDocuments.Peek(response);
                if (documents is null)
                {
                    continue;
                }

                var done = Now();
                foreach (var document in documents)
                {
                    yield return Routed(StreamItems.Of(input.Header, document, flavour), input, start, done);
                }
            }
        }

        /// <summary>The routes of <paramref name="input"/>, then this executor's, on <paramref name="output"/> (its own copies: items go on apart).</summary>
        private SingleDocumentRequestProto Routed(SingleDocumentRequestProto output, SingleDocumentRequestProto input, Timestamp start, Timestamp end)
        {
            output.Routes.Clear();
            foreach (var route in input.Routes)
            {
                output.Routes.Add(route.Clone());
            }

            var own = new RouteProto { Executor = node.Name, StartTime = start, EndTime = end };
            if (StreamItems.Failed(output))
            {
                own.Status = output.Header.Status.Clone();
            }

            output.Routes.Add(own);
            return output;
        }

        private Timestamp Now() => Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow());
    }
}
