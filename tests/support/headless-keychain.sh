#!/usr/bin/env bash
# Runs a command against a private, headless keychain: its own D-Bus session bus, a fresh
# HOME and XDG_RUNTIME_DIR, and (unless --no-secret-service) its own gnome-keyring whose
# login keyring exists and is unlocked (password "pw").
#
#   headless-keychain.sh [--no-secret-service] -- command [args...]
#
# Nothing on that bus is started on demand: not gcr-prompter, which would wait forever for
# a display to ask for a password on, and not a Secret Service when there must be none
# (Debian's gnome-keyring installs a D-Bus activation file for org.freedesktop.secrets).
# The command sees STREAMCANVAS_TEST_KEYCHAIN=unlocked or none. Afterwards the daemon is
# stopped and the directories are removed; the command's exit status is returned.
set -euo pipefail

if [ -z "${STREAMCANVAS_HEADLESS_KEYCHAIN_ROOT:-}" ]; then
    mode=unlocked
    while [ $# -gt 0 ]; do
        case "$1" in
            --no-secret-service) mode=none; shift ;;
            --) shift; break ;;
            *) break ;;
        esac
    done
    if [ $# -eq 0 ]; then
        echo "usage: $0 [--no-secret-service] -- command [args...]" >&2
        exit 2
    fi
    needed=(dbus-run-session dbus-send)
    [ "$mode" = unlocked ] && needed+=(gnome-keyring-daemon)
    for tool in "${needed[@]}"; do
        if ! command -v "$tool" >/dev/null; then
            echo "headless-keychain: $tool is missing (tools/setup.sh installs it)" >&2
            exit 2
        fi
    done

    root=$(mktemp -d "${TMPDIR:-/tmp}/streamcanvas-keychain.XXXXXX")
    trap 'rm -rf "$root"' EXIT
    mkdir -m 700 "$root/home" "$root/runtime" "$root/services"
    cat >"$root/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$root/runtime</listen>
  <auth>EXTERNAL</auth>
  <!-- The only place activatable services are looked for, and it stays empty. -->
  <servicedir>$root/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF

    status=0
    env -u DISPLAY -u WAYLAND_DISPLAY -u XDG_CURRENT_DESKTOP -u DESKTOP_SESSION -u KDE_FULL_SESSION \
        -u KDE_SESSION_VERSION -u GNOME_DESKTOP_SESSION_ID -u GNOME_KEYRING_CONTROL -u SSH_AUTH_SOCK \
        HOME="$root/home" XDG_RUNTIME_DIR="$root/runtime" XDG_CONFIG_HOME="$root/home/.config" \
        XDG_DATA_HOME="$root/home/.local/share" XDG_CACHE_HOME="$root/home/.cache" \
        STREAMCANVAS_HEADLESS_KEYCHAIN_ROOT="$root" STREAMCANVAS_TEST_KEYCHAIN="$mode" \
        dbus-run-session --config-file="$root/session.conf" -- bash "$0" -- "$@" || status=$?
    exit "$status"
fi

# On the private bus.
[ "${1:-}" = -- ] && shift
root=$STREAMCANVAS_HEADLESS_KEYCHAIN_ROOT

if [ "$STREAMCANVAS_TEST_KEYCHAIN" = unlocked ]; then
    # --unlock creates the login keyring with the password from stdin, or unlocks it.
    printf pw | gnome-keyring-daemon --foreground --unlock --components=secrets >"$root/keyring.log" 2>&1 &
    keyring=$!
    trap 'kill "$keyring" 2>/dev/null || true; wait "$keyring" 2>/dev/null || true' EXIT
    ready=false
    for _ in $(seq 100); do
        if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
            ready=true
            break
        fi
        kill -0 "$keyring" 2>/dev/null || break
        sleep 0.1
    done
    if ! $ready; then
        echo "headless-keychain: gnome-keyring-daemon did not take org.freedesktop.secrets:" >&2
        cat "$root/keyring.log" >&2
        exit 1
    fi
fi

status=0
"$@" || status=$?
exit "$status"
