#!/usr/bin/env bash
# Builds the libFuzzer harnesses under fuzz/harnesses/ and runs each for a while, one after another.
#
#   scripts/fuzz.sh [--seconds N] [--build-only] [HARNESS...]     (default: every harness, 300 s each)
#
# The library modules a harness needs (Core, CurlHTTP, Inference, Trees, Runtime) are compiled straight from Sources/ with
# swiftc -sanitize=fuzzer,address into .build-fuzz/libfuzzer/; the package build and its tests are untouched. Each
# run starts from the committed seeds in fuzz/corpus/NAME plus, for the model harnesses, the model fixtures of
# Tests/TreesTests, keeps what it grows in fuzz/work/NAME, and writes crashes to fuzz/artifacts/NAME/. Reproduce a
# crash with `.build-fuzz/libfuzzer/fuzz-NAME fuzz/artifacts/NAME/crash-...`. Exit status 1 when a harness found a
# crash, a leak or a timeout.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seconds=300
build_only=0
harnesses=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --seconds=*) seconds="${1#*=}"; shift ;;
        --build-only) build_only=1; shift ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
        *) harnesses+=("$1"); shift ;;
    esac
done
all=(v2-json v2-binary v1-json xgboost-model lightgbm-model server-infer)
[ ${#harnesses[@]} -gt 0 ] || harnesses=("${all[@]}")

# Per harness: the modules it links (in dependency order), -max_len, and the dictionary.
modules_of() {
    case "$1" in
        v2-json|v2-binary|v1-json) echo "Core CurlHTTP Inference" ;;
        xgboost-model|lightgbm-model) echo "Core Trees" ;;
        server-infer) echo "Core CurlHTTP Inference Trees Runtime" ;;
        *) echo "fuzz.sh: no harness $1 (have: ${all[*]})" >&2; exit 2 ;;
    esac
}
max_len_of() {
    case "$1" in
        xgboost-model|lightgbm-model) echo 32768 ;;
        *) echo 8192 ;;
    esac
}
dict_of() {
    case "$1" in
        v2-json|v2-binary|server-infer) echo fuzz/dict/v2.dict ;;
        v1-json) echo fuzz/dict/json.dict ;;
        xgboost-model) echo fuzz/dict/xgboost.dict ;;
        lightgbm-model) echo fuzz/dict/lightgbm.dict ;;
    esac
}

build="$root/.build-fuzz/libfuzzer"
mkdir -p "$build"
flags=(
    -O -gline-tables-only -sanitize=fuzzer,address -parse-as-library -swift-version 6 -package-name kserve
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility
    -I "$build" -I Sources/CCurl -I Sources/CYAML -I Sources/COpenSSL
)

# The library modules a module imports (as Package.swift declares them).
imports_of() {
    case "$1" in
        Core) ;;
        CurlHTTP|Trees) echo Core ;;
        Inference) echo "Core CurlHTTP" ;;
        Runtime) echo "Core Inference Trees" ;;
    esac
}

# Compiles one library module into $build/NAME.o and NAME.swiftmodule unless its stamp is newer than its sources,
# this script and the modules it imports.
build_module() {
    local name="$1" object="$build/$1.o" stamp="$build/$1.stamp"
    local sources inputs=("Sources/$1" "$0") imported
    for imported in $(imports_of "$name"); do inputs+=("$build/$imported.stamp"); done
    mapfile -t sources < <(find "Sources/$name" -name '*.swift' | sort)
    if [ -f "$stamp" ] && [ -z "$(find "${inputs[@]}" -newer "$stamp" -print -quit)" ]; then return; fi
    echo "== compiling $name (${#sources[@]} files)" >&2
    swiftc "${flags[@]}" -module-name "$name" -whole-module-optimization -num-threads 0 \
        -emit-module -emit-module-path "$build/$name.swiftmodule" -c "${sources[@]}" -o "$object"
    touch "$stamp"
}

build_harness() {
    local name="$1" binary="$build/fuzz-$1"
    local sources=("fuzz/harnesses/$1.swift") objects=() stamps=() module
    # The model harnesses share their probe prediction; the V2 request harnesses their checks of accepted requests.
    case "$name" in
        *-model) sources+=(fuzz/support/ModelProbe.swift) ;;
        v2-*) sources+=(fuzz/support/RequestProbe.swift) ;;
    esac
    for module in $(modules_of "$name"); do
        build_module "$module"
        objects+=("$build/$module.o")
        stamps+=("$build/$module.stamp")
    done
    if [ -x "$binary" ] && [ -z "$(find "${sources[@]}" "${stamps[@]}" -newer "$binary" -print -quit)" ]; then return; fi
    echo "== linking fuzz-$name" >&2
    swiftc "${flags[@]}" -module-name "Fuzz${name//-/}" "${sources[@]}" "${objects[@]}" -use-ld=lld -lyaml -lm -o "$binary"
    touch "$binary"
}

for name in "${harnesses[@]}"; do build_harness "$name"; done
[ "$build_only" -eq 0 ] || exit 0

# Seeds from the fixtures, added at run time (not copied into fuzz/corpus): the smaller model files only.
fixture_seeds() {
    case "$1" in
        xgboost-model) find Tests/TreesTests/Fixtures/xgboost -name '*.json' ! -name '*.expected.json' -size -32k ;;
        lightgbm-model) find Tests/TreesTests/Fixtures/lightgbm -name '*.txt' -size -32k ;;
        v2-json) ls examples/iris-v2.json examples/diabetes-v2.json ;;
        v1-json) ls examples/iris-v1.json ;;
    esac
}

status=0
summary=()
for name in "${harnesses[@]}"; do
    work="fuzz/work/$name" artifacts="fuzz/artifacts/$name" log="$build/fuzz-$name.log"
    mkdir -p "$work" "$artifacts" "fuzz/corpus/$name"
    fixture_seeds "$name" | while read -r seed; do cp -n "$seed" "$work/seed-$(basename "$seed")"; done
    echo "== fuzzing $name for ${seconds}s (log: $log)" >&2
    set +e
    "$build/fuzz-$name" "$work" "fuzz/corpus/$name" \
        -max_total_time="$seconds" -max_len="$(max_len_of "$name")" -dict="$(dict_of "$name")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" >"$log" 2>&1
    rc=$?
    set -e
    # libFuzzer's last status line: "#N DONE cov: C ft: F corp: K/S ..." or the line before a crash.
    last="$(grep -E '^#[0-9]+' "$log" | tail -1)"
    execs="$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{print $2}')"
    rate="$(grep -E '^stat::average_exec_per_sec:' "$log" | awk '{print $2}')"
    crashes="$(find "$artifacts" -type f | wc -l)"
    if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
        status=1
        grep -E 'ERROR: |Fatal error|SUMMARY' "$log" | head -5 >&2 || true
    fi
    summary+=("$name: rc=$rc execs=${execs:-?} exec/s=${rate:-?} corpus=$(find "$work" -type f | wc -l) artifacts=$crashes :: ${last:-no status line}")
done
echo "== summary (${seconds}s each)"
printf '%s\n' "${summary[@]}"
exit "$status"
