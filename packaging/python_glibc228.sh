#!/usr/bin/env bash
# A CPython 3.11 (shared libpython) whose every ELF file needs at most GLIBC_2.28, built on a
# newer Debian host with zig's clang (PyPI `ziglang`, pinned in pyproject.toml's `release` extra).
#
#   sources  Debian's source packages (`apt-get source --download-only`): the upstream tarballs,
#            and for python3.11 Debian's security patches (the CVE-*/gh-* tail of
#            debian/patches/series; not Debian's layout patches).
#   compiler zig cc -target x86_64-linux-gnu.2.28: links against zig's own glibc 2.28 stubs.
#   deps     zlib, bzip2, xz, libffi, sqlite3 built static + PIC and linked INTO the extension
#            modules, so the target needs no libz/libbz2/liblzma/libffi/libsqlite3.
#            No OpenSSL: _ssl/_hashlib are not built (hashlib uses its built-in digests).
#   RUNPATH  none, except bin/python3.11 -> $ORIGIN/../lib (set with patchelf).
#
# Every stage leaves a stamp in the cache; a second run with the same inputs does nothing and
# prints the prefix. Output (last line): the prefix holding bin/python3.11.
#
# Usage: bash packaging/python_glibc228.sh          (as root the first time: apt deb-src entry)
# Env:   POLICY_LIBRARY_CACHE (default /var/cache/policy-library-ci), JOBS (default nproc)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
CACHE=${POLICY_LIBRARY_CACHE:-/var/cache/policy-library-ci}
GLIBC=2.28
JOBS=${JOBS:-$(nproc)}
HOSTPY=${HOSTPY:-python3}
ZIG_PIN=$("$HOSTPY" - "$ROOT/pyproject.toml" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
print(re.search(r'"(ziglang==[^"]+)"', text).group(1))
EOF
)
# The recipe's identity: a change to this script or to the zig pin rebuilds everything.
KEY=$( (cat "$0"; echo "$ZIG_PIN") | sha256sum | cut -c1-12)
WORK=$CACHE/python-glibc$GLIBC-work
PREFIX=$CACHE/python3.11-glibc$GLIBC
SRC=$CACHE/debian-sources
BLD=$WORK/build
DEPS=$WORK/deps
TOOLS=$WORK/tools
log() { printf '[python-glibc%s %(%H:%M:%S)T] %s\n' "$GLIBC" -1 "$*" >&2; }

if [ -f "$PREFIX/.built-$KEY" ] && [ -x "$PREFIX/bin/python3.11" ]; then
    log "cached: $PREFIX"
    echo "$PREFIX"
    exit 0
fi
for tool in make patch tclsh readelf patchelf apt-get; do
    command -v "$tool" >/dev/null || { echo "python_glibc228.sh: $tool is missing (bash .ci/setup installs it)" >&2; exit 1; }
done
mkdir -p "$SRC" "$WORK" "$DEPS" "$TOOLS"
quiet() {  # run a step with its output in $WORK/log-NAME.txt; show the tail if it fails
    local name=$1; shift
    "$@" > "$WORK/log-$name.txt" 2>&1 || { tail -40 "$WORK/log-$name.txt" >&2; echo "FAILED: $name" >&2; exit 1; }
}

# ------------------------------------------------------------------ sources
if ! ls "$SRC"/python3.11_*.debian.tar.xz >/dev/null 2>&1 || ! ls "$SRC"/sqlite3_*.orig.tar.xz >/dev/null 2>&1; then
    log "sources: apt-get source --download-only"
    if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
        uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
        [ -n "$uri" ] || uri=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
        suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
        cat > /etc/apt/sources.list.d/policy-library-deb-src.sources <<EOF
Types: deb-src
URIs: $uri
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
        apt-get update -qq
    fi
    (cd "$SRC" && apt-get source -qq --download-only python3.11 libffi zlib bzip2 xz-utils sqlite3 >&2)
fi

