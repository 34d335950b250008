"""Reading a JSON file this program wrote, where any damage is a ValueError (Qt-free).

``json.loads`` raises ValueError for garbage and bad UTF-8 but RecursionError for
brackets nested deeper than the interpreter's recursion limit (a few kilobytes of
``[[[[`` left by a bad disk or another program): a caller that treats ValueError as
damage would let that one through as a traceback.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["parse_json"]


def parse_json(text: str | bytes) -> Any:
    """``json.loads(text)``; raises ValueError for any text that is not usable JSON."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None
