"""The garbage collector and what the window keeps for as long as it runs.

A full pass of CPython's collector goes through every object of its oldest generation,
on whichever thread allocates at that moment — holding the interpreter, so the GUI
thread stalls for it. What the program reads once and then keeps (modules, the
library's catalog and tree, the search engine's tables, the document being read) would
be gone through again at every full pass: at 10,000 documents such a pass took
50–180 ms on a busy two-core machine, in the middle of typing into the filter or of
opening a document.

:func:`settle` takes everything alive at that moment out of the collector's reach
(``gc.freeze``): the program calls it when such a body of lasting data has just been
made — the library listed from the chosen index, the search engine prepared, a
document laid out — and :func:`making_lasting_objects` around opening a document.
Later passes go through what was made since. Frozen objects are still freed by
reference counting when the program lets go of them (documents, blocks and outline
rows hold no reference cycles); garbage cycles among them (a dialog open at that
moment and closed since) wait for :func:`reclaim`, which the window calls when it goes
to the background — nobody waits for it then.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_frozen_since_reclaim = False


def settle() -> None:
    """Collect the young generations (their garbage is not frozen), then freeze the rest."""
    global _frozen_since_reclaim
    gc.collect(1)
    gc.freeze()
    _frozen_since_reclaim = True


@contextmanager
def making_lasting_objects() -> Iterator[None]:
    """Around work that makes objects the program then keeps (a document opened: its
    blocks, outline and first page): no collection while they are made — each pass
    would go through them only to find them alive — and frozen when done."""
    global _frozen_since_reclaim
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        _frozen_since_reclaim = True
        if enabled:
            gc.enable()


def reclaim() -> None:
    """One full pass over everything, frozen objects included (their garbage cycles are
    freed), then what is alive is frozen again. Nothing when nothing was frozen since."""
    global _frozen_since_reclaim
    if not _frozen_since_reclaim:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _frozen_since_reclaim = False
