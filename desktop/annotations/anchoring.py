"""Finding an annotation again in a (possibly revised) document.

Order of attempts, first success wins:

1. **offsets** — the stored block still exists and ``text[start:end]`` is the quote:
   ``anchored``.
2. **exact quote** elsewhere — every occurrence of the folded quote in the folded
   block texts (folding keeps offsets, so a Traditional ↔ Simplified re-edition still
   matches); the stored block is preferred, then the best score below: ``reanchored``.
3. **approximate quote** — occurrences with at most ``⌊len(quote) / 4⌋`` edits (so a
   quote shorter than 4 characters never matches approximately); quotes shorter than
   :data:`SHORT_QUOTE_CHARS` must also be supported by their context (prefix and suffix
   similarity adding up to at least 1.0): ``reanchored``.
4. otherwise **detached**: the annotation keeps its quote, note and old position.

Candidates are ranked like the Hypothesis client's ``match-quote``: a weighted sum of
quote similarity (50), prefix similarity (20), suffix similarity (20) and closeness
to the old position in the document (2).

The cost per annotation is bounded whatever a file brings: only the nearest
:data:`CONTEXT_CHARS` of a stored prefix and suffix are compared (an exchange file may
carry longer ones), the approximate search visits candidate blocks best first (most
shared bigrams; the best one always) until :data:`FUZZY_WORK_BUDGET` units of work are
spent (a unit is one character scanned, more for a quote many machine words long), and
at most :data:`MATCHES_PER_BLOCK` matches of a block are located and scored.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from desktop.annotations.approx_match import find_approximate, similarity
from desktop.annotations.model import CONTEXT_CHARS, AnchorStatus, Annotation
from index.document import Document
from index.folding import fold_text

__all__ = [
    "SHORT_QUOTE_CHARS",
    "AnchorIndex",
    "AnchorResult",
    "DocumentSource",
    "document_version",
    "quote_context",
    "reanchor",
    "reanchor_all",
    "reanchor_annotation",
]

log = logging.getLogger(__name__)

SHORT_QUOTE_CHARS = 8
FUZZY_WORK_BUDGET = 400_000
MATCHES_PER_BLOCK = 16
_QUOTE_WEIGHT = 50.0
_PREFIX_WEIGHT = 20.0
_SUFFIX_WEIGHT = 20.0
_POSITION_WEIGHT = 2.0
_TOTAL_WEIGHT = _QUOTE_WEIGHT + _PREFIX_WEIGHT + _SUFFIX_WEIGHT + _POSITION_WEIGHT

DocumentSource = Mapping[str, Document] | Callable[[str], Document | None]


def document_version(document: Document) -> str:
    """A digest of the document's content (block ids are digests of kind and text)."""
    digest = hashlib.sha256(document.title.encode())
    for block in document.blocks:
        digest.update(b"\0" + block.id.encode())
    return "doc:" + digest.hexdigest()[:16]


def quote_context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """``(exact, prefix, suffix)`` of ``text[start:end]`` with CONTEXT_CHARS on each side."""
    return (
        text[start:end],
        text[max(0, start - CONTEXT_CHARS) : start],
        text[end : end + CONTEXT_CHARS],
    )


@dataclass(frozen=True, slots=True)
class AnchorResult:
    status: AnchorStatus
    block_id: str
    start: int
    end: int
    score: float = 1.0
    method: str = "offsets"  # offsets | exact | approximate | none


