#!/usr/bin/env python3
"""Loopback HTTP(S) peer for the HTTP client tests (standard library only).

Prints "PORT <n>" once listening, then serves until its standard input closes, so it never outlives the tests.

Routes:
  /echo            JSON: method, path, headers, body (text), body_length, client_port, client_cn, host
  /reflect         the request body, as is
  /bytes?n=N       N bytes where byte i is i % 256
  /status/CODE     that status with the standard phrase; /status/CODE?reason=TEXT for another phrase
  /slow?seconds=S  waits S seconds, then answers like /echo
  /stall?n=N&seconds=S  promises N bytes, sends the first 10, waits S seconds, then sends the rest
  /cookies         repeated Set-Cookie and a token header
"""

import argparse
import json
import os
import signal
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PATTERN = bytes(range(256))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60

    def log_message(self, *args):
        pass

    def setup(self):
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(self.timeout)
            self.request.do_handshake()
        super().setup()

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def reply(self, status, body, content_type="application/json", extra=(), reason=None):
        self.send_response(status, reason)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def client_cn(self):
        if not isinstance(self.request, ssl.SSLSocket):
            return None
        cert = self.request.getpeercert()
        if not cert:
            return None
        for rdn in cert.get("subject", ()):
            for key, value in rdn:
                if key == "commonName":
                    return value
        return None

    def route(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        body = self.read_body()
        if url.path == "/slow":
            time.sleep(float(query.get("seconds", ["1"])[0]))
        if url.path in ("/echo", "/slow"):
            info = {
                "method": self.command,
                "path": self.path,
                "headers": [[name, value] for name, value in self.headers.items()],
                "body": body.decode("utf-8", "replace"),
                "body_length": len(body),
                "client_port": self.client_address[1],
                "client_cn": self.client_cn(),
                "host": self.headers.get("Host"),
            }
            self.reply(200, json.dumps(info).encode())
        elif url.path == "/reflect":
            self.reply(200, body, "application/octet-stream")
        elif url.path == "/bytes":
            count = int(query.get("n", ["0"])[0])
            data = PATTERN * (count // 256 + 1)
            self.reply(200, data[:count], "application/octet-stream")
        elif url.path == "/stall":
            count = int(query.get("n", ["1000"])[0])
            data = (PATTERN * (count // 256 + 1))[:count]
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(count))
            self.end_headers()
            self.wfile.write(data[:10])
            self.wfile.flush()
            time.sleep(float(query.get("seconds", ["5"])[0]))
            try:
                self.wfile.write(data[10:])
            except OSError:
                pass
        elif url.path.startswith("/status/"):
            code = int(url.path[len("/status/"):])
            reason = query.get("reason", [None])[0]
            self.reply(code, f"status {code}".encode(), "text/plain", reason=reason)
        elif url.path == "/cookies":
            extra = [
                ("Set-Cookie", "session=peer-cookie-secret; Path=/"),
                ("Set-Cookie", "other=peer-cookie-two"),
                ("X-Auth-Token", "peer-token-secret"),
                ("X-Plain", "visible-value"),
            ]
            self.reply(200, b'{"ok":true}', extra=extra)
        else:
            self.reply(404, b"no such route", "text/plain")

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = route


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Failed handshakes and dropped connections are expected in the tests.
        pass


def main():
    # A parent may start us with signals blocked (dispatch worker threads do); stopping relies on SIGTERM.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--client-ca", help="require client certificates signed by this CA")
    parser.add_argument("--tls12", action="store_true", help="speak TLS 1.2 at most")
    args = parser.parse_args()

    server = Server(("127.0.0.1", 0), Handler)
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        context.set_alpn_protocols(["http/1.1"])
        if args.tls12:
            # TLS 1.2 rejects a missing client certificate inside the handshake; TLS 1.3 only after it.
            context.maximum_version = ssl.TLSVersion.TLSv1_2
        if args.client_ca:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(args.client_ca)
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)

    def watch_stdin():
        while sys.stdin.buffer.read(1024):
            pass
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
