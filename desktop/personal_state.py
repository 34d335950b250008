"""The personal library's picture the window holds (Qt-free).

Apart from :mod:`desktop.personal` (importing, removing, searching), which the window
loads after its first paint: the window starts with the empty picture."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.document import Document
    from index.search import IndexSearcher

__all__ = ["PersonalState"]


class PersonalState:
    """The personal library's documents (oldest import first) and a searcher over them;
    immutable."""

    __slots__ = ("by_id", "documents", "searcher")

    documents: tuple[Document, ...]
    searcher: IndexSearcher | None
    by_id: Mapping[str, Document]

    def __init__(
        self,
        documents: tuple[Document, ...] = (),
        searcher: IndexSearcher | None = None,
        by_id: Mapping[str, Document] | None = None,
    ) -> None:
        set_field = object.__setattr__
        set_field(self, "documents", documents)
        set_field(self, "searcher", searcher)
        set_field(self, "by_id", {} if by_id is None else by_id)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"PersonalState is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"PersonalState is immutable: cannot delete {name!r}")

    def __repr__(self) -> str:
        return f"PersonalState({len(self.documents)} documents, searcher={self.searcher!r})"

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
