#!/usr/bin/env bash
# Formats the C++ sources in app/, core/, tests/ and tools/ with the repository's .clang-format.
#
#   tools/format.sh            format the files in place
#   tools/format.sh --check    list the files that are not formatted; exit 1 if there are any
#
# Uses clang-format 14 (the version CI has); set CLANG_FORMAT to use another binary.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

check=false
case "${1:-}" in
    '') ;;
    --check) check=true ;;
    -h | --help)
        sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
        exit 0
        ;;
    *)
        echo "usage: $0 [--check]" >&2
        exit 2
        ;;
esac

formatter=${CLANG_FORMAT:-}
if [ -z "$formatter" ]; then
    for candidate in clang-format-14 clang-format; do
        if command -v "$candidate" >/dev/null; then
            formatter=$candidate
            break
        fi
    done
fi
if [ -z "$formatter" ]; then
    echo "format: clang-format-14 not found (tools/setup.sh installs it)" >&2
    exit 2
fi
if ! "$formatter" --version | grep -q 'version 14\.'; then
    echo "format: warning: $("$formatter" --version) is not clang-format 14; results may differ from CI" >&2
fi

cd "$repo"
mapfile -d '' files < <(find app core tests tools -type f \( -name '*.cpp' -o -name '*.h' \) -print0 | sort -z)

if ! $check; then
    "$formatter" -i --style=file "${files[@]}"
    exit 0
fi

unformatted=()
for file in "${files[@]}"; do
    if ! "$formatter" --style=file --dry-run --Werror "$file" >/dev/null 2>&1; then
        unformatted+=("$file")
    fi
done
if [ ${#unformatted[@]} -gt 0 ]; then
    echo "format: ${#unformatted[@]} of ${#files[@]} files are not formatted (run tools/format.sh):" >&2
    printf '  %s\n' "${unformatted[@]}" >&2
    exit 1
fi
echo "format: ${#files[@]} files are formatted"
