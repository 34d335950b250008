"""Pinyin keys for the library filter, without loading pypinyin in the window (Qt-free).

pypinyin's phrase tables take 0.2–0.5 s to load in steps that hold the interpreter
lock, which would freeze the window.  The library's titles come with pinyin keys from
the index build (phrase-aware); for the rest (outline headings, imported documents) the
window uses ``resources/pinyin/readings.txt``: the most common toneless reading of each
character U+3400–U+9FFF, one line, read in a few milliseconds.  ``python -m
desktop.pinyin`` writes that file from pypinyin's character table.
"""

from __future__ import annotations

import functools
import sys
import unicodedata
from pathlib import Path

__all__ = [
    "FIRST",
    "LAST",
    "Readings",
    "pinyin_matches",
    "pinyin_readings",
    "pinyin_syllables",
    "readings_file",
    "write_readings",
]

Readings = tuple[tuple[str, ...], ...]  # per character (or run of other characters)

FIRST, LAST = 0x3400, 0x9FFF


def readings_file() -> Path:
    from desktop import paths

    return paths.resources_dir() / "pinyin" / "readings.txt"


@functools.cache
def _readings() -> list[str]:
    try:
        text = readings_file().read_text("ascii")
    except OSError:
        return []
    values = text.strip().split(" ")
    return values if len(values) == LAST - FIRST + 1 else []


def pinyin_readings(text: str) -> Readings:
    """The readings of each Chinese character; runs of other characters kept together,
    lower-cased (as pypinyin's ``lazy_pinyin`` does)."""
    readings = _readings()
    out: list[tuple[str, ...]] = []
    run: list[str] = []
    for ch in text:
        code = ord(ch)
        reading = readings[code - FIRST] if readings and FIRST <= code <= LAST else "-"
        if reading != "-":
            if run:
                out.append(("".join(run).lower(),))
                run = []
            out.append(tuple(reading.split(",")))
        else:
            run.append(ch)
    if run:
        out.append(("".join(run).lower(),))
    return tuple(out)


def pinyin_syllables(text: str) -> list[str]:
    """The first reading of each character (runs of other characters kept together)."""
    return [choices[0] for choices in pinyin_readings(text)]


def pinyin_matches(needle: str, readings: Readings) -> bool:
    """Is ``needle`` a piece of some spelling of ``readings`` in full pinyin, or a run of
    their initials?"""
    if not needle:
        return True
    return _initials_match(needle, readings) or _full_match(needle, readings)


def _initials_match(needle: str, readings: Readings) -> bool:
    n = len(needle)
    for start in range(len(readings) - n + 1):
        if all(any(syl[:1] == needle[k] for syl in readings[start + k]) for k in range(n)):
            return True
    return False


def _full_match(needle: str, readings: Readings) -> bool:
    n = len(needle)
    for start, choices in enumerate(readings):
        reached: set[int] = set()  # how much of the needle is spelled so far
        for syl in choices:
            for cut in range(len(syl)):
                tail = syl[cut:]
                if tail.startswith(needle):
                    return True
                if needle.startswith(tail):
                    reached.add(len(tail))
        for following in readings[start + 1 :]:
            if not reached or n in reached:
                break
            nxt: set[int] = set()
            for done in reached:
                rest = needle[done:]
                for syl in following:
                    if syl.startswith(rest):
                        return True
                    if rest.startswith(syl):
                        nxt.add(done + len(syl))
            reached = nxt
        if n in reached:
            return True
    return False


def _toneless(reading: str) -> str:
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", reading):
        if ch == "\u0308" and out and out[-1] == "u":
            out[-1] = "v"  # ü, as pypinyin writes it without tones
        elif not unicodedata.combining(ch):
            out.append(ch)
    return "".join(out)


def write_readings(path: Path) -> int:
    """Write the readings file from pypinyin's table; returns the characters covered."""
    from pypinyin.pinyin_dict import pinyin_dict

    values = []
    for code in range(FIRST, LAST + 1):
        raw = pinyin_dict.get(code)
        readings = dict.fromkeys(_toneless(r) for r in raw.split(",")) if raw else {}
        values.append(",".join(readings) or "-")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(" ".join(values) + "\n", "ascii")
    return sum(1 for v in values if v != "-")


if __name__ == "__main__":
    covered = write_readings(readings_file())
    sys.stdout.write(f"wrote {readings_file()} ({covered} characters)\n")
