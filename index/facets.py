"""Search facets: narrowing a search by category and year, ordering it by date, and the
exact number of matching blocks for each category and year.

A document's category is the first level of its catalog category (宪法, 法律, 行政法规,
部门规章 …; :data:`NO_CATEGORY` for a document without one, such as a press article or a
document of the personal library); its year is the year of its version date, else of its
publication date (:data:`NO_YEAR` when it has neither).

Counts follow the usual rule of faceted search: the count of a category is the number
of matches in that category that pass the *year* filter, and the count of a year the
number in that year that pass the *category* filter — so every count says how many
blocks choosing that value would show, and the counts of one facet add up to the total
shown when no value of that facet is chosen.
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from index.facet_names import NO_CATEGORY, NO_YEAR, SortOrder

__all__ = [
    "NO_CATEGORY",
    "NO_YEAR",
    "DocumentFacets",
    "FacetCounts",
    "SearchOptions",
    "SortOrder",
    "date_number",
]


@dataclass(frozen=True)
class SearchOptions:
    """What a search is narrowed to and how it is ordered.

    ``categories``/``years``: the values allowed (empty: all).  ``all_versions``: earlier
    versions of documents are searched too.  ``facets``: count matches per value."""

    categories: frozenset[str] = frozenset()
    years: frozenset[str] = frozenset()
    sort: SortOrder = SortOrder.RELEVANCE
    all_versions: bool = False
    facets: bool = False

    @property
    def narrows(self) -> bool:
        return bool(self.categories or self.years)

    @property
    def is_plain(self) -> bool:
        """Nothing beyond a plain ranked search is asked."""
        return not (self.narrows or self.facets or self.sort is not SortOrder.RELEVANCE)


@dataclass(frozen=True)
class FacetCounts:
    """Matching blocks per category and per year (see the module docstring)."""

    categories: Mapping[str, int] = field(default_factory=dict)
    years: Mapping[str, int] = field(default_factory=dict)

    @staticmethod
    def merged(parts: Iterable[FacetCounts]) -> FacetCounts:
        categories: Counter[str] = Counter()
        years: Counter[str] = Counter()
        for part in parts:
            categories.update(part.categories)
            years.update(part.years)
        return FacetCounts(dict(categories), dict(years))


def date_number(date: str) -> int:
    """An ISO date (or its year, or year and month) as a number that orders as the
    date; 0 when there is none."""
    digits = date.replace("-", "")[:8]
    return int(digits.ljust(8, "0")) if digits.isdigit() else 0


class DocumentFacets:
    """Category, year and date of every block of one index, by document number."""

    def __init__(
        self,
        blocks: int,
        documents: Sequence[tuple[int, tuple[str, ...], str]] = (),
    ) -> None:
        """``documents``: ``(first block's number, category path, ISO date)`` in block
        order; blocks before the first document or in an index without a catalog (the
        personal library) have no category, year or date."""
        categories: list[str] = [NO_CATEGORY]
        years: list[str] = [NO_YEAR]
        dates: list[int] = [0]
        owner = array("I", bytes(4 * blocks))
        bounds = [start for start, _, _ in documents] + [blocks]
        for index, (start, category, date) in enumerate(documents, start=1):
            categories.append(category[0] if category else NO_CATEGORY)
            years.append(date[:4] if len(date) >= 4 and date[:4].isdigit() else NO_YEAR)
            dates.append(date_number(date))
            end = bounds[index]
            owner[start:end] = array("I", [index]) * max(0, end - start)
        self._owner = owner
        self._categories = categories
        self._years = years
        self._dates = dates

    def admitted(self, docnums: Iterable[int], options: SearchOptions) -> set[int]:
        """The blocks that pass the category and year filters."""
        if not options.narrows:
            return set(docnums)
        allowed = self._allowed(options.categories, options.years)
        owner = self._owner
        return {docnum for docnum in docnums if allowed[owner[docnum]]}

    def _allowed(self, categories: frozenset[str], years: frozenset[str]) -> list[bool]:
        return [
            (not categories or category in categories) and (not years or year in years)
            for category, year in zip(self._categories, self._years, strict=True)
        ]

    def counts(self, docnums: Iterable[int], options: SearchOptions) -> FacetCounts:
        """Matching blocks per category (year filter applied) and per year (category
        filter applied)."""
        owner = self._owner
        per_document = Counter(owner[docnum] for docnum in docnums)
        categories: Counter[str] = Counter()
        years: Counter[str] = Counter()
        for index, count in per_document.items():
            category, year = self._categories[index], self._years[index]
            if not options.years or year in options.years:
                categories[category] += count
            if not options.categories or category in options.categories:
                years[year] += count
        return FacetCounts(dict(categories), dict(years))

    def date_order(self, docnums: Iterable[int], limit: int | None) -> list[int]:
        """``docnums`` newest document first, each document's blocks in reading order."""
        owner, dates = self._owner, self._dates

        def key(docnum: int) -> tuple[int, int]:
            return (-dates[owner[docnum]], docnum)

        if limit is None:
            return sorted(docnums, key=key)
        return heapq.nsmallest(limit, docnums, key=key)
