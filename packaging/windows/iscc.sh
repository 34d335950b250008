#!/usr/bin/env bash
# Compile an Inno Setup script on Linux: Inno Setup's ISCC from the npm package `innosetup`
# (pinned below), run by Debian's wine (32-bit: wine32:i386). Both are cached in
# POLICY_LIBRARY_CACHE (default /var/cache/policy-library-ci); the first run takes a minute.
#
# Usage: bash packaging/windows/iscc.sh SCRIPT.iss [/DName=Value ...] [/O<output dir>]
#        Paths in /D and /O options may be Linux paths: they are handed to wine as Z:\...
# Env:   WINEPREFIX (default: a prefix in the cache, made on first use)
set -euo pipefail

INNOSETUP_VERSION=6.4.1
CACHE=${POLICY_LIBRARY_CACHE:-/var/cache/policy-library-ci}
ISCC_DIR=$CACHE/innosetup-$INNOSETUP_VERSION/node_modules/innosetup/bin
export WINEPREFIX=${WINEPREFIX:-$CACHE/wine-iscc}
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64

for tool in wine npm xvfb-run; do
    command -v "$tool" >/dev/null || { echo "iscc.sh: $tool is missing (bash .ci/setup installs it)" >&2; exit 1; }
done
if [ ! -f "$ISCC_DIR/ISCC.exe" ]; then
    echo "[iscc] npm install innosetup@$INNOSETUP_VERSION" >&2
    mkdir -p "$CACHE/innosetup-$INNOSETUP_VERSION"
    npm install --prefix "$CACHE/innosetup-$INNOSETUP_VERSION" --no-save --no-audit --no-fund \
        "innosetup@$INNOSETUP_VERSION" >&2
fi
if [ ! -f "$WINEPREFIX/.policy-library-win10" ]; then
    echo "[iscc] wineboot $WINEPREFIX" >&2
    # Windows 10: what the program (Qt 6) and the installer's MinVersion ask for
    xvfb-run -a sh -c 'wineboot --init && winecfg -v win10 && wineserver -w' >/dev/null 2>&1
    touch "$WINEPREFIX/.policy-library-win10"
fi
script=$1; shift
args=()
for arg in "$@"; do
    case "$arg" in
        /D*=/*) args+=("${arg%%=*}=$(winepath -w "${arg#*=}")") ;;
        /O/*) args+=("/O$(winepath -w "${arg#/O}")") ;;
        *) args+=("$arg") ;;
    esac
done
# ISCC prints its own errors; its exit code is wine's exit code.
exec wine "$ISCC_DIR/ISCC.exe" /Q "${args[@]}" "$(winepath -w "$script")"