if [ ! -f "$BLD/.unpacked-$KEY" ]; then
    log "sources: unpack + Debian security patches"
    rm -rf "$BLD" && mkdir -p "$BLD" && cd "$BLD"
    tar xf "$SRC"/python3.11_*.orig.tar.gz
    mkdir -p debian-python && tar xf "$SRC"/python3.11_*.debian.tar.xz -C debian-python
    series=debian-python/debian/patches/series
    first=$(grep -n -m1 '^CVE-' "$series" | cut -d: -f1)
    n=0
    for p in $(tail -n +"$first" "$series" | grep -v '^#'); do
        patch -d Python-3.11* -p1 -s -N --no-backup-if-mismatch < "debian-python/debian/patches/$p" >&2
        n=$((n+1))
    done
    log "applied $n Debian security patches"
    # A backported pyexpat fix includes pycore_ceval.h, which needs Py_BUILD_CORE_* defined.
    if grep -q '^#include "pycore_ceval.h"' Python-3.11*/Modules/pyexpat.c; then
        sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' Python-3.11*/Modules/pyexpat.c
    fi
    tar xf "$SRC"/libffi_*.orig.tar.gz
    tar xf "$SRC"/zlib_*.orig.tar.*
    tar xf "$SRC"/bzip2_*.orig.tar.gz
    tar xf "$SRC"/xz-utils_*.orig.tar.xz
    tar xf "$(ls "$SRC"/sqlite3_*.orig.tar.xz | grep -v www)"
    rm -rf "$DEPS" && mkdir -p "$DEPS"
    touch "$BLD/.unpacked-$KEY"
fi

# ------------------------------------------------------------------ zig
if [ ! -f "$TOOLS/.zig-$KEY" ]; then
    log "zig: pip install $ZIG_PIN"
    rm -rf "$TOOLS/zigenv"
    "$HOSTPY" -m venv "$TOOLS/zigenv"
    "$TOOLS/zigenv/bin/pip" install -q "$ZIG_PIN" >&2
    touch "$TOOLS/.zig-$KEY"
fi
ZIG=$(echo "$TOOLS"/zigenv/lib/python3*/site-packages/ziglang/zig)
export ZIG_GLOBAL_CACHE_DIR=$CACHE/zig-cache ZIG_LOCAL_CACHE_DIR=$CACHE/zig-cache
# -mcpu=baseline: plain x86-64, never the build host's CPU; UBSan off (zig enables it for
# unoptimised compiles, every configure probe included); __DATE__ is used by getbuildinfo.c.
for pair in "cc:cc" "c++:c++"; do
    cat > "$TOOLS/${pair%%:*}" <<EOF
