"""Why a pack was refused, in English and Chinese (the command line follows ``LANG``).

Every refusal is a :class:`PackError` with a ``code``; :func:`explain` words it in the
user's language, followed by the detail (file names, values) the error carries.
"""

from __future__ import annotations

import errno
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
    "unreadable": (
        "The pack file cannot be read: its disk reported an error or was removed.",
        "无法读取文库包文件：它所在的磁盘报告了错误，或已被拔出。",
    ),
}

# A storage error's words, for the detail of a refusal (the system's own are English).
_OS_WORDS: dict[int, tuple[str, str]] = {
    errno.EROFS: ("read-only file system", "只读文件系统"),
    errno.ENOSPC: ("the disk is full", "磁盘已满"),
    errno.EDQUOT: ("the disk quota is used up", "磁盘配额已用完"),
    errno.EACCES: ("permission denied", "没有权限"),
    errno.EPERM: ("permission denied", "没有权限"),
    errno.EIO: ("input/output error", "输入/输出错误"),
    errno.ENOENT: ("the file is gone", "文件不存在"),
    errno.ENODEV: ("the disk is gone", "磁盘已不存在"),
    errno.ENXIO: ("the disk is gone", "磁盘已不存在"),
    errno.ESTALE: ("the disk is gone", "磁盘已不存在"),
}


class PackError(Exception):
    """A pack operation refused; nothing was changed.  ``code`` keys :data:`MESSAGES`."""

    def __init__(
        self, code: str, detail: str = "", *, where: object = None, os_error: OSError | None = None
    ) -> None:
        """``os_error``, when the refusal is a storage error at ``where`` (a path): the
        detail is then ``where: the error``, the error worded in the user's language."""
        self.code = code if code in MESSAGES else "damaged"
        self.where = "" if where is None else str(where)
        self.errno = os_error.errno if os_error is not None else None
        if os_error is not None and not detail:
            said = os_error.strerror or str(os_error)
            detail = f"{self.where}: {said}" if self.where else said
        self.detail = detail
        super().__init__(explain(self, "en"))

    def detail_in(self, language: str) -> str:
        """The detail in ``language`` (``zh``/``zh_CN`` or ``en``)."""
        words = _OS_WORDS.get(self.errno or 0)
        if words is None or not self.where:
            return self.detail
        return f"{self.where}: {words[1] if language.startswith('zh') else words[0]}"


def user_language() -> str:
    """``zh`` or ``en`` from the locale variables, as the command line reads them."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def explain(error: PackError, language: str | None = None) -> str:
    english, chinese = MESSAGES[error.code]
    language = language or user_language()
    text = chinese if language.startswith("zh") else english
    detail = error.detail_in(language)
    return f"{text} ({detail})" if detail else text
