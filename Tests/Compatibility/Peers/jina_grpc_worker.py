"""A minimal Jina executor (worker) built from our .proto files and Debian's python3-grpcio.

It speaks Jina's worker protocol (JINA_PROTOCOL.md section 2) the way a Jina executor runtime does:
process_single_data appends SUFFIX to every document's text, endpoint_discovery lists /default,
_status answers, and health Check reports SERVING. Usage:

    jina_grpc_worker.py OUT_DIR SUFFIX LIFETIME_SECONDS

Binds 127.0.0.1 on a free port, prints {"port": N} and serves until LIFETIME_SECONDS pass or SIGTERM.
"""
import json
import signal
import sys
import threading
from concurrent import futures

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from google.protobuf import empty_pb2  # noqa: E402

import health_pb2  # noqa: E402
import jina_pb2  # noqa: E402

SUFFIX = sys.argv[2]
LIFETIME = float(sys.argv[3])
calls = {"count": 0}


def process_single_data(request, context):
    calls["count"] += 1
    for doc in request.data.docs.docs:
        doc.text = doc.text + SUFFIX
    return request


def endpoint_discovery(request, context):
    endpoints = jina_pb2.EndpointsProto()
    endpoints.endpoints.append("/default")
    return endpoints


def status(request, context):
    info = jina_pb2.JinaInfoProto()
    info.jina["jina"] = "python-peer"
    return info


def check(request, context):
    return health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVING)


def unary(handler, request_type, response_type):
    return grpc.unary_unary_rpc_method_handler(
        handler, request_deserializer=request_type.FromString, response_serializer=response_type.SerializeToString)


def main():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8), options=[("grpc.so_reuseport", 0)])
    server.add_generic_rpc_handlers((
        grpc.method_handlers_generic_handler("jina.JinaSingleDataRequestRPC", {
            "process_single_data": unary(process_single_data, jina_pb2.DataRequestProto, jina_pb2.DataRequestProto)}),
        grpc.method_handlers_generic_handler("jina.JinaDiscoverEndpointsRPC", {
            "endpoint_discovery": unary(endpoint_discovery, empty_pb2.Empty, jina_pb2.EndpointsProto)}),
        grpc.method_handlers_generic_handler("jina.JinaInfoRPC", {
            "_status": unary(status, empty_pb2.Empty, jina_pb2.JinaInfoProto)}),
        grpc.method_handlers_generic_handler("grpc.health.v1.Health", {
            "Check": unary(check, health_pb2.HealthCheckRequest, health_pb2.HealthCheckResponse)}),
    ))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(json.dumps({"port": port}), flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait(LIFETIME)
    server.stop(grace=1).wait()
    print(json.dumps({"calls": calls["count"]}), flush=True)


if __name__ == "__main__":
    main()
