using System.Runtime.CompilerServices;
using JinaOrleans.Grains.Internal;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Protos.Status;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// <c>stream_doc</c> on one executor instance: a streaming endpoint's documents as it yields them, any other
/// endpoint's answer document by document; and a request (not a stream) on a streaming endpoint, answered with every
/// document the method yields for each of the request's documents.
/// </summary>
internal sealed partial class ExecutorInstance
{
    /// <summary>
    /// The items for <paramref name="request"/>'s document. The instance is held until the enumeration ends (it serves one
    /// call at a time, as a replica does, though Orleans interleaves a stream's pulls with the grain's other calls).
    /// </summary>
    public async IAsyncEnumerable<SingleDocumentRequestProto> StreamAsync(SingleDocumentRequestProto request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var header = request.Header ??= new HeaderProto();
        var endpoint = header.HasExecEndpoint ? header.ExecEndpoint : WellKnownEndpoints.Default;
        header.ExecEndpoint = endpoint;
        var flavour = StreamItems.FlavourOf(request);
        var streaming = _endpoints.FindStreaming(endpoint);
        if (streaming is null)
        {
            // An endpoint that takes requests: the document as a one-document request, its answer item by item.
            var response = await ProcessAsync(StreamItems.ToRequest(request, request.Parameters), cancellationToken);
            if (response.Header?.Status is { Code: StatusProto.Types.StatusCode.Error } status)
            {
                yield return StreamItems.Error(header, status);
                yield break;
            }

            foreach (var document in RequestDocuments.Peek(response) ?? new DocumentArray(flavour))
            {
                yield return StreamItems.Of(header, document, flavour);
            }

            yield break;
        }

        await EnterAsync(cancellationToken);
        try
        {
            Log.EndpointStarted(_logger, _runtimeName, endpoint, header.RequestId);
            var input = StreamItems.DocumentOf(request);
            var parameters = Parameters.FromStruct(ParameterScoping.ForExecutor(request.Parameters, _deploymentName));
            StatusProto? error = null;
            IAsyncEnumerator<Document>? documents = null;
            try
            {
                documents = streaming(_executor, input, parameters, cancellationToken).GetAsyncEnumerator(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = Failed(endpoint, ex);
            }

            try
            {
                while (documents is not null)
                {
                    Document document;
                    try
                    {
                        if (!await documents.MoveNextAsync())
                        {
                            break;
                        }

                        document = documents.Current ?? throw new InvalidOperationException($"{_className} yielded null; a streaming endpoint yields Documents.");
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        error = Failed(endpoint, ex);
                        break;
                    }

                    // Each item gets its own message, as Jina serializes each as it is yielded: the generator may edit and
                    // yield one document again, and items leave the grain uncopied (batched by Orleans before they go).
                    yield return StreamItems.Of(header, Copy(document), flavour);
                }
            }
            finally
            {
                if (documents is not null)
                {
                    await documents.DisposeAsync();
                }
            }

            if (error is not null)
            {
                yield return StreamItems.Error(header, error);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A request on a streaming endpoint: every document the method yields for each document, in order, as the answer.</summary>
    private async ValueTask RunStreamingAsync(StreamingEndpointHandler handler, DataRequestProto request, DocumentArray docs, Parameters parameters, CancellationToken cancellationToken)
    {
        var answer = new DocumentArray(docs.Flavour);
        foreach (var document in docs)
        {
            await foreach (var produced in handler(_executor, document, parameters, cancellationToken).WithCancellation(cancellationToken))
            {
                answer.Add(Copy(produced ?? throw new InvalidOperationException($"{_className} yielded null; a streaming endpoint yields Documents.")));
            }
        }

        RequestDocuments.Replace(request, answer, docs.Flavour);
    }

    /// <summary>
    /// An endpoint's exception: logged (without its stack with <c>quiet_error</c>), the host stopped when it is one of
    /// <c>exit_on_exceptions</c>, and the status the request is answered with.
    /// </summary>
    private StatusProto Failed(string endpoint, Exception exception)
    {
        if (_definition.QuietError)
        {
            Log.EndpointFailedQuietly(_logger, _deploymentName, endpoint, exception.GetType().Name, exception.Message);
        }
        else
        {
            Log.EndpointFailed(_logger, _deploymentName, endpoint, exception);
        }

        if (_exit is not null && ExecutorExit.Matches(_definition, exception))
        {
            _exit.Exit(_runtimeName, endpoint, exception);
        }

        return ErrorStatus.FromException(exception, _className);
    }

    private ValueTask EnterAsync(CancellationToken cancellationToken) => new(_gate.WaitAsync(cancellationToken));

    private static Document Copy(Document document) =>
        document.ProtoV2 is { } v2 ? new Document(v2.Clone()) : new Document(document.Proto.Clone());
}
