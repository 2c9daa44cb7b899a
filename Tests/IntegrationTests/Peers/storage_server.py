"""Test peer: a plain HTTP file server for models, the kind a storageUri of http(s):// points at.

Started as `python storage_server.py PORT DIRECTORY`. GET /PATH answers the file DIRECTORY/PATH (404 when there is
none); GET /redirect/PATH answers 302 with Location /PATH, as object stores and CDNs often do. It exits when its
parent process goes away.
"""

import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from peer_support import serve_until_parent_exits


class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path.startswith("/redirect/"):
            self.send_response(302)
            self.send_header("Location", self.path[len("/redirect"):])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    handler = partial(Handler, directory=sys.argv[2])
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler)
    serve_until_parent_exits(server)
