"""A Jina-shaped WebSocket client (python3-websockets, messages from our protos), as the Jina client uses it.

    jina_ws_client.py OUT_DIR HOST:PORT MODE [N]

MODE: bytes (N DataRequestProtos, then the 0x00 end marker), json (N JSON requests, then {}),
garbage (a binary message that is not a DataRequestProto, then one good request), dry_run.
Prints one JSON object per response and finally {"close_code": C, "close_reason": R}.
"""
import asyncio
import json
import sys
import uuid

sys.path.insert(0, sys.argv[1])

import websockets  # noqa: E402

import jina_pb2  # noqa: E402


def new_request(n_docs=2):
    req = jina_pb2.DataRequestProto()
    req.header.request_id = uuid.uuid4().hex
    req.header.exec_endpoint = "/"
    req.parameters.get_or_create_struct("__results__")
    for _ in range(n_docs):
        req.data.docs.docs.add().id = uuid.uuid4().hex
    return req


def describe(resp):
    return {"request_id": resp.header.request_id, "status": resp.header.status.code,
            "texts": [d.text for d in resp.data.docs.docs], "routes": [r.executor for r in resp.routes]}


async def main():
    target, mode = sys.argv[2], sys.argv[3]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    path = "/dry_run" if mode == "dry_run" else "/"
    subprotocols = ["json"] if mode == "json" else ["bytes"]
    async with websockets.connect(f"ws://{target}{path}", subprotocols=subprotocols, max_size=None) as ws:
        sent = []
        if mode == "dry_run":
            await ws.send(b"")
            status = jina_pb2.StatusProto.FromString(await ws.recv())
            print(json.dumps({"code": status.code}))
        elif mode == "json":
            for i in range(count):
                await ws.send(json.dumps({"data": [{"text": f"t{i}"}], "execEndpoint": "/", "parameters": {"i": i}}))
            await ws.send("{}")
            async for message in ws:
                body = json.loads(message)
                print(json.dumps({"request_id": body["header"]["request_id"], "texts": [d["text"] for d in body["data"]],
                                  "parameters": body["parameters"], "keys": sorted(body.keys())}))
        else:
            if mode == "garbage":
                await ws.send(b"\x0a\x10\x01\x02")
            for _ in range(count):
                req = new_request()
                sent.append(req.header.request_id)
                await ws.send(req.SerializeToString())
            await ws.send(bytes(True))
            try:
                async for message in ws:
                    print(json.dumps(describe(jina_pb2.DataRequestProto.FromString(message))))
            except websockets.exceptions.ConnectionClosedError:
                pass  # an abnormal close (1011): reported below, as the Jina client would raise ConnectionError
        await ws.wait_closed()
        print(json.dumps({"sent": sent, "close_code": ws.close_code, "close_reason": ws.close_reason}))


if __name__ == "__main__":
    asyncio.run(main())
