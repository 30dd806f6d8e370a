#!/usr/bin/env bash
# A long libFuzzer session (the ctest entries only fuzz briefly).
#
#   tools/fuzz.sh [target] [seconds] [extra libFuzzer flags...]     (default: markdown, 1800 s)
#
# target is the part after "fuzz_" of a target in tests/fuzz: markdown (the Markdown core)
# or sse (the event-stream parser). Builds fuzz_<target> with clang, ASan and UBSan (the
# "fuzz" preset when the project has one) in build/fuzz (override with BUILD_DIR=...), then
# fuzzes a work corpus outside the source tree: $FUZZ_WORK_DIR, default ${XDG_CACHE_HOME:-~/.cache}/streamcanvas/fuzz/<target>.
# The corpus grows from run to run; the seed corpus in tests/fuzz/corpus/<target> is only
# read. Crashing inputs land in $FUZZ_WORK_DIR/artifacts; replay one with
#   <build>/tests/fuzz/fuzz_<target> <file>
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$repo/build/fuzz}
jobs=${JOBS:-2}
target=markdown
case "${1:-}" in
    '' | *[0-9]*) ;;
    *) target=$1; shift ;;
esac
if [ ! -d "$repo/tests/fuzz/corpus/$target" ]; then
    echo "usage: $0 [target] [seconds] [libFuzzer flags...]; targets: $(ls "$repo/tests/fuzz/corpus" | tr '\n' ' ')" >&2
    exit 2
fi
work=${FUZZ_WORK_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/streamcanvas/fuzz/$target}
seconds=${1:-1800}
[ $# -gt 0 ] && shift

case "$seconds" in
    '' | *[!0-9]*) echo "usage: $0 [seconds] [libFuzzer flags...]" >&2; exit 2 ;;
esac

# A fuzz session is about crashes and broken invariants; a new compiler warning is for CI
# to report, not a reason to stop here.
overrides=(-DBUILD_TESTING=ON -DSTREAMCANVAS_FUZZ=ON -DSTREAMCANVAS_GUI=OFF -DCMAKE_COMPILE_WARNING_AS_ERROR=OFF)
if [ -f "$repo/CMakePresets.json" ] && (cd "$repo" && cmake --list-presets=configure 2>/dev/null) | grep -q '"fuzz"'; then
    (cd "$repo" && CC=clang CXX=clang++ cmake --preset fuzz -B "$build" "${overrides[@]}")
else
    CC=clang CXX=clang++ cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DSTREAMCANVAS_SANITIZE=address,undefined "${overrides[@]}"
fi
cmake --build "$build" --parallel "$jobs" --target "fuzz_$target"

fuzzer=$(find "$build" -type f -name "fuzz_$target" -perm -u+x | head -n 1)
if [ -z "$fuzzer" ]; then
    echo "error: fuzz_$target was not built in $build" >&2
    exit 1
fi

dictionary=()
[ -f "$repo/tests/fuzz/$target.dict" ] && dictionary=(-dict="$repo/tests/fuzz/$target.dict")
mkdir -p "$work/corpus" "$work/artifacts"
echo "fuzzing for $seconds s; corpus $work/corpus, findings $work/artifacts"
# New inputs go to the first directory only; the seeds are read, never written.
status=0
(cd "$work" && "$fuzzer" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
    ${dictionary[@]+"${dictionary[@]}"} -artifact_prefix="$work/artifacts/" \
    "$@" "$work/corpus" "$repo/tests/fuzz/corpus/$target") || status=$?
if [ "$status" -ne 0 ]; then
    echo "fuzz_$target failed (exit $status); inputs kept in $work/artifacts:" >&2
    ls -l "$work/artifacts" >&2
fi
exit "$status"
