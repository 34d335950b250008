#!/usr/bin/env python3
"""Build the bundled CJK serif fallback font for Policy Library (政策文库).

Takes Noto Serif CJK (OFL-1.1; Debian package ``fonts-noto-cjk``), picks the
Simplified-Chinese face out of the .ttc collection, subsets it with fontTools
to the characters the app needs, renames the family so it never clashes with
a system-installed Noto font, and writes a plain CFF-flavoured .otf that Qt can
load with ``QFontDatabase.addApplicationFont``.

Character set:
  * every character of GB2312 (all valid two-byte codes decoded with 'gb2312')
  * Big5 level-1 common characters, A440..C67E, decoded with 'big5'
  * every character of every file in the corpus directories
    (default: <repo>/../shared/corpus and <repo>/resources/corpus, if present;
    add more with --corpus)
  * ASCII, Latin-1 supplement, full-width forms U+FF01..FF5E,
    CJK symbols & punctuation U+3000..303F, general punctuation U+2010..2027
    and U+2030..205E, plus the explicit list in EXTRA_PUNCT.

Output is deterministic: head.created/head.modified are set from
SOURCE_DATE_EPOCH when that is set, otherwise they are copied from the source
font, and fontTools is told not to recalc the timestamp on save.

Usage:
  python resources/fonts/make_subset.py \
      --source /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc \
      [--out resources/fonts/PolicyLibSerifSC-Regular.otf]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import unicodedata
from pathlib import Path

from fontTools import subset
from fontTools.misc.timeTools import epoch_diff
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

FAMILY = "PolicyLib Serif SC"  # family name to request in Qt
PS_FAMILY = "PolicyLibSerifSC"  # PostScript name prefix

# Punctuation commonly used in Chinese text that lives outside U+3000..303F.
EXTRA_PUNCT = "“”‘’…—–·、。《》〈〉【】「」『』〔〕〖〗‧•・￥¥"

# GSUB/GPOS features kept.  'locl' is left out on purpose: in the SC face it
# only maps to JP/KR/TC/HK glyph variants, which would roughly double the
# ideograph glyph count for no benefit to a Chinese reader.
LAYOUT_FEATURES = [
    "ccmp", "calt", "liga", "kern", "mark", "mkmk",
    "vert", "vrt2", "vkrn", "halt", "palt", "vhal", "vpal",
    "fwid", "hwid",
]


def gb2312_chars() -> set[str]:
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def big5_level1_chars() -> set[str]:
    """Big5 常用字 (level 1): A440..C67E, trail bytes 40..7E and A1..FE."""
    out = set()
    for code in range(0xA440, 0xC67F):
        hi, lo = code >> 8, code & 0xFF
        if not (0x40 <= lo <= 0x7E or 0xA1 <= lo <= 0xFE):
            continue
        try:
            out.add(bytes((hi, lo)).decode("big5"))
        except UnicodeDecodeError:
            pass
    return out


def base_chars() -> set[str]:
    cps = set(range(0x20, 0x7F))  # ASCII
    cps |= set(range(0xA0, 0x100))  # Latin-1 supplement
    cps |= set(range(0x2010, 0x2028)) | set(range(0x2030, 0x205F))  # gen. punct.
    cps |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
    cps |= set(range(0xFF01, 0xFF5F))  # full-width forms
    return {chr(c) for c in cps} | set(EXTRA_PUNCT)


def corpus_files(dirs: list[Path]) -> list[Path]:
    files = []
    for d in dirs:
        if d.is_dir():
            files += [p for p in d.rglob("*") if p.is_file()]
    return sorted(set(files))


def corpus_chars(files: list[Path]) -> set[str]:
    out = set()
    for p in files:
        out |= set(p.read_text(encoding="utf-8"))
    # Control characters (newline, tab, BOM ...) are not glyphs.
    return {c for c in out if unicodedata.category(c) not in ("Cc", "Cf")}


def open_face(source: Path, face: str) -> TTFont:
    """Open `source`; for a collection pick the face whose names match `face`."""
    if source.suffix.lower() in (".ttc", ".otc"):
        coll = TTCollection(str(source), lazy=True)
        tag = face.lower()
        for i, f in enumerate(coll.fonts):
            fam = (f["name"].getDebugName(1) or "").lower()
            ps = (f["name"].getDebugName(6) or "").lower()
            if fam.endswith(" " + tag) or ps.split("-")[0].endswith(tag):
                return TTFont(str(source), fontNumber=i, recalcTimestamp=False)
        names = [f["name"].getDebugName(4) for f in coll.fonts]
        raise SystemExit(f"no face matching {face!r} in {source}: {names}")
    return TTFont(str(source), recalcTimestamp=False)


def rename(font: TTFont, src_family: str) -> tuple[str, str]:
    name = font["name"]
    style = name.getDebugName(2) or "Regular"
    full = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    ps = f"{PS_FAMILY}-{style.replace(' ', '')}"
    src_version = name.getDebugName(5) or ""
    ver = src_version.split(";")[0]  # "Version 2.001"
    new = {
        1: FAMILY,
        2: style,
        3: f"{ver.replace('Version ', '')};{ps};subset of {src_family}",
        4: full,
        5: f"{ver}; subset of {src_family} ({src_version}) for Policy Library",
        6: ps,
    }
    # Drop typographic-family records and localized names of the old family.
    name.names = [r for r in name.names if r.nameID not in (16, 17, 21, 22)]
    for nid, text in new.items():
        name.removeNames(nameID=nid)
        name.setName(text, nid, 3, 1, 0x409)
    cff = font["CFF "].cff
    old_ps = cff.fontNames[0]
    cff.fontNames = [ps]
    top = cff[ps]
    top.FullName = full
    top.FamilyName = FAMILY
    if hasattr(top, "FDArray"):
        for fd in top.FDArray:
            if getattr(fd, "FontName", "").startswith(old_ps):
                fd.FontName = ps + fd.FontName[len(old_ps):]
    return full, ps


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", required=True, type=Path,
                    help="Noto Serif CJK .ttc/.otf (e.g. /usr/share/fonts/"
                         "opentype/noto/NotoSerifCJK-Regular.ttc)")
    ap.add_argument("--face", default="SC",
                    help="face to take from a .ttc, matched on the family "
                         "name suffix (default: SC)")
    ap.add_argument("--out", type=Path,
                    help="output .otf (default: resources/fonts/"
                         f"{PS_FAMILY}-<Style>.otf)")
    ap.add_argument("--corpus", type=Path, action="append", default=[],
                    help="extra corpus directory (repeatable)")
    args = ap.parse_args(argv)

    corpus_dirs = [REPO.parent / "shared" / "corpus",
                   REPO / "resources" / "corpus"] + args.corpus
    files = corpus_files(corpus_dirs)

    font = open_face(args.source, args.face)
    src_family = font["name"].getDebugName(4)
    src_cmap = font.getBestCmap()

    gb, b5 = gb2312_chars(), big5_level1_chars()
    corp = corpus_chars(files)
    wanted = gb | b5 | corp | base_chars()
    cps = sorted(ord(c) for c in wanted)
    missing = [c for c in cps if c not in src_cmap]

    # Timestamps: fixed, so two runs give identical bytes.
    sde = os.environ.get("SOURCE_DATE_EPOCH")
    if sde is not None:
        stamp = int(sde) - epoch_diff
        font["head"].created = font["head"].modified = stamp

    opts = subset.Options()
    opts.layout_features = LAYOUT_FEATURES
    opts.name_IDs = ["*"]
    opts.name_languages = [0x409]
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    opts.drop_tables += ["DSIG"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[c for c in cps if c in src_cmap])
    sub.subset(font)

    full, ps = rename(font, src_family)
    out = args.out or HERE / f"{ps}.otf"
    out.parent.mkdir(parents=True, exist_ok=True)
    font.recalcTimestamp = False
    font.save(str(out))

    data = out.read_bytes()
    check = TTFont(str(out))
    cmap = check.getBestCmap()
    corp_missing = sorted(c for c in corp if ord(c) not in cmap)
    print(f"source      : {args.source} [{src_family}]")
    print(f"output      : {out}")
    print(f"family/full : {FAMILY!r} / {full!r} (PostScript {ps})")
    print(f"corpus files: {len(files)} in "
          + ", ".join(str(d) for d in corpus_dirs if d.is_dir()))
    print(f"chars       : GB2312 {len(gb)}, Big5-L1 {len(b5)}, "
          f"corpus {len(corp)}, requested {len(cps)}")
    print(f"not in src  : {len(missing)} "
          + " ".join(f"U+{c:04X}" for c in missing[:40]))
    print(f"cmap entries: {len(cmap)}; glyphs: {check['maxp'].numGlyphs}")
    print(f"corpus miss : {len(corp_missing)} "
          + " ".join(f"U+{ord(c):04X}" for c in corp_missing[:40]))
    print(f"size        : {len(data)} bytes; sha256 "
          f"{hashlib.sha256(data).hexdigest()}")
    return 1 if corp_missing else 0


if __name__ == "__main__":
    sys.exit(main())
