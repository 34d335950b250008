#!/usr/bin/env bash
# A Debian root of the oldest release the package archive still serves (bullseye, glibc 2.31),
# with the system libraries the program loads (debian-runtime-libs.txt) and strace, for
# running the frozen program the way an old target machine would. Needs root (debootstrap).
# Cached: a second run with the same package list prints the root's path and does nothing.
#
# Usage: bash packaging/debian_root.sh [SUITE]      -> prints the root folder
# Env:   POLICY_LIBRARY_CACHE (default /var/cache/policy-library-ci), DEBIAN_MIRROR
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${POLICY_LIBRARY_CACHE:-/var/cache/policy-library-ci}
SUITE=${1:-bullseye}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
TARGET=$CACHE/debian-$SUITE-root
packages=$(grep -v '^#' "$HERE/debian-runtime-libs.txt" | grep -v '^$' | tr '\n' ',')
packages="${packages}strace,fontconfig"
KEY=$( (cat "$0"; echo "$packages") | sha256sum | cut -c1-12)

if [ -f "$TARGET/.ready-$KEY" ]; then
    echo "$TARGET"
    exit 0
fi
command -v debootstrap >/dev/null || { echo "debian_root.sh: debootstrap is missing (bash .ci/setup installs it)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "debian_root.sh: needs root" >&2; exit 1; }
mkdir -p "$CACHE"
rm -rf "$TARGET"
echo "[debian-root] debootstrap $SUITE into $TARGET (a few minutes the first time)" >&2
debootstrap --variant=minbase --include="$packages" "$SUITE" "$TARGET" "$MIRROR" > "$CACHE/debootstrap-$SUITE.log" 2>&1 \
    || { tail -30 "$CACHE/debootstrap-$SUITE.log" >&2; exit 1; }
rm -rf "$TARGET"/var/cache/apt/archives/*.deb
touch "$TARGET/.ready-$KEY"
echo "$TARGET"
