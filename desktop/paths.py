"""Where corpus, index, fonts, translations and user data live: see :mod:`index.paths`.

The rules are kept Qt-free in ``index`` (which may not import the application) so the
command-line tools never load Qt; the application reads them through this module.
"""

from __future__ import annotations

from index.paths import *  # noqa: F403 - this module is index.paths under the app's name
from index.paths import __all__ as __all__
