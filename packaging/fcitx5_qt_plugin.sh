#!/usr/bin/env bash
# fcitx5-qt's Qt 6 input-context plugin (libfcitx5platforminputcontextplugin.so, keys "fcitx"
# and "fcitx5") built for the Qt libraries of a PySide6 installation, so the bundled Qt talks
# to fcitx 4 (its org.fcitx.Fcitx-N protocol) and to fcitx5 without its ibus front-end.
#
#   source   fcitx5-qt 5.1.9's plugin and D-Bus files, kept in packaging/fcitx5-qt/ (see its
#            README: Debian's archive lists the source package but does not serve its files).
#   headers  The plugin uses Qt's private API (qpa/…, symbol version Qt_6_PRIVATE_API), so it
#            is compiled against the headers of exactly the Qt version it is loaded into:
#            Debian's qt6-base-dev / qt6-base-private-dev of that version, fetched with
#            apt-get download from a Debian suite that has it (trixie: 6.8.2) through an apt
#            configuration of its own (nothing is installed; the host's apt is not touched).
#   moc      That suite's moc, run with that suite's own loader and libraries (unpacked).
#   compiler The host's g++; linked against the PySide6 wheel's Qt libraries, libxkbcommon and
#            libxcb. The result must need at most GLIBC_2.28 and no newer GLIBCXX/CXXABI than
#            the wheel's own Qt libraries do (checked here; the build fails otherwise).
#
# Cached: a second run with the same inputs prints the plugin's path and does nothing.
#
# Usage: bash packaging/fcitx5_qt_plugin.sh QT_DIR      (QT_DIR: …/site-packages/PySide6/Qt)
#        -> the last line printed is the path of the built plugin
# Env:   POLICY_LIBRARY_CACHE (default /var/cache/policy-library-ci), FCITX5_QT_SUITE (trixie),
#        JOBS (default 2)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$HERE/fcitx5-qt
QT_DIR=$(cd "${1:?usage: fcitx5_qt_plugin.sh PYSIDE6_QT_DIR}" && pwd)
CACHE=${POLICY_LIBRARY_CACHE:-/var/cache/policy-library-ci}
SUITE=${FCITX5_QT_SUITE:-trixie}
JOBS=${JOBS:-2}
GLIBC_MAX=2.28
log() { printf '[fcitx5-qt %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { echo "fcitx5_qt_plugin.sh: $*" >&2; exit 1; }

for tool in g++ apt-get dpkg-deb objdump readelf; do
    command -v "$tool" >/dev/null || die "$tool is missing (bash .ci/setup installs it)"
done
core=$QT_DIR/lib/libQt6Core.so.6
[ -f "$core" ] || die "$core not found: give the Qt folder of a PySide6 installation"
QT_VERSION=$(grep -aoE 'Qt 6\.[0-9]+\.[0-9]+ \(x86_64' "$core" | head -1 | cut -d' ' -f2)
[ -n "$QT_VERSION" ] || die "cannot read the Qt version of $core"

KEY=$( (cat "$0"; find "$SRC" -type f | LC_ALL=C sort | xargs cat; echo "$QT_VERSION $SUITE";
        sha256sum "$QT_DIR"/lib/libQt6{Core,Gui,DBus,Widgets}.so.6 | cut -d' ' -f1) |
      sha256sum | cut -c1-12)
OUT=$CACHE/fcitx5-qt-plugin-$KEY
PLUGIN=$OUT/libfcitx5platforminputcontextplugin.so
if [ -f "$OUT/.ready" ] && [ -f "$PLUGIN" ]; then
    log "cached: $PLUGIN"
    echo "$PLUGIN"
    exit 0
fi

# ------------------------------------------------------------------ Qt's headers and moc
APT=$CACHE/apt-$SUITE
ROOT=$CACHE/qt6-headers-$QT_VERSION
if [ ! -f "$ROOT/.ready" ]; then
    log "Debian $SUITE: qt6-base-dev $QT_VERSION (headers, moc)"
    mkdir -p "$APT"/etc/apt.conf.d "$APT"/etc/preferences.d "$APT"/etc/sources.list.d \
             "$APT"/state/lists/partial "$APT"/cache/archives/partial "$APT"/debs
    touch "$APT/state/status"
    # the Debian mirror the host's apt already uses
    uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$uri" ] || uri=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
    [ -n "$uri" ] || die "no Debian mirror found in the host's apt sources"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $SUITE main" \
        > "$APT/etc/sources.list"
    cat > "$APT/apt.conf" <<EOF
Dir::Etc "$APT/etc";
Dir::Etc::SourceList "$APT/etc/sources.list";
Dir::Etc::SourceParts "$APT/etc/sources.list.d";
Dir::Etc::Parts "$APT/etc/apt.conf.d";
Dir::Etc::PreferencesParts "$APT/etc/preferences.d";
Dir::State "$APT/state";
Dir::State::status "$APT/state/status";
Dir::Cache "$APT/cache";
APT::Architecture "amd64";
Acquire::Languages "none";
APT::Sandbox::User "root";
// a mirror's Release files may be past their Valid-Until; their signatures are still checked
Acquire::Check-Valid-Until "false";
EOF
    export APT_CONFIG=$APT/apt.conf
    apt-get update -qq >&2 || die "apt-get update for Debian $SUITE failed"
    have=$(apt-cache policy qt6-base-private-dev | awk '/Candidate:/{print $2}')
    case "$have" in
        "$QT_VERSION"+*) ;;
        *) die "Debian $SUITE has qt6-base-private-dev ${have:-none}, not Qt $QT_VERSION (the bundled Qt): the plugin must be built against the headers of exactly that version" ;;
    esac
    rm -f "$APT"/debs/*.deb
    # headers; moc and what it needs to run (that suite's loader and C/C++ runtime)
    (cd "$APT/debs" && apt-get download -qq "qt6-base-dev=$have" "qt6-base-private-dev=$have" \
        "qt6-base-dev-tools=$have" libxkbcommon-dev libxcb1-dev libc6 libstdc++6 libgcc-s1 \
        libpcre2-16-0 >&2) || die "apt-get download from Debian $SUITE failed"
    rm -rf "$ROOT" && mkdir -p "$ROOT"
    for deb in "$APT"/debs/*.deb; do dpkg-deb -x "$deb" "$ROOT"; done
    echo "$have" > "$ROOT/debian-version"
    touch "$ROOT/.ready"
fi
MULTI=$ROOT/usr/lib/x86_64-linux-gnu
MOC=("$MULTI/ld-linux-x86-64.so.2" --library-path "$MULTI" "$ROOT/usr/lib/qt6/libexec/moc")
moc_version=$("${MOC[@]}" --version | awk '{print $2}')
[ "$moc_version" = "$QT_VERSION" ] || die "moc $moc_version is not Qt $QT_VERSION"

# ------------------------------------------------------------------ compile and link
log "building against Qt $QT_VERSION ($(cat "$ROOT/debian-version")) for $QT_DIR"
rm -rf "$OUT" && mkdir -p "$OUT/gen" "$OUT/obj"
sed 's/@FCITX5_QT_EXTRA_PLUGIN_NAME@/"fcitx",/' "$SRC/platforminputcontext/fcitx5.json.in" \
    > "$OUT/gen/fcitx5.json"
cat > "$OUT/gen/fcitx5qt6dbusaddons_export.h" <<'EOF'
#pragma once
#define FCITX5QT6DBUSADDONS_EXPORT
#define FCITX5QT6DBUSADDONS_NO_EXPORT
#define FCITX5QT6DBUSADDONS_DEPRECATED __attribute__((__deprecated__))
EOF
QTINC=$ROOT/usr/include/x86_64-linux-gnu/qt6
V=$QT_VERSION
DEFS=(-DQT_NO_DEBUG -DQT_PLUGIN -DQT_CORE_LIB -DQT_GUI_LIB -DQT_DBUS_LIB -DQT_WIDGETS_LIB
      -DENABLE_X11 -DFCITX5_QT_WITH_FCITX_NAME -DFCITX5QT6DBUSADDONS_STATIC_DEFINE
      '-DFCITX5_QT_VERSION="5.1.9"' "-DFCITX_PLUGIN_DATA_FILE_PATH=\"$OUT/gen/fcitx5.json\"")
INCS=(-I"$OUT/gen" -I"$SRC/common" -I"$SRC/dbusaddons" -I"$SRC/platforminputcontext"
      -I"$QTINC" -I"$QTINC/QtCore" -I"$QTINC/QtGui" -I"$QTINC/QtDBus" -I"$QTINC/QtWidgets"
      -I"$QTINC/QtCore/$V" -I"$QTINC/QtCore/$V/QtCore" -I"$QTINC/QtGui/$V" -I"$QTINC/QtGui/$V/QtGui"
      -I"$MULTI/qt6/mkspecs/linux-g++" -I"$ROOT/usr/include")
sources=("$SRC"/platforminputcontext/*.cpp "$SRC"/dbusaddons/*.cpp "$SRC"/compat/*.cpp)
for header in $(grep -l 'Q_OBJECT' "$SRC"/platforminputcontext/*.h "$SRC"/dbusaddons/*.h); do
    generated=$OUT/gen/moc_$(basename "$header" .h).cpp
    "${MOC[@]}" "${DEFS[@]}" "${INCS[@]}" -o "$generated" "$header"
    sources+=("$generated")
done
objects=()
for source in "${sources[@]}"; do
    object=$OUT/obj/$(basename "$source" .cpp).o
    nice -n 5 g++ -std=c++17 -O2 -fPIC -fvisibility=hidden -fvisibility-inlines-hidden \
        -fno-plt -w "${DEFS[@]}" "${INCS[@]}" -c "$source" -o "$object" 2>"$object.log" &
    objects+=("$object")
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || die "compile failed: see $OUT/obj/*.log"; done
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || die "compile failed: see $OUT/obj/*.log"; done
# RUNPATH as the wheel's own plugins have it: plugins/platforminputcontexts -> Qt/lib
nice -n 5 g++ -shared -o "$PLUGIN" "${objects[@]}" -Wl,--no-undefined -Wl,--as-needed \
    -Wl,-z,relro -Wl,-z,now -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/../../lib' \
    "$QT_DIR"/lib/libQt6Widgets.so.6 "$QT_DIR"/lib/libQt6Gui.so.6 \
    "$QT_DIR"/lib/libQt6DBus.so.6 "$QT_DIR"/lib/libQt6Core.so.6 \
    -l:libxkbcommon.so.0 -l:libxcb.so.1 -s

# ------------------------------------------------------------------ the floor
newest() { objdump -T "$1" | grep -oE "\\($2_[0-9.]+\\)" | tr -d '()' | sort -V | tail -1; }
check() {  # check PREFIX LIMIT
    local got; got=$(newest "$PLUGIN" "$1")
    [ -z "$got" ] || [ "$(printf '%s\n%s\n' "$got" "$1_$2" | sort -V | tail -1)" = "$1_$2" ] ||
        die "the plugin needs $got, more than $1_$2"
}
qt_newest() {  # the newest version of PREFIX the wheel's Qt libraries themselves need
    for lib in "$QT_DIR"/lib/libQt6{Core,Gui,DBus,Widgets}.so.6; do newest "$lib" "$1"; done |
        sort -V | tail -1 | sed "s/^$1_//"
}
check GLIBC "$GLIBC_MAX"
check GLIBCXX "$(qt_newest GLIBCXX)"
check CXXABI "$(qt_newest CXXABI)"
objdump -T "$PLUGIN" | grep -c 'Qt_6_PRIVATE_API' >/dev/null ||
    die "the plugin uses no private Qt symbol: not the plugin expected"
rm -rf "$OUT/obj"
touch "$OUT/.ready"
log "built: $PLUGIN ($(stat -c %s "$PLUGIN") bytes)"
echo "$PLUGIN"
