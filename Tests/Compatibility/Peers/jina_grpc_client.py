"""A Jina-shaped gRPC client built only from our .proto files and Debian's python3-grpcio.

It sends exactly what the Jina 3.x Python client sends (JINA_PROTOCOL.md section 3): a uuid4-hex
request_id, exec_endpoint, parameters with an empty __results__, docs with 32-hex ids, and the
__results_in_order__ metadata. Usage:

    jina_grpc_client.py OUT_DIR HOST:PORT MODE [options] [--tls CA_FILE [--tls-client CERT_FILE KEY_FILE]]
        [--timeout SECONDS] [--compression gzip|deflate] [--traceparent W3C_TRACEPARENT]

MODE is one of: call, single, dry_run, status, health, call_gzip, single_target (option: the
target_executor regex), single_params (option: parameters as JSON), single_metadata (option: the executor gRPC metadata value), reflection,
discovery (endpoint_discovery with no metadata, as a Jina gateway sends it at start-up),
every_gateway / every_worker (each RPC of a gateway / a worker port once, with --compression and --timeout;
one line per RPC; --traceparent goes as metadata with call and single, as an OpenTelemetry-instrumented client
sends it), single_large (option: the text size in bytes), control (option: STATUS, ACTIVATE, DEACTIVATE
or a command number; early Jina 3.x's /jina.JinaControlRequestRPC/process_control, with one related entity).
Prints one JSON object per line with what came back, then exits 0; gRPC errors are printed as
{"error": CODE_NAME, "details": ...} and exit 3.
"""
import json
import sys
import uuid

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from google.protobuf import empty_pb2, json_format  # noqa: E402

import docarray_pb2  # noqa: E402
import health_pb2  # noqa: E402
import jina_pb2  # noqa: E402


def new_request(endpoint, n_docs, parameters=None):
    req = jina_pb2.DataRequestProto()
    req.header.request_id = uuid.uuid4().hex
    req.header.exec_endpoint = endpoint
    req.parameters.update(parameters or {})
    req.parameters.get_or_create_struct("__results__")
    for _ in range(n_docs):
        doc = req.data.docs.docs.add()
        doc.id = uuid.uuid4().hex
    return req


def describe(resp):
    return {
        "request_id": resp.header.request_id,
        "status": resp.header.status.code,
        "texts": [d.text for d in resp.data.docs.docs],
        "routes": [r.executor for r in resp.routes],
        "exec_endpoint": resp.header.exec_endpoint,
    }