class AnchorIndex:
    """One document prepared for anchoring many annotations."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.version = document_version(document)
        self.texts = [block.text for block in document.blocks]
        self.folded = [fold_text(text) for text in self.texts]
        self.position = {block.id: i for i, block in enumerate(document.blocks)}
        self.offsets: list[int] = []
        total = 0
        for text in self.texts:
            self.offsets.append(total)
            total += len(text)
        self.total_chars = max(total, 1)
        self._bigrams: dict[str, set[int]] | None = None

    def blocks_sharing_bigrams(self, folded_quote: str, minimum: int) -> list[int]:
        """Blocks with at least ``minimum`` of the quote's bigrams, most shared first."""
        if self._bigrams is None:
            self._bigrams = {}
            for i, text in enumerate(self.folded):
                for j in range(len(text) - 1):
                    self._bigrams.setdefault(text[j : j + 2], set()).add(i)
        counts: dict[int, int] = {}
        for gram in {folded_quote[j : j + 2] for j in range(len(folded_quote) - 1)}:
            for i in self._bigrams.get(gram, ()):
                counts[i] = counts.get(i, 0) + 1
        found = [(count, i) for i, count in counts.items() if count >= minimum]
        return [i for _, i in sorted(found, key=lambda pair: (-pair[0], pair[1]))]


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class _Scorer:
    def __init__(self, index: AnchorIndex, block_id: str, start: int, prefix: str, suffix: str):
        self.index = index
        self.prefix = fold_text(prefix[-CONTEXT_CHARS:]) if prefix else ""
        self.suffix = fold_text(suffix[:CONTEXT_CHARS])
        old_block = index.position.get(block_id)
        self.old_block = old_block
        self.old_pos = None if old_block is None else index.offsets[old_block] + start

    def _position(self, block: int, start: int) -> float:
        if self.old_pos is None:
            return 0.5
        distance = abs(self.index.offsets[block] + start - self.old_pos)
        return 1.0 - min(1.0, distance / self.index.total_chars)

    def score(self, block: int, start: int, end: int, quote: float, fuzzy_context: bool) -> float:
        text = self.index.folded[block]
        before = text[max(0, start - len(self.prefix)) : start]
        after = text[end : end + len(self.suffix)]
        if fuzzy_context:
            prefix = similarity(self.prefix, before)
            suffix = similarity(self.suffix, after)
        else:
            prefix = _common_suffix(self.prefix, before) / len(self.prefix) if self.prefix else 1.0
            suffix = _common_prefix(self.suffix, after) / len(self.suffix) if self.suffix else 1.0
        return (
            _QUOTE_WEIGHT * quote
            + _PREFIX_WEIGHT * prefix
            + _SUFFIX_WEIGHT * suffix
            + _POSITION_WEIGHT * self._position(block, start)
        ) / _TOTAL_WEIGHT

    def context(self, block: int, start: int, end: int) -> float:
        text = self.index.folded[block]
        before = text[max(0, start - len(self.prefix)) : start]
        after = text[end : end + len(self.suffix)]
        return similarity(self.prefix, before) + similarity(self.suffix, after)


def reanchor(
    index: AnchorIndex,
    block_id: str,
    start: int,
    end: int,
    exact: str,
    prefix: str = "",
    suffix: str = "",
) -> AnchorResult:
    """Where the quote ``exact`` (last seen at ``block_id[start:end]``) sits now."""
    old_block = index.position.get(block_id)
    if old_block is not None:
        text = index.texts[old_block]
        if 0 <= start <= end <= len(text) and text[start:end] == exact:
            return AnchorResult(AnchorStatus.ANCHORED, block_id, start, end)
    if not exact:
        return AnchorResult(AnchorStatus.DETACHED, block_id, start, end, 0.0, "none")

    quote = fold_text(exact)
    scorer = _Scorer(index, block_id, start, prefix, suffix)
    best: tuple[tuple[bool, float], int, int, int] | None = None
    for i, found in _exact_places(index, exact, quote):
        key = (i == old_block, scorer.score(i, found, found + len(quote), 1.0, False))
        if best is None or key > best[0]:
            best = (key, i, found, found + len(quote))
    if best is not None:
        (_, score), i, s, e = best
        new_id = index.document.blocks[i].id
        return AnchorResult(AnchorStatus.REANCHORED, new_id, s, e, score, "exact")

    max_errors = len(quote) // 4
    if max_errors == 0:
        return AnchorResult(AnchorStatus.DETACHED, block_id, start, end, 0.0, "none")
    distinct = len({quote[j : j + 2] for j in range(len(quote) - 1)})
    candidates = index.blocks_sharing_bigrams(quote, max(1, distinct - 2 * max_errors))
    best_fuzzy: tuple[float, int, int, int] | None = None
    unit = 1 + len(quote) // 256  # Python's per-character cost, then the integer width
    budget = FUZZY_WORK_BUDGET
    for number, i in enumerate(candidates):
        cost = (len(index.folded[i]) + len(quote)) * unit
        if number and cost > budget:
            log.debug("approximate search stopped at its budget (%d blocks)", number)
            break
        budget -= cost
        matches = find_approximate(quote, index.folded[i], max_errors, MATCHES_PER_BLOCK)
        for match in matches:
            if len(quote) < SHORT_QUOTE_CHARS and scorer.context(i, match.start, match.end) < 1.0:
                continue
            quality = 1.0 - match.errors / len(quote)
            score = scorer.score(i, match.start, match.end, quality, True)
            if best_fuzzy is None or score > best_fuzzy[0]:
                best_fuzzy = (score, i, match.start, match.end)
    if best_fuzzy is not None:
        score, i, s, e = best_fuzzy
        new_id = index.document.blocks[i].id
        return AnchorResult(AnchorStatus.REANCHORED, new_id, s, e, score, "approximate")
    return AnchorResult(AnchorStatus.DETACHED, block_id, start, end, 0.0, "none")


