"""Small text helpers shared by the widgets: display script and UTF-16 offsets."""

from __future__ import annotations

from index.folding import simplify_text


def display_text(text: str, simplified: bool) -> str:
    """The text as shown: original, or Simplified (same length, so offsets stay valid)."""
    return simplify_text(text) if simplified else text


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Qt text positions."""
    if text.isascii():
        return len(text)
    # One pass in C: characters beyond the BMP take two units (surrogates kept as one).
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_offset(text: str, index: int) -> int:
    """Python code-point offset ``index`` in ``text`` as a UTF-16 offset."""
    return utf16_len(text[:index])


def codepoint_offset(text: str, utf16_index: int) -> int:
    """UTF-16 offset in ``text`` back to a code-point offset (clamped to the text)."""
    units = 0
    for i, ch in enumerate(text):
        if units >= utf16_index:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def snippet(
    text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...], width: int = 80
) -> tuple[str, list[tuple[int, int]]]:
    """A window of ``text`` around its first span, and the spans moved into that window."""
    if len(text) <= width or not spans:
        cut = text[:width]
        return cut + ("…" if len(text) > width else ""), [
            (s, min(e, len(cut))) for s, e in spans if s < len(cut)
        ]
    first = spans[0][0]
    start = max(0, min(first - width // 4, len(text) - width))
    end = start + width
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    moved = [
        (max(s, start) + shift, min(e, end) + shift) for s, e in spans if e > start and s < end
    ]
    return prefix + text[start:end] + suffix, moved
