"""A benchmark peer with a known latency: an HTTP/1.1 keep-alive server that answers every request a fixed time after
it arrived, and optionally stalls (answers nothing) for a while once per period.

    python3 bench/delay_server.py PORT [--delay-ms 5] [--stall-ms 0] [--period-s 1]

Every request is answered --delay-ms after its last byte arrived (asyncio timers: up to about 1 ms later, since
the event loop sleeps in whole milliseconds). With --stall-ms, a request whose answer would fall in the first
--stall-ms of a period (counted from the server's start) is answered when the stall ends instead, as when a real
server pauses for a garbage collection. One thread, one event loop; answers on a connection go out in request order.
Every POST gets the same small V2 inference answer; every GET a small JSON answer. Exits when its parent goes away.

GET /arrivals answers with the arrival times (monotonic seconds, one a line) of the POSTs since the previous
GET /arrivals: for a constant-rate client their spacing shows how punctually it sent, seen from outside.
"""

import argparse
import asyncio
import collections
import os
import socket

ANSWER = b'{"model_name":"delay","outputs":[{"name":"output-0","datatype":"FP32","shape":[1,1],"data":[1.0]}]}'
READY = b'{"ready":true}'


def response(body):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    return head + body


class Timing:
    def __init__(self, delay, stall, period, start):
        self.delay = delay
        self.stall = stall
        self.period = period
        self.start = start

    def due(self, arrival):
        """When the answer to a request that arrived at `arrival` (loop time) goes out."""
        due = arrival + self.delay
        if self.stall > 0:
            cycles, phase = divmod(due - self.start, self.period)
            if phase < self.stall:
                due = self.start + cycles * self.period + self.stall
        return due


class Connection(asyncio.Protocol):
    def __init__(self, timing, arrivals):
        self.timing = timing
        self.arrivals = arrivals
        self.buffer = b""
        self.queue = collections.deque()  # (due, bytes), in request order
        self.timer = None
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def connection_lost(self, exc):
        if self.timer is not None:
            self.timer.cancel()
        self.queue.clear()

    def data_received(self, data):
        loop = asyncio.get_running_loop()
        now = loop.time()
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    try:
                        length = int(value.strip())
                    except ValueError:
                        self.transport.close()
                        return
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length :]
            if head.startswith(b"POST"):
                self.arrivals.append(now)
                body = ANSWER
            elif head.startswith(b"GET /arrivals "):
                body = "".join("%.7f\n" % moment for moment in self.arrivals).encode()
                self.arrivals.clear()
            else:
                body = READY
            self.queue.append((self.timing.due(now), response(body)))
            if self.timer is None:
                self.arm(loop)

    def arm(self, loop):
        self.timer = loop.call_at(self.queue[0][0], self.answer)

    def answer(self):
        loop = asyncio.get_running_loop()
        self.timer = None
        now = loop.time()
        out = []
        while self.queue and self.queue[0][0] <= now:
            out.append(self.queue.popleft()[1])
        if out and not self.transport.is_closing():
            self.transport.write(b"".join(out))
        if self.queue:
            self.arm(loop)


async def watch_parent():
    parent = os.getppid()
    while os.getppid() == parent:
        await asyncio.sleep(0.5)
    os._exit(0)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--delay-ms", type=float, default=5.0)
    parser.add_argument("--stall-ms", type=float, default=0.0)
    parser.add_argument("--period-s", type=float, default=1.0)
    args = parser.parse_args()
    loop = asyncio.get_running_loop()
    timing = Timing(args.delay_ms / 1000, args.stall_ms / 1000, args.period_s, loop.time())
    arrivals = []
    server = await loop.create_server(lambda: Connection(timing, arrivals), "127.0.0.1", args.port, backlog=1024)
    print("listening", flush=True)
    asyncio.ensure_future(watch_parent())
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
