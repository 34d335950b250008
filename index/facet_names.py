"""The values search facets name and the orders a search can take, without the facets'
code (:mod:`index.facets`): the window's search panel lists them before its first search."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["NO_CATEGORY", "NO_YEAR", "SortOrder"]

NO_CATEGORY = ""  # the category of a document without one
NO_YEAR = ""  # the year of a document without a date


class SortOrder(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"  # newest version date first; inside a document, reading order
