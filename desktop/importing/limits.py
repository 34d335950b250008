"""Documented limits on what an import accepts (so a hostile file cannot exhaust the machine)."""

from __future__ import annotations

__all__ = [
    "MAX_DOCX_ENTRIES",
    "MAX_DOCX_ENTRY_RATIO",
    "MAX_DOCX_UNCOMPRESSED_BYTES",
    "MAX_FILE_BYTES",
    "MAX_PDF_PAGES",
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

# More pages than this is not a policy document; it also bounds the time a PDF may take.
MAX_PDF_PAGES = 3000
