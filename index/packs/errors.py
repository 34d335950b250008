"""Why a pack was refused, in English and Chinese (the command line follows ``LANG``).

Every refusal is a :class:`PackError` with a ``code``; :func:`explain` words it in the
user's language, followed by the detail (file names, values) the error carries.
"""

from __future__ import annotations

import os

__all__ = ["MESSAGES", "PackError", "explain", "user_language"]

# code → (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("The pack file was not found.", "找不到文库包文件。"),
    "damaged": (
        "The file is not a library pack, or it is truncated or damaged.",
        "该文件不是文库包，或已被截断、损坏。",
    ),
    "layout": (
        "The pack's contents are not laid out as a pack must be.",
        "文库包的内容结构不正确。",
    ),
    "limits": ("The pack is larger than this program accepts.", "文库包超出本程序允许的大小。"),
    "unsigned": ("The pack is not signed.", "文库包没有签名。"),
    "untrusted": (
        "The pack is not signed by a trusted publisher key.",
        "文库包的签名不属于任何受信任的发布者密钥。",
    ),
    "tampered": (
        "The pack has been changed after it was signed.",
        "文库包在签名后被改动过。",
    ),
    "newer_format": (
        "The pack was made for a newer version of this program.",
        "该文库包需要更新版本的本程序。",
    ),
    "metadata": ("The pack's description is invalid.", "文库包的说明信息无效。"),
    "id_clash": (
        "A pack with this id from a different publisher is already installed.",
        "已安装一个同名但来自其他发布者的文库包。",
    ),
    "doc_clash": (
        "A document in the pack has the same id as one already in the library or in "
        "another installed pack.",
        "文库包中有文件与文库中已有的文件或另一个已安装文库包中的文件标识相同。",
    ),
    "busy": (
        "Another program is installing or removing a library pack; try again when it has finished.",
        "另一个程序正在安装或删除文库包，请在其完成后重试。",
    ),
    "parse": (
        "Some documents in the pack cannot be read.",
        "文库包中有文件无法读取。",
    ),
    "index": ("The pack's index cannot be used.", "文库包的索引无法使用。"),
    "not_installed": ("No pack with this id is installed.", "没有安装该标识的文库包。"),
    "storage": ("The pack folder cannot be written.", "无法写入文库包文件夹。"),
    "key": ("The key file cannot be used.", "密钥文件无法使用。"),
    "build": ("The pack cannot be built.", "无法生成文库包。"),
}


class PackError(Exception):
    """A pack operation refused; nothing was changed.  ``code`` keys :data:`MESSAGES`."""

    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code if code in MESSAGES else "damaged"
        self.detail = detail
        super().__init__(explain(self, "en"))


def user_language() -> str:
    """``zh`` or ``en`` from the locale variables, as the command line reads them."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def explain(error: PackError, language: str | None = None) -> str:
    english, chinese = MESSAGES[error.code]
    text = chinese if (language or user_language()) == "zh" else english
    return f"{text} ({error.detail})" if error.detail else text
