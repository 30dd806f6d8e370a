#!/usr/bin/env bash
# The test command (CI runs exactly this through .ci/run): installs what is missing, checks
# the formatting, then builds and runs every test with ctest, twice:
#   ci    GCC, Debug, warnings are errors: the whole product and all its tests (under Xvfb)
#   fuzz  clang, ASan+UBSan, libFuzzer: core and the CLI, their tests and a bounded fuzz run
# It stops at the first failure with a non-zero exit status.
#
#   tools/test.sh
#
# JOBS sets the build and test parallelism (default: the number of CPUs). SKIP_FUZZ=1 skips
# the fuzz stage on a developer machine; it is ignored when CI is set.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
jobs=${JOBS:-$(nproc)}

timings=()
current=
started=$SECONDS

finish() {
    local status=$?
    echo
    if [ ${#timings[@]} -gt 0 ]; then
        printf '  %s\n' "${timings[@]}"
    fi
    if [ "$status" -ne 0 ]; then
        echo "test: FAILED in stage '${current:-?}' (exit $status) after $((SECONDS - started)) s" >&2
    else
        echo "test: all stages passed in $((SECONDS - started)) s"
    fi
}
trap finish EXIT

stage() {
    current=$1
    shift
    local begin=$SECONDS
    echo
    echo "==> $current"
    "$@"
    timings+=("$(printf '%-14s %5d s' "$current" $((SECONDS - begin)))")
    echo "<== $current: $((SECONDS - begin)) s"
}

stage setup bash tools/setup.sh
stage format bash tools/format.sh --check

stage "ci configure" cmake --preset ci
stage "ci build" cmake --build --preset ci --parallel "$jobs"
# GUI tests use the offscreen platform; Xvfb is there for those that need a real X server.
stage "ci test" xvfb-run -a -s "-screen 0 1280x1024x24" ctest --preset ci --parallel "$jobs"

if [ "${SKIP_FUZZ:-0}" = 1 ] && [ -z "${CI:-}" ]; then
    echo "test: SKIP_FUZZ=1: the sanitizer and fuzz stage was skipped (CI always runs it)"
    current=
    exit 0
fi
stage "fuzz configure" cmake --preset fuzz
stage "fuzz build" cmake --build --preset fuzz --parallel "$jobs"
stage "fuzz test" ctest --preset fuzz --parallel "$jobs"
current=