def main():
    out_dir, target, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    ca_file = None
    if "--tls" in sys.argv:
        ca_file = sys.argv[sys.argv.index("--tls") + 1]
        del sys.argv[sys.argv.index("--tls"):sys.argv.index("--tls") + 2]
    timeout = 30
    if "--timeout" in sys.argv:
        at = sys.argv.index("--timeout")
        timeout = float(sys.argv[at + 1])
        del sys.argv[at:at + 2]
    compression = None
    if "--compression" in sys.argv:
        at = sys.argv.index("--compression")
        compression = {"gzip": grpc.Compression.Gzip, "deflate": grpc.Compression.Deflate}[sys.argv[at + 1]]
        del sys.argv[at:at + 2]
    trace = ()
    if "--traceparent" in sys.argv:
        at = sys.argv.index("--traceparent")
        trace = (("traceparent", sys.argv[at + 1]),)
        del sys.argv[at:at + 2]
    client_pair = None
    if "--tls-client" in sys.argv:
        at = sys.argv.index("--tls-client")
        client_pair = sys.argv[at + 1], sys.argv[at + 2]
        del sys.argv[at:at + 3]
    options = [("grpc.max_send_message_length", -1), ("grpc.max_receive_message_length", -1),
               ("grpc.keepalive_time_ms", 9999), ("grpc.keepalive_timeout_ms", 4999),
               ("grpc.keepalive_permit_without_calls", True), ("grpc.http2.max_pings_without_data", 0)]
    if ca_file:
        with open(ca_file, "rb") as f:
            roots = f.read()
        chain = key = None
        if client_pair:
            with open(client_pair[0], "rb") as f:
                chain = f.read()
            with open(client_pair[1], "rb") as f:
                key = f.read()
        credentials = grpc.ssl_channel_credentials(root_certificates=roots, private_key=key, certificate_chain=chain)
        channel = grpc.secure_channel(target, credentials, options=options)
    else:
        channel = grpc.insecure_channel(target, options=options)
    with channel:
        try:
            grpc.channel_ready_future(channel).result(timeout=10)
        except grpc.FutureTimeoutError:
            print(json.dumps({"error": "NOT_READY", "details": "the channel did not become ready"}))
            return 4
        try:
            if mode in ("call", "call_gzip"):
                call = channel.stream_stream("/jina.JinaRPC/Call",
                                             request_serializer=jina_pb2.DataRequestProto.SerializeToString,
                                             response_deserializer=jina_pb2.DataRequestProto.FromString)
                requests = [new_request("/", 2) for _ in range(int(sys.argv[4]) if len(sys.argv) > 4 else 1)]
                kwargs = {"metadata": (("__results_in_order__", "true"),) + trace, "timeout": timeout, "compression": compression}
                if mode == "call_gzip":
                    kwargs["compression"] = grpc.Compression.Gzip
                for resp in call(iter(requests), **kwargs):
                    print(json.dumps(describe(resp)))
                print(json.dumps({"sent": [r.header.request_id for r in requests]}))
            elif mode == "single":
                single = channel.unary_unary("/jina.JinaSingleDataRequestRPC/process_single_data",
                                             request_serializer=jina_pb2.DataRequestProto.SerializeToString,
                                             response_deserializer=jina_pb2.DataRequestProto.FromString)
                req = new_request("/", 2)
                resp = single(req, timeout=timeout, compression=compression, metadata=trace)
                print(json.dumps(describe(resp)))
                print(json.dumps({"sent": [req.header.request_id]}))
            elif mode == "single_params":
                single = channel.unary_unary("/jina.JinaSingleDataRequestRPC/process_single_data",
                                             request_serializer=jina_pb2.DataRequestProto.SerializeToString,
                                             response_deserializer=jina_pb2.DataRequestProto.FromString)
                req = new_request("/", 1, json.loads(sys.argv[4]))
                resp, call = single.with_call(req, timeout=timeout, compression=compression)
                out = describe(resp)
                out["trailers"] = {k: v for k, v in call.trailing_metadata()}
                print(json.dumps(out))
            elif mode in ("single_target", "single_metadata"):
                single = channel.unary_unary("/jina.JinaSingleDataRequestRPC/process_single_data",
                                             request_serializer=jina_pb2.DataRequestProto.SerializeToString,
                                             response_deserializer=jina_pb2.DataRequestProto.FromString)
                req = new_request("/", 2)
                metadata = ()
                if mode == "single_target":
                    req.header.target_executor = sys.argv[4]
                else:
                    metadata = (("executor", sys.argv[4]),)
                resp, call = single.with_call(req, metadata=metadata, timeout=timeout, compression=compression)
                out = describe(resp)
                out["trailers"] = {k: v for k, v in call.trailing_metadata()}
                print(json.dumps(out))
            elif mode == "reflection":
                import reflection_pb2  # generated from Tests/Compatibility/Peers/reflection.proto
                info = channel.stream_stream("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                                             request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
                                             response_deserializer=reflection_pb2.ServerReflectionResponse.FromString)
                responses = list(info(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=30))
                print(json.dumps({"services": [s.name for s in responses[0].list_services_response.service]}))
            elif mode in ("every_gateway", "every_worker"):
                def unary(path, request, response_type, metadata=()):
                    rpc = channel.unary_unary(path, request_serializer=type(request).SerializeToString,
                                              response_deserializer=response_type.FromString)
                    try:
                        rpc(request, timeout=timeout, compression=compression, metadata=metadata)
                        return "OK"
                    except grpc.RpcError as err:
                        return err.code().name
                results = {
                    "process_single_data": unary("/jina.JinaSingleDataRequestRPC/process_single_data", new_request("/", 1), jina_pb2.DataRequestProto),
                    "endpoint_discovery": unary("/jina.JinaDiscoverEndpointsRPC/endpoint_discovery", empty_pb2.Empty(), jina_pb2.EndpointsProto),
                    "_status": unary("/jina.JinaInfoRPC/_status", empty_pb2.Empty(), jina_pb2.JinaInfoProto),
                    "health": unary("/grpc.health.v1.Health/Check", health_pb2.HealthCheckRequest(), health_pb2.HealthCheckResponse),
                }
                if mode == "every_gateway":
                    results["dry_run"] = unary("/jina.JinaGatewayDryRunRPC/dry_run", empty_pb2.Empty(), jina_pb2.StatusProto)
                    call = channel.stream_stream("/jina.JinaRPC/Call",
                                                 request_serializer=jina_pb2.DataRequestProto.SerializeToString,
                                                 response_deserializer=jina_pb2.DataRequestProto.FromString)
                    try:
                        answered = list(call(iter([new_request("/", 1), new_request("/", 1)]), timeout=timeout, compression=compression))
                        results["Call"] = "OK" if len(answered) == 2 else "ANSWERED_%d" % len(answered)
                    except grpc.RpcError as err:
                        results["Call"] = err.code().name
                else:
                    data = jina_pb2.DataRequestListProto()
                    data.requests.append(new_request("/", 1))
                    results["process_data"] = unary("/jina.JinaDataRequestRPC/process_data", data, jina_pb2.DataRequestProto)
                print(json.dumps(results))
            elif mode == "single_large":
                single = channel.unary_unary("/jina.JinaSingleDataRequestRPC/process_single_data",
                                             request_serializer=jina_pb2.DataRequestProto.SerializeToString,
                                             response_deserializer=jina_pb2.DataRequestProto.FromString)
                req = new_request("/", 1)
                req.data.docs.docs[0].text = "x" * int(sys.argv[4])
                resp = single(req, timeout=timeout, compression=compression)
                print(json.dumps(describe(resp)))
            elif mode == "discovery":
                discover = channel.unary_unary("/jina.JinaDiscoverEndpointsRPC/endpoint_discovery",
                                               request_serializer=empty_pb2.Empty.SerializeToString,
                                               response_deserializer=jina_pb2.EndpointsProto.FromString)
                endpoints = discover(empty_pb2.Empty(), timeout=timeout, compression=compression)
                print(json.dumps({"endpoints": list(endpoints.endpoints),
                                  "schemas": json_format.MessageToDict(endpoints.schemas)}))
            elif mode == "dry_run":
                dry = channel.unary_unary("/jina.JinaGatewayDryRunRPC/dry_run",
                                          request_serializer=empty_pb2.Empty.SerializeToString,
                                          response_deserializer=jina_pb2.StatusProto.FromString)
                print(json.dumps({"code": dry(empty_pb2.Empty(), timeout=30).code}))
            elif mode == "status":
                status = channel.unary_unary("/jina.JinaInfoRPC/_status",
                                             request_serializer=empty_pb2.Empty.SerializeToString,
                                             response_deserializer=jina_pb2.JinaInfoProto.FromString)
                info = status(empty_pb2.Empty(), timeout=30)
                print(json.dumps({"jina": dict(info.jina)}))
            elif mode == "control":
                control = channel.unary_unary("/jina.JinaControlRequestRPC/process_control",
                                              request_serializer=jina_pb2.ControlRequestProto.SerializeToString,
                                              response_deserializer=jina_pb2.ControlRequestProto.FromString)
                req = jina_pb2.ControlRequestProto()
                req.header.request_id = uuid.uuid4().hex
                command = sys.argv[4]
                req.command = int(command) if command.isdigit() else jina_pb2.ControlRequestProto.Command.Value(command)
                entity = req.relatedEntities.add()
                entity.id = "python-caller"
                entity.address = "127.0.0.1"
                entity.port = 1
                resp = control(req, timeout=timeout)
                print(json.dumps({"request_id": resp.header.request_id, "sent_id": req.header.request_id,
                                  "command": int(resp.command), "status": resp.header.status.code,
                                  "description": resp.header.status.description,
                                  "exception": resp.header.status.exception.name,
                                  "entities": [e.id for e in resp.relatedEntities]}))
            elif mode == "health":
                check = channel.unary_unary("/grpc.health.v1.Health/Check",
                                            request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
                                            response_deserializer=health_pb2.HealthCheckResponse.FromString)
                print(json.dumps({"status": check(health_pb2.HealthCheckRequest(service=""), timeout=30).status}))
            else:
                raise SystemExit("unknown mode " + mode)
        except grpc.RpcError as err:
            print(json.dumps({"error": err.code().name, "details": err.details()}))
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
