"""A Jina-shaped stream_doc caller built only from our .proto files and Debian's python3-grpcio.

It sends what the Jina 3.x client's stream_doc sends (JINA_PROTOCOL.md section 3): one SingleDocumentRequestProto with a
uuid4-hex request_id, exec_endpoint and the document, on /jina.JinaSingleDocumentRequestRPC/stream_doc, and reads the
server stream. Usage:

    jina_stream_doc_client.py OUT_DIR HOST:PORT ENDPOINT TEXT [--params JSON] [--metadata KEY=VALUE]
        [--cancel-after N]

Prints one JSON object per item as it arrives ({"t": seconds since the call started, "text", "status", "request_id",
"routes", "exception"}), then {"sent": request_id, "trailers": {...}}; with --cancel-after N it cancels the call after
N items and prints {"cancelled": N}. gRPC errors are printed as {"error": CODE_NAME, "details": ...} and exit 3.
"""
import json
import sys
import time
import uuid

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402

import jina_pb2  # noqa: E402


def option(name, default=None):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def main():
    target, endpoint, text = sys.argv[2], sys.argv[3], sys.argv[4]
    params = json.loads(option("--params", "{}"))
    metadata = tuple(tuple(option("--metadata").split("=", 1)) for _ in [0] if option("--metadata"))
    cancel_after = int(option("--cancel-after", "0"))

    request = jina_pb2.SingleDocumentRequestProto()
    request.header.request_id = uuid.uuid4().hex
    request.header.exec_endpoint = endpoint
    request.parameters.update(params)
    request.document.id = uuid.uuid4().hex
    request.document.text = text

    with grpc.insecure_channel(target) as channel:
        grpc.channel_ready_future(channel).result(timeout=10)
        stream_doc = channel.unary_stream("/jina.JinaSingleDocumentRequestRPC/stream_doc",
                                          request_serializer=jina_pb2.SingleDocumentRequestProto.SerializeToString,
                                          response_deserializer=jina_pb2.SingleDocumentRequestProto.FromString)
        start = time.monotonic()
        call = stream_doc(request, timeout=60, metadata=metadata)
        count = 0
        try:
            for item in call:
                count += 1
                print(json.dumps({
                    "t": time.monotonic() - start,
                    "text": item.document.text,
                    "status": item.header.status.code,
                    "request_id": item.header.request_id,
                    "routes": [r.executor for r in item.routes],
                    "exception": item.header.status.exception.name,
                }), flush=True)
                if cancel_after and count == cancel_after:
                    call.cancel()
                    print(json.dumps({"cancelled": count}), flush=True)
                    return 0
        except grpc.RpcError as err:
            print(json.dumps({"error": err.code().name, "details": err.details()}), flush=True)
            return 3
        print(json.dumps({"sent": request.header.request_id, "trailers": dict(call.trailing_metadata() or ())}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
