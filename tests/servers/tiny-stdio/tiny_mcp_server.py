#!/usr/bin/env python3
"""A minimal stdio MCP server (stdlib only) that starts in tens of milliseconds.

Used where tests and benchmarks start many processes (dedicated sessions). Speaks newline-delimited JSON-RPC:
initialize, ping, tools/list, tools/call with `echo(message)` and `slow(ms)`. Extra arguments are ignored, so a
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
]


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
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