def _exact_places(index: AnchorIndex, exact: str, quote: str) -> list[tuple[int, int]]:
    """Where the quote stands as it is, folded or not: folding depends on the words
    around a character (著 alone folds to 着, inside 显著 it stays), so a quote cut out
    of a word can fold differently from the same characters in the document."""
    places: set[tuple[int, int]] = set()
    for texts, wanted in ((index.folded, quote), (index.texts, exact)):
        for i, text in enumerate(texts):
            found = text.find(wanted)
            while found >= 0:
                places.add((i, found))
                found = text.find(wanted, found + 1)
    return sorted(places)


def reanchor_annotation(index: AnchorIndex | None, annotation: Annotation) -> Annotation:
    """The annotation anchored in ``index``'s document (``None``: the document is gone).

    Returns the same object when nothing changed.  A re-anchored annotation gets the
    current block, offsets and quote; a detached one keeps its quote and old position.
    """
    if index is None:
        if annotation.anchor_status is AnchorStatus.DETACHED:
            return annotation
        return annotation.replace(anchor_status=AnchorStatus.DETACHED)
    result = reanchor(
        index,
        annotation.block_id,
        annotation.start,
        annotation.end,
        annotation.exact,
        annotation.prefix,
        annotation.suffix,
    )
    if result.status is AnchorStatus.DETACHED:
        if annotation.anchor_status is AnchorStatus.DETACHED:
            return annotation
        return annotation.replace(anchor_status=AnchorStatus.DETACHED)
    if result.method == "offsets":
        was_detached = annotation.anchor_status is AnchorStatus.DETACHED
        if annotation.corpus_version == index.version and not was_detached:
            return annotation
        status = AnchorStatus.REANCHORED if was_detached else annotation.anchor_status
        return annotation.replace(corpus_version=index.version, anchor_status=status)
    text = index.texts[index.position[result.block_id]]
    exact, prefix, suffix = quote_context(text, result.start, result.end)
    return annotation.replace(
        block_id=result.block_id,
        start=result.start,
        end=result.end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        corpus_version=index.version,
        anchor_status=AnchorStatus.REANCHORED,
    )


def reanchor_all(annotations: Iterable[Annotation], documents: DocumentSource) -> list[Annotation]:
    """Every annotation anchored against the current documents; tombstones pass unchanged."""
    lookup = documents.get if isinstance(documents, Mapping) else documents
    indexes: dict[str, AnchorIndex | None] = {}
    result = []
    for annotation in annotations:
        if annotation.deleted:
            result.append(annotation)
            continue
        if annotation.doc_id not in indexes:
            document = lookup(annotation.doc_id)
            indexes[annotation.doc_id] = AnchorIndex(document) if document is not None else None
        result.append(reanchor_annotation(indexes[annotation.doc_id], annotation))
    return result
