"""What the test peers' HTTP servers share: serving until the parent process (the test) goes away."""

import os
import signal
import threading
import time


def exit_with_parent():
    """Ends this process as soon as its parent has gone (the parent's pid changes when it is re-parented)."""
    parent = os.getppid()
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def serve_until_parent_exits(server):
    """Runs `server` (an http.server instance) until SIGTERM, SIGINT or the parent's exit."""
    # A parent may start us with signals blocked (Foundation's Process does): SIGTERM must end the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    server.daemon_threads = True
    threading.Thread(target=exit_with_parent, daemon=True).start()
    print("listening", flush=True)
    server.serve_forever()
