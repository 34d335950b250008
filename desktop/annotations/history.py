"""Undo and redo of user actions, as records of content before and after.

An undo writes the earlier content back as a new change (a fresh ``modified`` time,
so copies merged later see the undo as the newest state); the anchor fields are
left as they are now, since re-anchoring is not the user's action.  An undo whose
records were changed since by something other than this history (an import, say)
is refused rather than clobbering that change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.annotations.model import Annotation

__all__ = ["Action", "History", "Step", "UndoConflict", "content_of"]

_CONTENT_FIELDS = ("kind", "color", "note", "tags", "name", "deleted")


class UndoConflict(RuntimeError):
    """The annotation changed since the action; the undo or redo step is dropped."""


@dataclass
class Step:
    before: Annotation | None  # None: the action created the annotation
    after: Annotation


@dataclass
class Action:
    label: str  # add | edit | delete (the GUI words it)
    steps: list[Step] = field(default_factory=list)


def content_of(source: Annotation, current: Annotation, stamp: str) -> Annotation:
    """``current`` with the user-visible content of ``source`` and ``modified`` = stamp."""
    changes: dict[str, object] = {name: getattr(source, name) for name in _CONTENT_FIELDS}
    return current.replace(**changes, modified=stamp)


class History:
    """Undo and redo stacks; used from the writer's thread only."""

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self.undo_stack: list[Action] = []
        self.redo_stack: list[Action] = []
        # id → the ``modified`` this history last wrote; anything else means a foreign change
        self.stamps: dict[str, str] = {}

    def record(self, action: Action) -> None:
        for step in action.steps:
            self.stamps[step.after.id] = step.after.modified
        self.undo_stack.append(action)
        del self.undo_stack[: -self.limit]
        self.redo_stack.clear()

    @property
    def undo_label(self) -> str | None:
        return self.undo_stack[-1].label if self.undo_stack else None

    @property
    def redo_label(self) -> str | None:
        return self.redo_stack[-1].label if self.redo_stack else None
