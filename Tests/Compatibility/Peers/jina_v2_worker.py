"""A minimal Jina executor with docarray v2, built from the v2 protos (Peers/v2) by Debian's protoc.

It speaks Jina's worker protocol as a Jina 3.34 executor with docarray 0.40 does: process_single_data appends SUFFIX
to the text of every TextDoc-shaped DocProto (and fails the request if a document is not one: no "id" entry of type
"id", which is what v1 bytes read as v2 look like), endpoint_discovery lists /default with a TextDoc schema.

    jina_v2_worker.py OUT_DIR SUFFIX LIFETIME_SECONDS

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

import jina_pb2  # noqa: E402

SUFFIX = sys.argv[2]
LIFETIME = float(sys.argv[3])
calls = {"count": 0}


def process_single_data(request, context):
    calls["count"] += 1
    for doc in request.data.docs.docs:
        if "id" not in doc.data or doc.data["id"].type != "id":
            request.header.status.code = jina_pb2.StatusProto.ERROR
            request.header.status.description = "not a docarray v2 document: " + ",".join(sorted(doc.data.keys()))
            return request
        node = doc.data["text"]
        node.text = (node.text if node.WhichOneof("content") == "text" else "") + SUFFIX
    return request


def endpoint_discovery(request, context):
    endpoints = jina_pb2.EndpointsProto()
    endpoints.endpoints.append("/default")
    endpoints.schemas.update({"/default": {"input": {"name": "TextDoc", "model": {"title": "TextDoc", "type": "object"}},
                                           "output": {"name": "TextDoc", "model": {"title": "TextDoc", "type": "object"}},
                                           "is_generator": False, "is_singleton_doc": False,
                                           "parameters": {"name": None, "model": None}}})
    return endpoints


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
