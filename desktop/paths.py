"""Where corpus, index, fonts, translations and user data live: see :mod:`index.paths`.

The rules are kept Qt-free in ``index`` (which may not import the application) so the
command-line tools never load Qt; the application reads them through this module.
"""

from __future__ import annotations

from index.paths import (
    APP_ID,
    APP_NAME,
    APP_NAME_ZH,
    DATA_DIR_ENV,
    ORG_NAME,
    bundled_index_dir,
    corpus_dir,
    fonts_dir,
    i18n_dir,
    icons_dir,
    install_root,
    is_frozen,
    log_dir,
    packs_dir,
    personal_library_dir,
    resources_dir,
    settings_file,
    user_data_dir,
    user_data_location,
    user_index_dir,
)

__all__ = [
    "APP_ID",
    "APP_NAME",
    "APP_NAME_ZH",
    "DATA_DIR_ENV",
    "ORG_NAME",
    "bundled_index_dir",
    "corpus_dir",
    "fonts_dir",
    "i18n_dir",
    "icons_dir",
    "install_root",
    "is_frozen",
    "log_dir",
    "packs_dir",
    "personal_library_dir",
    "resources_dir",
    "settings_file",
    "user_data_dir",
    "user_data_location",
    "user_index_dir",
]
