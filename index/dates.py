"""Publication dates, one rule for the bundled corpus and imported documents.

A date written as a day (``2024年3月5日``, ``2024/3/5``, ``2024-03-05 10:00``) becomes
ISO 8601 (``2024-03-05``, ``2024-03-05T10:00``; seconds are dropped); a month
(``2024年3月``, ``2024-3``) becomes ``2024-03``; a year (``2024年``) ``2024``.  Anything
else — an impossible month or day, words around the date — is kept as typed (trimmed),
so nothing the source says is lost.  Normalised dates sort and compare as text.
"""

from __future__ import annotations

import re

__all__ = ["normalise_date"]

_DAY = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[T ]\s*(\d{1,2}):(\d{2})(?::\d{2})?)?\s*$"
)
_YEAR_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*年?\s*$")


def normalise_date(value: str) -> str:
    """``2024年3月5日`` → ``2024-03-05``, ``2024年3月`` → ``2024-03``; other text kept."""
    value = value.strip()
    match = _DAY.match(value)
    if match:
        year, month, day, hour, minute = match.groups()
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            result = f"{year}-{int(month):02d}-{int(day):02d}"
            if hour is not None:
                result += f"T{int(hour):02d}:{minute}"
            return result
    match = _YEAR_MONTH.match(value)
    if match and 1 <= int(match.group(2)) <= 12:
        return f"{match.group(1)}-{int(match.group(2)):02d}"
    match = _YEAR.match(value)
    if match:
        return match.group(1)
    return value