#!/bin/sh
exec "$ZIG" ${pair##*:} -target x86_64-linux-gnu.$GLIBC -mcpu=baseline -fno-sanitize=undefined -Wno-date-time "\$@"
EOF
done
printf '#!/bin/sh\nexec "%s" ar "$@"\n' "$ZIG" > "$TOOLS/ar"
printf '#!/bin/sh\nexec "%s" ranlib "$@"\n' "$ZIG" > "$TOOLS/ranlib"
chmod +x "$TOOLS"/cc "$TOOLS"/c++ "$TOOLS"/ar "$TOOLS"/ranlib
export CC=$TOOLS/cc CXX=$TOOLS/c++ AR=$TOOLS/ar RANLIB=$TOOLS/ranlib
# keep the host's .pc files (and so the host's libraries) out of every configure
export PKG_CONFIG_PATH=$DEPS/lib/pkgconfig PKG_CONFIG_LIBDIR=$DEPS/lib/pkgconfig

# ------------------------------------------------------------------ static dependencies
cd "$BLD"
if [ ! -f "$DEPS/lib/libz.a" ]; then
    log "deps: zlib"
    quiet zlib bash -c 'cd zlib-* && CFLAGS="-O2 -fPIC" ./configure --static --prefix="$0" && make -j"$1" libz.a && make install' "$DEPS" "$JOBS"
fi
if [ ! -f "$DEPS/lib/libbz2.a" ]; then
    log "deps: bzip2"
    quiet bzip2 bash -c 'cd bzip2-* && make -j"$1" CC="$CC" AR="$AR" RANLIB="$RANLIB" CFLAGS="-O2 -fPIC -D_FILE_OFFSET_BITS=64" libbz2.a \
        && mkdir -p "$0/include" "$0/lib" && install -m644 bzlib.h "$0/include/" && install -m644 libbz2.a "$0/lib/"' "$DEPS" "$JOBS"
fi
if [ ! -f "$DEPS/lib/liblzma.a" ]; then
    log "deps: xz"
    quiet xz bash -c 'cd xz-* && CFLAGS="-O2" ./configure --prefix="$0" --disable-shared --enable-static \
        --with-pic --disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo \
        --disable-lzma-links --disable-scripts --disable-doc --disable-nls && make -j"$1" && make install' "$DEPS" "$JOBS"
fi
if [ ! -f "$DEPS/lib/libffi.a" ]; then
    log "deps: libffi"
    # static trampolines off: 3.4.4's tramp.c calls an undeclared function (an error in clang>=16)
    quiet libffi bash -c 'cd libffi-* && CFLAGS="-O2" ./configure --prefix="$0" --disable-shared --enable-static \
        --with-pic --disable-docs --disable-multi-os-directory --disable-exec-static-tramp \
        && make -j"$1" && make install' "$DEPS" "$JOBS"
fi
if [ ! -f "$DEPS/lib/libsqlite3.a" ]; then
    log "deps: sqlite3"
    quiet sqlite3 bash -c 'cd sqlite3-* && CFLAGS="-O2 -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS \
-DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_MATH_FUNCTIONS \
-DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_SECURE_DELETE \
-DSQLITE_MAX_VARIABLE_NUMBER=250000" ./configure --prefix="$0" --disable-shared --enable-static --with-pic \
        --disable-tcl --disable-readline --enable-threadsafe && make -j"$1" libsqlite3.la \
        && install -m644 .libs/libsqlite3.a "$0/lib/" && install -m644 sqlite3.h sqlite3ext.h "$0/include/"' "$DEPS" "$JOBS"
fi

# ------------------------------------------------------------------ CPython
log "python: configure + make (about 10 minutes on 2 cores the first time)"
cd "$BLD"/Python-3.11*
make distclean >/dev/null 2>&1 || true
# zig's linker knows -soname but not -h; zig cc refuses a link whose only inputs are shared
# libraries (libpython3.so), so an empty C file is added to that one.
sed -i 's/-Wl,-h\$(INSTSONAME)/-Wl,-soname,$(INSTSONAME)/; s/-Wl,-h\$@ \$^$/-Wl,-soname,$@ $^ -x c \/dev\/null/' Makefile.pre.in
# setup.py adds the HOST's include and library folders to every extension; their headers
# clash with zig's glibc 2.28 headers and their libraries are the host's. Drop them.
sed -i -e "s|^\( *\)add_dir_to_list(self.compiler.library_dirs, '/usr/local/lib')|\1pass|" \
       -e "s|^\( *\)add_dir_to_list(self.compiler.include_dirs, '/usr/local/include')|\1pass|" \
       -e "s|^\( *\)self.add_multiarch_paths()|\1pass|" \
       -e "s|system_lib_dirs = \['/lib64', '/usr/lib64', '/lib', '/usr/lib'\]|system_lib_dirs = []|" \
       -e "s|system_include_dirs = \['/usr/include'\]|system_include_dirs = []|" setup.py
# The build tree's python finds its libpython through LD_LIBRARY_PATH (set by the Makefile);
# no -rpath here: it would land in libpython and every extension module.
quiet python-configure ./configure --prefix="$PREFIX" --enable-shared --with-ensurepip=install \
    --without-static-libpython --with-system-ffi \
    CPPFLAGS="-I$DEPS/include" LDFLAGS="-L$DEPS/lib" \
    LIBFFI_CFLAGS="-I$DEPS/include" LIBFFI_LIBS="-L$DEPS/lib -lffi" \
    LIBSQLITE3_CFLAGS="-I$DEPS/include" LIBSQLITE3_LIBS="-L$DEPS/lib -lsqlite3 -lm -lpthread -ldl" \
    ZLIB_CFLAGS="-I$DEPS/include" ZLIB_LIBS="-L$DEPS/lib -lz" \
    BZIP2_CFLAGS="-I$DEPS/include" BZIP2_LIBS="-L$DEPS/lib -lbz2" \
    LIBLZMA_CFLAGS="-I$DEPS/include" LIBLZMA_LIBS="-L$DEPS/lib -llzma"
quiet python-make make -j"$JOBS"
if grep -qE 'Failed to build these modules|could not be imported' "$WORK/log-python-make.txt"; then
    grep -A6 -E 'Failed to build these modules|could not be imported' "$WORK/log-python-make.txt" >&2
    echo "FAILED: some standard library extension modules did not build" >&2
    exit 1
fi
rm -rf "$PREFIX"
quiet python-install make install
patchelf --set-rpath '$ORIGIN/../lib' "$PREFIX/bin/python3.11"
"$PREFIX/bin/python3.11" -c 'import sys, sqlite3, ctypes, zlib, bz2, lzma, pyexpat, _decimal, hashlib; print(sys.version.split()[0], "sqlite", sqlite3.sqlite_version)' >&2

# ------------------------------------------------------------------ check
log "check: GLIBC versions and RUNPATHs of every ELF file under $PREFIX"
"$PREFIX/bin/python3.11" "$HERE/elf_audit.py" "$PREFIX" --max-glibc "$GLIBC" >&2
touch "$PREFIX/.built-$KEY"
log "built: $PREFIX"
echo "$PREFIX"
