"""政策文库 (Policy Library): the desktop reader."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("policy-library")
except metadata.PackageNotFoundError:  # frozen builds may lack package metadata
    __version__ = "0.1.0"
