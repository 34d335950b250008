"""Documented limits on what an import accepts (so a hostile file cannot exhaust the machine)."""

from __future__ import annotations

__all__ = [
    "MAX_DOCUMENT_CHARS",
    "MAX_DOCUMENT_PARAGRAPHS",
    "MAX_DOCX_ENTRIES",
    "MAX_DOCX_ENTRY_RATIO",
    "MAX_DOCX_PARAGRAPHS",
    "MAX_DOCX_UNCOMPRESSED_BYTES",
    "MAX_FILE_BYTES",
    "MAX_HTML_CPU_SECONDS",
    "MAX_OFD_PART_BYTES",
    "MAX_PDF_CPU_SECONDS",
    "MAX_PDF_FORM_DRAWS",
    "MAX_PDF_PAGES",
    "MAX_PDF_PARSE_WORK",
    "MAX_PDF_STREAM_BYTES",
    "RATIO_CHECK_MIN_BYTES",
]

# Any file to import, whatever its format.
MAX_FILE_BYTES = 50 * 1024 * 1024

# A .docx is a zip: the sum of its parts once uncompressed, the number of parts, and the
# compression ratio of any part larger than RATIO_CHECK_MIN_BYTES.  Word's own XML
# compresses 5–30×; a ratio above the limit is a zip bomb, not a document.
MAX_DOCX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_DOCX_ENTRIES = 5000
MAX_DOCX_ENTRY_RATIO = 200
RATIO_CHECK_MIN_BYTES = 1024 * 1024

# One XML part of an .ofd once uncompressed (a page's Content.xml holds a few hundred
# kilobytes even with one text object a glyph): bounds the memory of parsing any part;
# the sum of all parts is bounded by MAX_DOCX_UNCOMPRESSED_BYTES.
MAX_OFD_PART_BYTES = 16 * 1024 * 1024

# Paragraphs of a document, whatever its format (a table row counts as one): the
# longest law of the bundled corpus has about 1,300; the limit bounds the time an
# import takes, which is mostly indexing (see the README's figures).
MAX_DOCUMENT_PARAGRAPHS = 5_000
# Characters of a document's text (the longest law of the corpus has about 75,000):
# indexing costs about 30 µs a character here, so this bounds an import to ~15 s.
MAX_DOCUMENT_CHARS = 500_000

# Paragraph elements in a .docx's XML (empty ones and table cells included): bounds the
# time spent reading the XML before the paragraphs above are counted.
MAX_DOCX_PARAGRAPHS = 100_000

# The processor time of reading one HTML page (a 50 MB page of markup alone, millions of
# empty tags or character references, takes minutes to tokenise; a real page, well under
# a second).
MAX_HTML_CPU_SECONDS = 20.0

# More pages than this is not a policy document; it also bounds the time a PDF may take.
MAX_PDF_PAGES = 3000

# What reading one PDF may cost, whatever its pages hold (a PDF within MAX_FILE_BYTES can
# inflate a stream to gigabytes, draw a form that draws itself ten times over, or repeat
# the same heavy page thousands of times):
# - any stream, once decompressed (a text page's content is a few kilobytes);
MAX_PDF_STREAM_BYTES = 16 * 1024 * 1024
# - operators and operands parsed from one content stream;
MAX_PDF_PARSE_WORK = 400_000
# - form XObjects drawn while reading one page's text;
MAX_PDF_FORM_DRAWS = 500
# - the processor time of reading the whole file, enforced by a watchdog wherever the
#   reader is (desktop/importing/cpu_budget.py).
MAX_PDF_CPU_SECONDS = 20.0
