"""A Jina 3.x client with docarray v2 (what `pip install jina` brings), built from the v2 protos by Debian's protoc.

    jina_v2_client.py OUT_DIR HOST:PORT MODE [N]

OUT_DIR holds jina_pb2 / docarray_pb2 generated from Tests/Compatibility/Peers/v2 (package docarray with
DocListProto / DocProto / NodeProto). Every document is shaped like docarray's TextDoc(text=''): the entries id
(type "id"), text, url, embedding and bytes_, the last three without content (None).

MODE: grpc_call (N requests on one /jina.JinaRPC/Call stream), grpc_single (one process_single_data),
ws (N binary requests on the WebSocket "bytes" subprotocol, then the 0x00 end marker), http (N POST /post),
worker (one process_data to a silo's worker port; N is the executor metadata).
Prints one JSON object per response ({"request_id", "status", "texts", "ids", "routes", "description"}), then
{"sent": [...]} (WebSocket: with close_code and close_reason); gRPC errors print {"error": CODE, "details": ...}
and exit 3.
"""
import asyncio
import json
import sys
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402

import docarray_pb2  # noqa: E402
import jina_pb2  # noqa: E402


def text_doc(doc):
    doc.data["id"].text = uuid.uuid4().hex
    doc.data["id"].type = "id"
    doc.data["text"].text = ""
    for empty in ("url", "embedding", "bytes_"):
        doc.data[empty].SetInParent()
    return doc


def new_request(n_docs=2):
    req = jina_pb2.DataRequestProto()
    req.header.request_id = uuid.uuid4().hex
    req.header.exec_endpoint = "/"
    req.parameters.get_or_create_struct("__results__")
    for _ in range(n_docs):
        text_doc(req.data.docs.docs.add())
    return req


def text_of(doc):
    node = doc.data["text"] if "text" in doc.data else None
    return node.text if node is not None and node.WhichOneof("content") == "text" else None


def describe(resp):
    return {"request_id": resp.header.request_id, "status": resp.header.status.code,
            "description": resp.header.status.description,
            "texts": [text_of(d) for d in resp.data.docs.docs],
            "ids": [d.data["id"].text for d in resp.data.docs.docs],
            "fields": [sorted(d.data.keys()) for d in resp.data.docs.docs],
            "routes": [r.executor for r in resp.routes]}


def grpc_error(error):
    print(json.dumps({"error": error.code().name, "details": error.details()}))
    sys.exit(3)


def run_grpc(target, mode, count):
    channel = grpc.insecure_channel(target)
    sent = []
    try:
        if mode == "grpc_call":
            requests = [new_request() for _ in range(count)]
            sent = [r.header.request_id for r in requests]
            call = channel.stream_stream("/jina.JinaRPC/Call", request_serializer=jina_pb2.DataRequestProto.SerializeToString,
                                         response_deserializer=jina_pb2.DataRequestProto.FromString)
            for resp in call(iter(requests), timeout=30, metadata=[("__results_in_order__", "true")]):
                print(json.dumps(describe(resp)))
        elif mode == "grpc_single":
            req = new_request()
            sent = [req.header.request_id]
            single = channel.unary_unary("/jina.JinaSingleDataRequestRPC/process_single_data",
                                         request_serializer=jina_pb2.DataRequestProto.SerializeToString,
                                         response_deserializer=jina_pb2.DataRequestProto.FromString)
            print(json.dumps(describe(single(req, timeout=30))))
        else:
            data = channel.unary_unary("/jina.JinaDataRequestRPC/process_data",
                                       request_serializer=jina_pb2.DataRequestListProto.SerializeToString,
                                       response_deserializer=jina_pb2.DataRequestProto.FromString)
            req = new_request()
            sent = [req.header.request_id]
            requests = jina_pb2.DataRequestListProto()
            requests.requests.append(req)
            print(json.dumps(describe(data(requests, timeout=30, metadata=[("executor", str(count))]))))
    except grpc.RpcError as error:
        grpc_error(error)
    print(json.dumps({"sent": sent}))


async def run_ws(target, count):
    import websockets
    sent = []
    async with websockets.connect(f"ws://{target}/", subprotocols=["bytes"], max_size=None) as ws:
        for _ in range(count):
            req = new_request()
            sent.append(req.header.request_id)
            await ws.send(req.SerializeToString())
        await ws.send(bytes(True))
        try:
            async for message in ws:
                print(json.dumps(describe(jina_pb2.DataRequestProto.FromString(message))))
        except websockets.exceptions.ConnectionClosedError:
            pass  # reported below with the close code and reason
        await ws.wait_closed()
        print(json.dumps({"sent": sent, "close_code": ws.close_code, "close_reason": ws.close_reason}))


def run_http(target, count):
    # The v2 client's JSON: the TextDoc fields, None as null, as pydantic writes them.
    for _ in range(count):
        body = json.dumps({"data": [{"id": uuid.uuid4().hex, "text": "", "url": None, "embedding": None, "bytes_": None}
                                    for _ in range(2)], "parameters": {}, "execEndpoint": "/"}).encode()
        request = urllib.request.Request(f"http://{target}/post", data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = json.loads(response.read())
                print(json.dumps({"status": response.status, "texts": [d.get("text") for d in answer["data"]],
                                  "fields": [sorted(d.keys()) for d in answer["data"]]}))
        except urllib.error.HTTPError as error:
            print(json.dumps({"status": error.code, "body": error.read().decode(errors="replace")}))
    print(json.dumps({"sent": count}))


def main():
    target, mode = sys.argv[2], sys.argv[3]
    count = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4].isdigit() else 1
    if mode == "ws":
        asyncio.run(run_ws(target, count))
    elif mode == "http":
        run_http(target, count)
    elif mode == "worker":
        run_grpc(target, mode, sys.argv[4])
    else:
        run_grpc(target, mode, count)


if __name__ == "__main__":
    main()
