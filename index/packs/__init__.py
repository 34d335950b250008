"""Library packs: signed content installed without reinstalling the program (Qt-free).

:mod:`index.packs.archive` is the file format, :mod:`index.packs.keys` the publisher
keys, :mod:`index.packs.build` builds a signed pack from a corpus folder and
:mod:`index.packs.install` verifies, installs, updates, lists and removes packs.
"""

from index.packs.errors import PackError, explain

__all__ = ["PackError", "explain"]
