#!/usr/bin/env bash
# Installs what building and testing kserve needs on a Debian machine, when it is missing:
# the C libraries' -dev packages (OpenBLAS among them, for ONNX's matrix products), the tools the tests call (curl,
# kubectl), and the Python venv of the real peers (the KServe model server, tritonclient, xgboost, lightgbm, onnx with
# its backend node tests, onnxruntime and the converters) under .venv. Safe to run again: it only adds what is absent.
# `--no-peers` skips the venv (the demo does not need it).
set -euo pipefail
cd "$(dirname "$0")/.."
peers=1
[ "${1:-}" = "--no-peers" ] && peers=0

apt_packages=(libcurl4-openssl-dev libyaml-dev libssl-dev openssl pkg-config libopenblas-dev)
missing=()
for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
# Programs the tests run, found on PATH: curl, and kubectl (Debian's kubernetes-client when none is installed).
if [ "$peers" -eq 1 ]; then
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
fi
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then missing+=(python3-venv); fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "setup: the Swift toolchain (6.x) is needed: https://www.swift.org/install/linux/" >&2
    exit 1
fi

[ "$peers" -eq 1 ] || exit 0

# The peers' venv is rebuilt only when requirements change (a stamp holds their hash).
requirements=Tests/IntegrationTests/Peers/requirements.txt
stamp=.venv/.requirements.sha256
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: creating .venv with $(grep -v '^#' "$requirements" | tr '\n' ' ')" >&2
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r "$requirements"
    echo "$want" >"$stamp"
fi
