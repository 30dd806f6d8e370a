#!/usr/bin/env bash
# Builds the benchmarks in release mode and runs them.
#
#   tools/bench.sh [streaming|pathological|sse|gateway|all]     (default: all)
#
# Uses the "release" configure preset when the project has one, else a plain Release
# configuration. The build directory is build/release in the repository (override with
# BUILD_DIR=...); JOBS sets the build parallelism (default 2).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$repo/build/release}
jobs=${JOBS:-2}
which=${1:-all}

case "$which" in
    streaming) targets=(bench_streaming) ;;
    pathological) targets=(bench_pathological) ;;
    sse) targets=(bench_sse) ;;
    gateway) targets=(bench_gateway_latency) ;;
    all) targets=(bench_streaming bench_pathological bench_sse bench_gateway_latency) ;;
    *) echo "usage: $0 [streaming|pathological|sse|gateway|all]" >&2; exit 2 ;;
esac

# Benchmarks live under tests/, and timings mean nothing with sanitizers or fuzz
# instrumentation, whatever the preset says.
overrides=(-DBUILD_TESTING=ON -DSTREAMCANVAS_FUZZ=OFF -DSTREAMCANVAS_SANITIZE=)

if [ -f "$repo/CMakePresets.json" ] && (cd "$repo" && cmake --list-presets=configure 2>/dev/null) | grep -q '"release"'; then
    (cd "$repo" && cmake --preset release -B "$build" "${overrides[@]}")
else
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release "${overrides[@]}"
fi

build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
if [ "$build_type" != "Release" ] && [ "$build_type" != "RelWithDebInfo" ]; then
    echo "warning: $build is a '$build_type' build; timings are not representative" >&2
fi

cmake --build "$build" --parallel "$jobs" --target "${targets[@]}"

for target in "${targets[@]}"; do
    binary=$(find "$build" -type f -name "$target" -perm -u+x | head -n 1)
    if [ -z "$binary" ]; then
        echo "error: $target was not built in $build" >&2
        exit 1
    fi
    echo "== $target"
    "$binary"
    echo
done
