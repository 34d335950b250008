"""Synthetic corpus generation and the search benchmark (``python -m index bench``)."""
