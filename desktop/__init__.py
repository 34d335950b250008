"""政策文库 (Policy Library): the desktop reader."""

from __future__ import annotations

# The one place the version is written (pyproject.toml reads it from here): looking it up
# in the installed package's metadata costs every start tens of milliseconds.
__version__ = "0.1.0"
