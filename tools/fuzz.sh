#!/usr/bin/env bash
# A long libFuzzer session for the Markdown parser (the ctest entry only fuzzes briefly).
#
#   tools/fuzz.sh [seconds] [extra libFuzzer flags...]     (default: 1800 s)
#
# Builds fuzz_markdown with clang, ASan and UBSan (the "fuzz" preset when the project has
# one) in build/fuzz (override with BUILD_DIR=...), then fuzzes a work corpus outside the
# source tree: $FUZZ_WORK_DIR, default ${XDG_CACHE_HOME:-~/.cache}/streamcanvas/fuzz/markdown.
# The corpus grows from run to run; the seed corpus in tests/fuzz/corpus/markdown is only
# read. Crashing inputs land in $FUZZ_WORK_DIR/artifacts; replay one with
#   <build>/tests/fuzz/fuzz_markdown <file>
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$repo/build/fuzz}
work=${FUZZ_WORK_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/streamcanvas/fuzz/markdown}
jobs=${JOBS:-2}
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
cmake --build "$build" --parallel "$jobs" --target fuzz_markdown

fuzzer=$(find "$build" -type f -name fuzz_markdown -perm -u+x | head -n 1)
if [ -z "$fuzzer" ]; then
    echo "error: fuzz_markdown was not built in $build" >&2
    exit 1
fi

mkdir -p "$work/corpus" "$work/artifacts"
echo "fuzzing for $seconds s; corpus $work/corpus, findings $work/artifacts"
# New inputs go to the first directory only; the seeds are read, never written.
status=0
(cd "$work" && "$fuzzer" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
    -dict="$repo/tests/fuzz/markdown.dict" -artifact_prefix="$work/artifacts/" \
    "$@" "$work/corpus" "$repo/tests/fuzz/corpus/markdown") || status=$?
if [ "$status" -ne 0 ]; then
    echo "fuzz_markdown failed (exit $status); inputs kept in $work/artifacts:" >&2
    ls -l "$work/artifacts" >&2
fi
exit "$status"
