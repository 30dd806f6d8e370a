#!/usr/bin/env bash
# Builds the app (the "dev" preset) and opens it on the bundled sample answer.
#
#   tools/demo.sh [--stream] [other app options]
#
# --stream feeds the answer in small chunks, the way a streamed answer arrives.
# JOBS sets the build parallelism (default: the number of CPUs).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
jobs=${JOBS:-$(nproc)}

bash tools/setup.sh
cmake --preset dev
cmake --build --preset dev --parallel "$jobs" --target streamcanvas streamcanvas-cli

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "demo: no display found (DISPLAY/WAYLAND_DISPLAY are not set); run this on a desktop session." >&2
    echo "demo: the same answer as text: build/dev/app/cli/streamcanvas-cli render resources/samples/sample-answer.md" >&2
    exit 1
fi
exec build/dev/app/gui/streamcanvas --open resources/samples/sample-answer.md "$@"
