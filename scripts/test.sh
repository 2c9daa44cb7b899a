#!/usr/bin/env bash
# The test command: set up what is missing, check formatting, build with warnings as errors, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo "== swift format lint" >&2
swift format lint --strict --recursive --configuration .swift-format Package.swift Plugins Sources Tests bench

echo "== swift build (warnings as errors)" >&2
swift build --build-tests -Xswiftc -warnings-as-errors

echo "== swift test" >&2
# One test at a time: the integration tests start servers, load generators and peers whose schedules and deadlines a
# 2-core machine cannot honour when every suite runs at once (the whole suite takes about a minute and a half).
KSERVE_TEST_PYTHON="$PWD/.venv/bin/python" swift test --skip-build --no-parallel "$@"
