"""The baseline of bench/run batch: a client as sock_python 0.1.1's own is, a whole process per
request. Standard library only, and only what that client imports (argparse, json, logging,
socket, struct); one request, its captured value printed.

usage: sock_python_client.py SOCKET CODE
"""
import argparse
import json
import logging
import socket
import struct

log = logging.getLogger("sock_python")


def receive(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError("the server closed the connection")
        data += chunk
    return data


def main():
    parser = argparse.ArgumentParser(description="send one snippet to a sock_python server")
    parser.add_argument("socket")
    parser.add_argument("code")
    args = parser.parse_args()
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(args.socket)
    request = json.dumps({"snippet": args.code}).encode("utf-8")
    conn.sendall(struct.pack(">I", len(request)) + request)
    (length,) = struct.unpack(">I", receive(conn, 4))
    reply = json.loads(receive(conn, length))
    log.debug("reply: %s", reply)
    print(reply.get("captured", ""), end="")


if __name__ == "__main__":
    main()
