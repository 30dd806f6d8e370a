#!/usr/bin/env bash
# Installs what building and testing StreamCanvas needs on Debian 12 (bookworm), and does
# nothing when it is all there already, so it is safe to run before every build.
#
#   tools/setup.sh
#
# Debian packages come from apt (as root, or through sudo); `apt-get update` runs only when
# something is missing; Node comes from apt only when there is no `node` command. npm packages
# of the local test stack are installed with `npm ci` into each listed folder.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

apt_packages=(
    # Build
    cmake ninja-build g++ ccache
    # Qt 6 (Widgets, Test, Linguist); find_package(Qt6 Gui) needs the OpenGL headers
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
    # The X11 platform plugin, for the app under Xvfb or on a desktop
    qt6-qpa-plugins
    # Markdown parser
    libmd4c-dev libmd4c-html0-dev
    # Keychain and OpenSSL (secrets, sign-in); QtKeychain loads libsecret at run time
    qtkeychain-qt6-dev libsecret-1-0 libssl-dev
    # The openssl command-line tool: an independent signer for the ID-token tests
    openssl
    # A private, headless Secret Service for the keychain tests (dbus-run-session,
    # gnome-keyring-daemon) and secret-tool to look at what was stored
    dbus gnome-keyring libsecret-tools
    # The sanitizer and libFuzzer build (clang runtimes), and the format check
    clang libclang-rt-14-dev clang-format-14
    # GUI tests under a virtual X server
    xvfb xauth
    # The local gateway stack of the integration tests (tests/support/stack): nginx in front
    # of a scripted model server, certificates made with the openssl command
    nginx openssl
    # Its --idp mode: njs for the gateway's JWT check, and the browser that signs in at the
    # OpenID Provider (tests/support/browser, driven by playwright-core)
    libnginx-mod-http-js chromium
    # The policy template checks: xmllint for the ADMX/ADML files, plistutil for the macOS profile
    libxml2-utils libplist-utils
)

# Folders with a package.json and package-lock.json whose packages the tests need.
npm_folders=(
    # The OpenID Provider (oidc-provider) and playwright-core
    tests/support/idp
    # Ajv, which checks the Linux policy JSON Schema and the Jamf manifest
    tests/support/policy-check
)

# The stack's servers are plain Node (built-in modules only); any node on PATH will do for them.
# tests/support/idp needs Node 20.18 or later (see the check below); Debian 12's own nodejs is 18.
if ! command -v node >/dev/null; then
    apt_packages+=(nodejs)
fi
if [ ${#npm_folders[@]} -gt 0 ] && ! command -v npm >/dev/null; then
    apt_packages+=(npm)
fi

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        echo "setup: these packages are missing and I am neither root nor able to sudo: ${missing[*]}" >&2
        exit 1
    fi
}

installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${apt_packages[@]}" 2>/dev/null \
    | awk '$2 == "installed" { print $1 }' || true)
missing=()
for package in "${apt_packages[@]}"; do
    if ! grep -qxF "$package" <<<"$installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# oidc-provider 9 calls crypto.hash() (Node 20.12) and URL.parse() (Node 20.18), and
# playwright-core 1.62 and later refuse Node 18. Debian 12 has no newer nodejs (not in
# bookworm-backports either), so a machine with Debian's Node 18 needs Node 20.18+ from elsewhere.
node_version=$(node -p 'process.versions.node')
IFS=. read -r node_major node_minor _ <<<"$node_version"
if [ "$node_major" -lt 20 ] || { [ "$node_major" -eq 20 ] && [ "$node_minor" -lt 18 ]; }; then
    echo "setup: node $node_version is too old for tests/support/idp (the OpenID Provider and the browser" \
        "of the integration tests need Node.js 20.18 or later; Debian 12 only packages 18)." \
        "Install Node.js 20.18+ or 22 LTS as 'node' on PATH and run tools/setup.sh again." >&2
    exit 1
fi

# `npm ci` only when node_modules is missing or older than the lock file.
for folder in "${npm_folders[@]}"; do
    dir="$repo/$folder"
    if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        echo "setup: npm ci in $folder"
        (cd "$dir" && npm ci --no-audit --no-fund)
    fi
done
