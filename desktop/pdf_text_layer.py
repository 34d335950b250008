"""Repairing a PDF's text layer: radical code points back to the ideographs they draw.

Qt writes each font's ToUnicode map from the lowest code point the font's cmap gives a
glyph; a CJK font that also maps the Kangxi radicals (U+2F00–2FD5) or the CJK radicals
supplement (U+2E80–2EF3) to the glyphs of 一 人 民 … makes the PDF's text read
⼀ ⼈ ⺠, so that copying or searching 一网通办 fails.  The printing code avoids such
fonts where it can; this rewrites whatever is left, in the ToUnicode maps only (the
drawing is untouched).  Qt-free.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

__all__ = ["KANGXI_TWINS", "repair_text_layer"]

log = logging.getLogger(__name__)

# Kangxi radicals decompose (NFKC) to the unified ideograph they stand for.
KANGXI_TWINS: dict[int, str] = {
    cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)
}
_TOKEN = re.compile(rb"<([0-9A-Fa-f]+)>")


def _fix_destination(chunk: bytes, twins: Mapping[int, str]) -> tuple[bytes, int]:
    """Rewrite every ``<hex>`` UTF-16 destination in ``chunk``; returns it and the count."""
    changed = 0

    def replace(match: re.Match[bytes]) -> bytes:
        nonlocal changed
        digits = match.group(1)
        if len(digits) != 4:
            return match.group(0)
        twin = twins.get(int(digits, 16))
        if twin is None:
            return match.group(0)
        changed += 1
        return b"<" + twin.encode("utf-16-be").hex().upper().encode() + b">"

    return _TOKEN.sub(replace, chunk), changed


def rewrite_cmap(data: bytes, twins: Mapping[int, str]) -> tuple[bytes, int]:
    """A ToUnicode CMap with radical destinations replaced (source codes untouched)."""
    out = []
    changed = 0
    section = b""
    for line in data.split(b"\n"):
        stripped = line.strip()
        if stripped.endswith((b"beginbfrange", b"beginbfchar")):
            section = stripped.split()[-1]
        elif stripped in (b"endbfrange", b"endbfchar"):
            section = b""
        elif section == b"beginbfchar":
            tokens = list(_TOKEN.finditer(line))
            if len(tokens) >= 2:
                cut = tokens[1].start()
                rest, n = _fix_destination(line[cut:], twins)
                line = line[:cut] + rest
                changed += n
        elif section == b"beginbfrange":
            tokens = list(_TOKEN.finditer(line))
            if len(tokens) >= 3:
                cut = tokens[1].end()
                start = int(tokens[0].group(1), 16)
                end = int(tokens[1].group(1), 16)
                tail = line[cut:]
                if not tail.lstrip().startswith(b"[") and start != end:
                    # <a> <b> <u>: consecutive destinations.  If any is a radical, spell
                    # the range out as an array (each then repaired on its own).
                    first = int(tokens[2].group(1), 16)
                    if any(first + i in twins for i in range(end - start + 1)):
                        items = b" ".join(b"<%04X>" % (first + i) for i in range(end - start + 1))
                        tail = b" [" + items + b"]"
                rest, n = _fix_destination(tail, twins)
                line = line[:cut] + rest
                changed += n
        out.append(line)
    return b"\n".join(out), changed


def repair_text_layer(path: Path, twins: Mapping[int, str]) -> int:
    """Rewrite ``path``'s ToUnicode maps in place; returns how many entries changed."""
    from pypdf import PdfWriter
    from pypdf.generic import IndirectObject

    writer = PdfWriter(clone_from=str(path))
    fixed: dict[int, int] = {}
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            cmap_ref = ref.get_object().get("/ToUnicode")
            if cmap_ref is None:
                continue
            key = cmap_ref.idnum if isinstance(cmap_ref, IndirectObject) else id(cmap_ref)
            if key in fixed:
                continue
            stream = cmap_ref.get_object()
            data, changed = rewrite_cmap(stream.get_data(), twins)
            fixed[key] = changed
            if changed:
                stream.set_data(data)
    total = sum(fixed.values())
    if total:
        partial = path.with_name(path.name + ".text")
        with open(partial, "wb") as handle:
            writer.write(handle)
        partial.replace(path)
        log.info("PDF text layer: %d radical code points mapped back to ideographs", total)
    return total
