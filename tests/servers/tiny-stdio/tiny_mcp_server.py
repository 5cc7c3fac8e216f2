#!/usr/bin/env python3
"""A minimal stdio MCP server (stdlib only) that starts in tens of milliseconds.

Used where tests and benchmarks start many processes (dedicated sessions). Speaks newline-delimited JSON-RPC:
initialize, ping, tools/list, tools/call with `echo(message)`, `slow(ms)` and `ask_then_give_up(ms)` (sends the client a
sampling/createMessage request, waits ms, cancels it with notifications/cancelled, returns 'gave up'). Extra arguments are ignored, so a
unique marker can be put on the command line to find the process in /proc.
"""
import json
import sys
import time

TOOLS = [
    {"name": "echo", "description": "Returns the message.",
     "inputSchema": {"type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"]},
     "annotations": {"readOnlyHint": True}},
    {"name": "slow", "description": "Waits ms milliseconds, then returns 'done'.",
     "inputSchema": {"type": "object", "properties": {"ms": {"type": "integer"}}, "required": ["ms"]}},
    {"name": "ask_then_give_up", "description": "Asks the client for sampling, gives up after ms milliseconds.",
     "inputSchema": {"type": "object", "properties": {"ms": {"type": "integer"}}, "required": ["ms"]}},
]


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def answer(request):
    method = request.get("method")
    params = request.get("params") or {}
    if method == "initialize":
        return {"protocolVersion": params.get("protocolVersion", "2025-11-25"),
                "capabilities": {"tools": {}},
                "serverInfo": {"name": "tiny-stdio", "version": "1.0.0"}}
    if method == "ping":
        return {}
    if method == "tools/list":
        return {"tools": TOOLS}
    if method == "tools/call":
        name = params.get("name")
        args = params.get("arguments") or {}
        if name == "echo":
            return {"content": [{"type": "text", "text": str(args.get("message", ""))}]}
        if name == "slow":
            time.sleep(int(args.get("ms", 0)) / 1000)
            return {"content": [{"type": "text", "text": "done"}]}
        if name == "ask_then_give_up":
            send({"jsonrpc": "2.0", "id": "tiny-ask-1", "method": "sampling/createMessage",
                  "params": {"messages": [{"role": "user", "content": {"type": "text", "text": "answer in time"}}], "maxTokens": 10}})
            time.sleep(int(args.get("ms", 0)) / 1000)
            send({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": "tiny-ask-1", "reason": "no answer in time"}})
            return {"content": [{"type": "text", "text": "gave up"}]}
        raise LookupError(f"Unknown tool: {name}")
    raise KeyError(method)


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        if "id" not in request or "method" not in request:
            continue  # a notification or a response
        try:
            reply = {"jsonrpc": "2.0", "id": request["id"], "result": answer(request)}
        except KeyError as e:
            reply = {"jsonrpc": "2.0", "id": request["id"], "error": {"code": -32601, "message": f"Method not found: {e}"}}
        except LookupError as e:
            reply = {"jsonrpc": "2.0", "id": request["id"], "error": {"code": -32602, "message": str(e)}}
        send(reply)


if __name__ == "__main__":
    main()
