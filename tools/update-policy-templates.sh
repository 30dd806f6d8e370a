#!/usr/bin/env bash
# Regenerates what is made from core/policy/policies.json and checked in: the admin templates
# in packaging/policy and the administrators' reference docs/policies.md. Run it after
# changing the schema and commit the result (the test policy_templates_fresh fails until then).
#
#   tools/update-policy-templates.sh
#
# Builds streamcanvas-policygen in BUILD_DIR (default: build/dev, configured with the dev
# preset when it is not there yet).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
build=${BUILD_DIR:-$repo/build/dev}

if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake --preset dev -B "$build"
fi
cmake --build "$build" --target streamcanvas-policygen
generator="$build/tools/policygen/streamcanvas-policygen"
schema=core/policy/policies.json

# Everything in packaging/policy but its README is generated: start afresh, so that a file
# the schema no longer makes does not linger.
mkdir -p packaging/policy
find packaging/policy -mindepth 1 -not -name README.md -type f -delete
find packaging/policy -mindepth 1 -type d -empty -delete
"$generator" --schema "$schema" --templates packaging/policy
"$generator" --schema "$schema" --docs docs/policies.md
echo "update-policy-templates: wrote packaging/policy and docs/policies.md from $schema"
