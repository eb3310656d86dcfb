"""A minimal Jina executor (worker) built from our .proto files and Debian's python3-grpcio.

It speaks Jina's worker protocol (JINA_PROTOCOL.md section 2) the way a Jina executor runtime does:
process_single_data appends SUFFIX to every document's text, endpoint_discovery lists /default,
_status answers, and health Check reports SERVING. Usage:

    jina_grpc_worker.py OUT_DIR SUFFIX LIFETIME_SECONDS [--report-encoding] [--report-traceparent]

Binds 127.0.0.1 on a free port, prints {"port": N} and serves until LIFETIME_SECONDS pass or SIGTERM.

With --report-encoding, callers reach the server through a TCP relay on the printed port that reads the HTTP/2
frames they send: for every request message it prints {"encoding": "gzip" | "deflate" | "identity", "bytes": N}
(N = the message's size once decompressed), from the message's compressed flag and its first bytes (a gzip header,
or a zlib one for grpc's deflate); an empty message flagged compressed is "compressed". grpcio hides grpc-encoding from handlers, so the wire is read instead.

With --report-traceparent, every process_single_data call prints {"traceparent": ..., "tracestate": ...}: the W3C
trace context metadata it came with (null when absent), as an OpenTelemetry-instrumented Jina executor would read it.
"""
import json
import signal
import socket
import struct
import sys
import threading
import zlib
from concurrent import futures

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from google.protobuf import empty_pb2  # noqa: E402

import health_pb2  # noqa: E402
import jina_pb2  # noqa: E402

SUFFIX = sys.argv[2]
LIFETIME = float(sys.argv[3])
REPORT_ENCODING = "--report-encoding" in sys.argv[4:]
REPORT_TRACEPARENT = "--report-traceparent" in sys.argv[4:]
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
calls = {"count": 0}
print_lock = threading.Lock()


def report(line):
    with print_lock:
        print(json.dumps(line), flush=True)


def process_single_data(request, context):
    calls["count"] += 1
    if REPORT_TRACEPARENT:
        metadata = dict(context.invocation_metadata())
        report({"traceparent": metadata.get("traceparent"), "tracestate": metadata.get("tracestate")})
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


def describe(compressed, message):
    """The encoding of one gRPC message and its decompressed size."""
    if not compressed:
        return {"encoding": "identity", "bytes": len(message)}
    if not message:
        # An empty message flagged compressed (grpc-dotnet sends those) names no algorithm.
        return {"encoding": "compressed", "bytes": 0}
    try:
        if message[:2] == b"\x1f\x8b":
            return {"encoding": "gzip", "bytes": len(zlib.decompress(message, 16 + zlib.MAX_WBITS))}
        return {"encoding": "deflate", "bytes": len(zlib.decompress(message))}
    except zlib.error as error:
        return {"encoding": "unreadable", "bytes": len(message), "error": str(error), "head": message[:8].hex()}


def close(*sockets):
    for s in sockets:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


def relay_responses(server, client):
    try:
        while chunk := server.recv(65536):
            client.sendall(chunk)
    except OSError:
        pass


def relay_requests(client, server):
    """Sends the caller's bytes on to the server, reporting each request message found in its DATA frames."""
    pending = b""
    streams = {}
    preface = False
    try:
        while chunk := client.recv(65536):
            server.sendall(chunk)
            pending += chunk
            if not preface:
                if len(pending) < len(PREFACE):
                    continue
                pending, preface = pending[len(PREFACE):], True
            while len(pending) >= 9 and len(pending) >= 9 + int.from_bytes(pending[0:3], "big"):
                length = int.from_bytes(pending[0:3], "big")
                kind, flags = pending[3], pending[4]
                stream = struct.unpack(">I", pending[5:9])[0] & 0x7FFFFFFF
                payload, pending = pending[9:9 + length], pending[9 + length:]
                if kind != 0:  # only DATA frames carry messages
                    continue
                if flags & 0x8:  # PADDED: pad length first, padding last
                    payload = payload[1:len(payload) - payload[0]]
                data = streams.get(stream, b"") + payload
                while len(data) >= 5 and len(data) >= 5 + int.from_bytes(data[1:5], "big"):
                    size = int.from_bytes(data[1:5], "big")
                    report(describe(data[0] == 1, data[5:5 + size]))
                    data = data[5 + size:]
                streams[stream] = data
    except OSError:
        pass
    finally:
        close(client, server)


def serve_relay(listener, target_port):
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        server = socket.create_connection(("127.0.0.1", target_port))
        threading.Thread(target=relay_requests, args=(client, server), daemon=True).start()
        threading.Thread(target=relay_responses, args=(server, client), daemon=True).start()


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
    if REPORT_ENCODING:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        threading.Thread(target=serve_relay, args=(listener, port), daemon=True).start()
        port = listener.getsockname()[1]
    report({"port": port})
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait(LIFETIME)
    server.stop(grace=1).wait()
    report({"calls": calls["count"]})


if __name__ == "__main__":
    main()
