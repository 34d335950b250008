#!/usr/bin/env bash
# fcitx 4.2.9.9 (Debian 12's packages) unpacked into a folder of its own, for the test that
# starts the program while fcitx 4 runs. Debian's fcitx 4 packages conflict with fcitx5's
# (fcitx-data against fcitx5-chinese-addons-data, fcitx5-pinyin, …), so they are not
# installed: apt-get download + dpkg-deb -x, and fcitx runs from there (FCITXDIR,
# LD_LIBRARY_PATH). Needs the machine's apt sources (Debian 12), not root.
# Cached: a second run prints the folder and does nothing.
#
# Usage: bash tests/packaging/fcitx4_root.sh      -> prints the root folder
# Env:   POLICY_LIBRARY_CACHE (default /var/cache/policy-library-ci)
set -euo pipefail

CACHE=${POLICY_LIBRARY_CACHE:-/var/cache/policy-library-ci}
# fcitx 4 with its pinyin engine, D-Bus module and X11 front-ends, and the libraries of
# those that Debian 12's desktop set does not have already.
packages=(fcitx-bin fcitx-data fcitx-modules fcitx-module-dbus fcitx-module-x11 fcitx-pinyin
          fcitx-ui-classic libfcitx-core0 libfcitx-config4 libfcitx-utils0
          libgettextpo0 libpresage1v5 libpresage-data libtinyxml2.6.2v5)
KEY=$( (cat "$0"; printf '%s\n' "${packages[@]}") | sha256sum | cut -c1-12)
TARGET=$CACHE/fcitx4-root

if [ -f "$TARGET/.ready-$KEY" ]; then
    echo "$TARGET"
    exit 0
fi
mkdir -p "$CACHE"
rm -rf "$TARGET"
mkdir -p "$TARGET/debs"
( cd "$TARGET/debs" && apt-get download "${packages[@]}" >/dev/null 2>"$TARGET/download.log" ) \
    || { tail -5 "$TARGET/download.log" >&2; exit 1; }
for deb in "$TARGET"/debs/*.deb; do
    dpkg-deb -x "$deb" "$TARGET"
done
rm -rf "$TARGET/debs"
# FCITXDIR/lib/fcitx is where fcitx looks for its addons when FCITXDIR is set.
ln -sfn x86_64-linux-gnu/fcitx "$TARGET/usr/lib/fcitx"
touch "$TARGET/.ready-$KEY"
echo "$TARGET"
