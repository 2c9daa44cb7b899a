"""Test peer: an HTTP/1.1 server that answers at once, except that it stalls for 200 ms once every second.

Started as `python stalling_server.py PORT`. During the first 200 ms of every second (counted from its start) no
request is answered: a request that arrives then waits until the stall ends, as every request does when a real
server pauses (a garbage collection, a compaction). An open-loop client that keeps sending on schedule sees those
waits in its p99; a closed-loop client at concurrency 1 sends one request into each stall and does not.

It answers every POST with a small V2 inference answer and exits when its parent process goes away.
"""

import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from peer_support import serve_until_parent_exits

STALL_SECONDS = float(os.environ.get("STALL_SECONDS", "0.2"))
PERIOD_SECONDS = float(os.environ.get("PERIOD_SECONDS", "1.0"))
START = time.monotonic()
BODY = b'{"model_name":"stall","outputs":[{"name":"out","datatype":"FP32","shape":[1],"data":[1.0]}]}'


def wait_out_stall():
    phase = (time.monotonic() - START) % PERIOD_SECONDS
    if phase < STALL_SECONDS:
        time.sleep(STALL_SECONDS - phase)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle's algorithm and delayed ACKs add 40 ms to each.
    disable_nagle_algorithm = True

    def _answer(self, body):
        wait_out_stall()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._answer(BODY)

    def do_GET(self):
        if self.path.endswith("/ready") or self.path.startswith("/v2/health"):
            self._answer(b'{"ready":true}')
        elif self.path.startswith("/v2/models/"):
            name = self.path.split("/")[3]
            self._answer(
                ('{"name":"%s","platform":"test","inputs":[{"name":"in","datatype":"FP32","shape":[-1,1]}],'
                 '"outputs":[{"name":"out","datatype":"FP32","shape":[-1,1]}]}' % name).encode()
            )
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    serve_until_parent_exits(server)
