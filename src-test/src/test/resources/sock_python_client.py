"""A client written the way sock_python 0.1.1's is: its reply objects are dataclasses built from
every key of the reply, so a reply with any key it does not know makes it fail.

usage: sock_python_client.py SOCKET snippet CODE
       sock_python_client.py SOCKET control stop|restart|status
"""
import json
import socket
import struct
import sys
from dataclasses import dataclass


@dataclass
class Output:
    captured: str = ""
    exception: str = ""


@dataclass
class Ack:
    ack: str
    response: str


def send_packet(conn, obj):
    data = json.dumps(obj).encode("utf-8")
    conn.sendall(struct.pack(">I", len(data)) + data)


def recv_exact(conn, n):
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed")
        buf += chunk
    return buf


def recv_packet(conn):
    (length,) = struct.unpack(">I", recv_exact(conn, 4))
    reply = json.loads(recv_exact(conn, length).decode("utf-8"))
    if "ack" in reply:
        return Ack(**reply)
    return Output(**reply)


def main():
    path, kind, payload = sys.argv[1:4]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(path)
        send_packet(conn, {"snippet": payload} if kind == "snippet" else {"control": payload})
        reply = recv_packet(conn)
    if isinstance(reply, Output):
        print(json.dumps({"captured": reply.captured, "exception": reply.exception}))
    else:
        print(json.dumps({"ack": reply.ack, "response": json.loads(reply.response)}))


main()
