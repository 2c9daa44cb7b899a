"""A client-go exec credential plugin for the tests: answers the ExecCredential that KUBERNETES_EXEC_INFO asks
for, with the token given as the first argument."""
import json
import os
import sys


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: exec_plugin.py TOKEN", file=sys.stderr)
        return 2
    info = json.loads(os.environ.get("KUBERNETES_EXEC_INFO", "{}"))
    api_version = info.get("apiVersion", "client.authentication.k8s.io/v1")
    json.dump(
        {"apiVersion": api_version, "kind": "ExecCredential", "status": {"token": sys.argv[1]}},
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
