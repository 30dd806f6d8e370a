#!/usr/bin/env bash
# Reads the configuration profile with plistutil (libplist, as Apple's tools read plists):
# converted to a binary plist and back, it must say exactly what the file says, so a value
# plistutil misreads or drops fails too. plistutil 2.2 exits 0 even when it cannot convert,
# so its output is checked rather than its exit status.
#
#   check-mobileconfig.sh PROFILE WORK_DIR
set -euo pipefail

profile=$1
work=$2
rm -rf "$work"
mkdir -p "$work"

plistutil -i "$profile" -o "$work/profile.bplist" -f bin >"$work/to-binary.log" 2>&1
if [ ! -s "$work/profile.bplist" ] || [ "$(head -c 8 "$work/profile.bplist")" != bplist00 ]; then
    echo "plistutil could not read $profile:" >&2
    cat "$work/to-binary.log" >&2
    exit 1
fi
plistutil -i "$work/profile.bplist" -o "$work/profile.xml" -f xml >"$work/to-xml.log" 2>&1

# Layout aside (tabs and line breaks), the round trip gives the same document.
tr -d '\t\n' <"$profile" >"$work/original.flat"
tr -d '\t\n' <"$work/profile.xml" >"$work/roundtrip.flat"
if ! cmp -s "$work/original.flat" "$work/roundtrip.flat"; then
    echo "plistutil reads $profile differently from what it says:" >&2
    diff <(sed 's/></>\n</g' "$work/original.flat") <(sed 's/></>\n</g' "$work/roundtrip.flat") >&2 || true
    exit 1
fi
echo "plistutil reads $profile as written"
