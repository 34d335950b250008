"""The names of the libraries a search can cover, without loading the search engine."""

from __future__ import annotations

BUNDLED_LIBRARY = "bundled"
PERSONAL_LIBRARY = "personal"
PACK_LIBRARY_PREFIX = "pack:"
