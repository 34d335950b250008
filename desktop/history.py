"""Back/forward history of reading positions (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass

MAX_ENTRIES = 200


@dataclass(frozen=True)
class Location:
    doc_id: str
    block_id: str = ""


class History:
    """Browser-style: visiting a new place clears the forward stack."""

    def __init__(self) -> None:
        self._back: list[Location] = []
        self._forward: list[Location] = []

    def visit(self, leaving: Location | None) -> None:
        """Record ``leaving`` (where the reader was) before a jump elsewhere."""
        if leaving is None:
            return
        if not self._back or self._back[-1] != leaving:
            self._back.append(leaving)
            del self._back[:-MAX_ENTRIES]
        self._forward.clear()

    def back(self, current: Location | None) -> Location | None:
        if not self._back:
            return None
        target = self._back.pop()
        if current is not None:
            self._forward.append(current)
        return target

    def forward(self, current: Location | None) -> Location | None:
        if not self._forward:
            return None
        target = self._forward.pop()
        if current is not None:
            self._back.append(current)
        return target

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)
