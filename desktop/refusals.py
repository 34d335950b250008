"""Refusal reasons and command-line messages in the user's language (Qt-free).

The core (importing, the notes exchange, the command-line tools) says why it refused
something in English, in one sentence built from a fixed template.  This is the one
place that knows each template's Chinese: the window passes a reason through
:func:`translate_reason` with its interface language, the command-line tools with the
language of the terminal (``LC_ALL`` / ``LC_MESSAGES`` / ``LANG``).  A reason with no
template here is shown as it is (and logged, so that a missing entry is noticed).
"""
# ruff: noqa: E501  (a catalogue of sentences, one a line)

from __future__ import annotations

import functools
import logging
import re

from desktop.storage_failures import _MESSAGES as _FAILURE_MESSAGES

__all__ = ["cli_language", "message", "translate_reason"]

log = logging.getLogger(__name__)

# The storage failures' own sentences (one table: desktop/storage_failures.py).
_STORAGE_FAILURES: tuple[tuple[str, str], ...] = tuple(_FAILURE_MESSAGES.values())

# English template → Chinese.  {name} stands for a part copied over (a {reason} or a
# {who} is itself translated, a {detail} when it is one of these sentences).  Longer, more specific templates come before shorter ones.
REASONS: tuple[tuple[str, str], ...] = (
    # reading a file (desktop/importing)
    ("not found or not a regular file", "找不到该文件，或它不是普通文件"),
    (
        "the file is too large ({size} MB; the limit is {limit} MB)",
        "文件过大（{size} MB，上限 {limit} MB）",
    ),
    (
        "the file is too large ({size} bytes; the limit is {limit})",
        "文件过大（{size} 字节，上限 {limit} 字节）",
    ),
    ("the file is too large (more than {limit} bytes)", "文件过大（超过 {limit} 字节）"),
    ("the file is too large", "文件过大"),
    ("the file is empty (it holds only blank characters)", "文件是空的（只有空白字符）"),
    ("the file is empty", "文件是空的"),
    ("cannot be read ({detail})", "无法读取（{detail}）"),
    ("cannot read {path}: {detail}", "无法读取 {path}：{detail}"),
    (
        "{suffix} files (Word 97–2003 / WPS) cannot be imported directly; open the file in WPS or LibreOffice, save it as .docx (File › Save As) and import the .docx",
        "{suffix} 文件（Word 97–2003 / WPS 格式）不能直接导入：请在 WPS 或 LibreOffice 中打开该文件，“另存为” .docx，再导入 .docx 文件",
    ),
    (
        "the OFD file cannot be read (it may be damaged: {detail})",
        "无法读取该 OFD 文件（可能已损坏：{detail}）",
    ),
    (
        "the OFD file holds {count} parts (the limit is {limit}); refused as a possible zip bomb",
        "该 OFD 文件包含 {count} 个部件（上限 {limit}），可能是压缩炸弹，已拒绝",
    ),
    (
        "the OFD file would expand to more than {limit} MB; refused as a possible zip bomb",
        "该 OFD 文件解压后将超过 {limit} MB，可能是压缩炸弹，已拒绝",
    ),
    (
        "part {name} of the OFD file is larger than {limit} MB; refused as a possible zip bomb",
        "该 OFD 文件的部件 {name} 超过 {limit} MB，可能是压缩炸弹，已拒绝",
    ),
    (
        "the OFD file has more than {limit} pages; split it into smaller documents",
        "该 OFD 文件超过 {limit} 页；请拆分为较小的文档",
    ),
    (
        "the OFD file is encrypted; remove the protection and import it again",
        "该 OFD 文件已加密；请先解除保护，再导入",
    ),
    (
        "the OFD file holds no text (its pages are probably scanned images); import a version with text",
        "该 OFD 文件中没有文字（页面可能是扫描图像）；请导入含文字的版本",
    ),
    (
        "{empty} of {total} pages hold no text (scanned images?)",
        "共 {total} 页中有 {empty} 页没有文字（可能是扫描图像）",
    ),
    ("{path} could not be written", "无法写入 {path}（文件夹不存在、没有写入权限或磁盘已满）"),
    (
        "unsupported file type {suffix}; supported: {supported}",
        "不支持的文件类型 {suffix}；支持：{supported}",
    ),
    ("the file is too complex to read ({detail})", "文件结构过于复杂，无法读取（{detail}）"),
    ("the file cannot be read ({detail})", "无法读取该文件（{detail}）"),
    ("the file holds no text", "文件中没有文字"),
    ("the file has a title but no body text", "文件只有标题，没有正文"),
    ("the front matter has no closing '---' line", "文件开头的元数据区缺少结束行 '---'"),
    (
        "no title: give 'title:' in the front matter or a '# ' line",
        "没有标题：请在元数据区写 'title:'，或用 '# ' 开头的一行作标题",
    ),
    ("no title: the file holds no text", "没有标题：文件中没有文字"),
    ("no body text after the title", "标题之后没有正文"),
    ("no body text", "没有正文"),
    (
        "the file is binary (full of control characters), not text",
        "这是二进制文件（含大量控制字符），不是文本",
    ),
    (
        "the file is binary (it contains NUL bytes), not text",
        "这是二进制文件（含 NUL 字节），不是文本",
    ),
    (
        "the file claims to be {name} but byte {offset} is not valid {name2}",
        "文件标明为 {name} 编码，但第 {offset} 字节不是有效的 {name2}",
    ),
    (
        "the file is not text: it is not valid UTF-8, GB18030 or Big5 (it may be a binary file with a text extension)",
        "不是文本文件：既不是有效的 UTF-8，也不是 GB18030 或 Big5（可能是改了扩展名的二进制文件）",
    ),
    (
        "the file does not look like Chinese or plain text in UTF-8, GB18030 or Big5 (it may be a binary file with a text extension)",
        "文件看起来不是 UTF-8、GB18030 或 Big5 编码的中文或纯文本（可能是改了扩展名的二进制文件）",
    ),
    # Word
    (
        "the Word document is encrypted (password-protected); remove the password in Word and import it again",
        "Word 文档已加密（设有密码）；请先在 Word 中取消密码，再导入",
    ),
    (
        "the .docx is encrypted (password-protected); remove the password in Word and import it again",
        "该 .docx 已加密（设有密码）；请先在 Word 中取消密码，再导入",
    ),
    (
        "this is an old Word 97–2003 document (.doc), not .docx; open it in Word or WPS and save it as .docx",
        "这是旧版 Word 97–2003 文档（.doc），不是 .docx；请在 Word 或 WPS 中打开并另存为 .docx",
    ),
    (
        "the Word document cannot be read (it may be damaged: {detail})",
        "无法读取该 Word 文档（可能已损坏：{detail}）",
    ),
    (
        "the file is not a Word .docx document (it is not a valid zip container; it may be damaged)",
        "该文件不是 Word .docx 文档（不是有效的 zip 容器，可能已损坏）",
    ),
    (
        "the .docx holds {count} parts (the limit is {limit}); refused as a possible zip bomb",
        "该 .docx 含 {count} 个部件（上限 {limit}）；疑为压缩炸弹，已拒绝",
    ),
    (
        "the zip file is not a Word document (it has no word/document.xml)",
        "该 zip 文件不是 Word 文档（缺少 word/document.xml）",
    ),
    (
        "the .docx would expand to {size} (the limit is {limit}); refused as a possible zip bomb",
        "该 .docx 解压后达 {size}（上限 {limit}）；疑为压缩炸弹，已拒绝",
    ),
    (
        "part {part} of the .docx is compressed {ratio}:1 (the limit is {limit}:1); refused as a possible zip bomb",
        "该 .docx 的部件 {part} 压缩比为 {ratio}:1（上限 {limit}:1）；疑为压缩炸弹，已拒绝",
    ),
    (
        "the .docx expands beyond its declared size; refused as a possible zip bomb",
        "该 .docx 解压后超出其声明的大小；疑为压缩炸弹，已拒绝",
    ),
    ("the .docx is damaged (part {part}: {detail})", "该 .docx 已损坏（部件 {part}：{detail}）"),
    (
        "the .docx is damaged or ambiguous (it holds the part {part} twice)",
        "该 .docx 已损坏或含义不明（部件 {part} 出现了两次）",
    ),
    (
        "the OFD file is damaged or ambiguous (it holds the part {part} twice)",
        "该 OFD 文件已损坏或含义不明（部件 {part} 出现了两次）",
    ),
    (
        "the .docx uses an unsupported compression ({detail})",
        "该 .docx 使用了不支持的压缩方式（{detail}）",
    ),
    (
        "the .docx holds a nested archive ({part}); refused",
        "该 .docx 内嵌了压缩包（{part}）；已拒绝",
    ),
    (
        "the zip file is not a Word document (it has no document part)",
        "该 zip 文件不是 Word 文档（缺少正文部件）",
    ),
    (
        "the Word document is too long (more than {paragraphs} paragraphs or {chars} characters); split it into smaller documents",
        "该 Word 文档过长（超过 {paragraphs} 段或 {chars} 个字符）；请拆分为较小的文档",
    ),
    (
        "the Word document has more than {paragraphs} paragraphs (the limit); split it into smaller documents",
        "该 Word 文档超过 {paragraphs} 段（上限）；请拆分为较小的文档",
    ),
    (
        "the document has {count} paragraphs (the limit is {limit}); split it into smaller documents",
        "该文档有 {count} 段（上限 {limit} 段）；请拆分为较小的文档",
    ),
    (
        "the document's text has {count} characters (the limit is {limit}); split it into smaller documents",
        "该文档正文有 {count} 个字符（上限 {limit} 个）；请拆分为较小的文档",
    ),
    (
        "the page takes too long to read (more than {limit} s of processing): it is damaged or built to exhaust the reader",
        "读取该网页耗时过长（已处理超过 {limit} 秒）：文件已损坏，或是为耗尽读取程序而构造的",
    ),
    (
        "the page is too long (more than {paragraphs} paragraphs or {chars} characters); split it into smaller documents",
        "该网页过长（超过 {paragraphs} 段或 {chars} 个字符）；请拆分为较小的文档",
    ),
    (
        "the text is too long ({size} MB; a document may have at most {limit} characters); split it into smaller documents",
        "文本过长（{size} MB，一个文档最多 {limit} 个字符）；请拆分为较小的文档",
    ),
    (
        "is a symbolic link (to {target}); import the file itself",
        "是符号链接（指向 {target}）；请导入文件本身",
    ),
    # PDF
    ("the file is not a PDF (it has no PDF header)", "该文件不是 PDF（没有 PDF 文件头）"),
    (
        "the PDF is encrypted with a method this program cannot open ({detail})",
        "该 PDF 使用了本程序无法打开的加密方式（{detail}）",
    ),
    (
        "the PDF is encrypted (it needs a password to open); save an unprotected copy and import that",
        "该 PDF 已加密（需要密码才能打开）；请另存一份未加密的副本后再导入",
    ),
    ("the PDF is encrypted (it needs a password to open)", "该 PDF 已加密（需要密码才能打开）"),
    ("the PDF is damaged and cannot be read ({detail})", "该 PDF 已损坏，无法读取（{detail}）"),
    ("the PDF has no pages", "该 PDF 没有页面"),
    ("the PDF has {count} pages (the limit is {limit})", "该 PDF 有 {count} 页（上限 {limit} 页）"),
    (
        "the PDF has no text layer on any of its {count} page(s) (it is probably a scan); it needs text recognition (OCR) before it can be imported",
        "该 PDF 的 {count} 页都没有文字层（可能是扫描件）；需先做文字识别（OCR）才能导入",
    ),
    (
        "the PDF is built beyond what this program reads safely ({detail})",
        "该 PDF 的结构超出了本程序可安全读取的范围（{detail}）",
    ),
    (
        "the PDF takes too long to read (more than {limit} s of processing, by page {number} of {total}): it is damaged or built to exhaust the reader",
        "读取该 PDF 耗时过长（读到第 {number} 页（共 {total} 页）时已处理超过 {limit} 秒）：文件已损坏，或是为耗尽读取程序而构造的",
    ),
    (
        "the PDF takes too long to read (more than {limit} s of processing, before its first page): it is damaged or built to exhaust the reader",
        "读取该 PDF 耗时过长（尚未读到第一页就已处理超过 {limit} 秒）：文件已损坏，或是为耗尽读取程序而构造的",
    ),
    (
        "the text is too long (more than {limit} characters by page {number} of {total}; a document may have at most {max} characters); split it into smaller documents",
        "文本过长（读到第 {number} 页（共 {total} 页）时已超过 {limit} 个字符，一个文档最多 {max} 个字符）；请拆分为较小的文档",
    ),
    (
        "no page of the PDF could be read ({failed} of {total} failed, {empty} have no text): it is damaged or built beyond what this program reads safely",
        "该 PDF 没有一页能读取（共 {total} 页，{failed} 页读取失败，{empty} 页没有文字）：文件已损坏，或结构超出了本程序可安全读取的范围",
    ),
    # an .ofd's attached files: why one was not read (its name is listed in the text)
    (
        "its location ({location}) is outside the package",
        "其位置（{location}）在文件包之外",
    ),
    ("its format ({kind}) is not one that can be imported", "不支持导入该格式（{kind}）"),
    (
        "attachments nested more than {depth} deep are only listed",
        "附件嵌套超过 {depth} 层，只列出名称",
    ),
    ("only the first {limit} attachments are read", "只读取前 {limit} 个附件"),
    ("it is not in the package", "文件包中没有该文件"),
    (
        "it would expand to more than {limit} MB, or past what the package may hold; refused as a possible zip bomb",
        "解压后将超过 {limit} MB 或超出文件包的容量，可能是压缩炸弹，已拒绝",
    ),
    (
        "it is the document itself or one that holds it (an attachment loop)",
        "它就是本文档或包含本文档的文件（附件循环）",
    ),
    (
        "with the main text it would exceed {chars} characters or {paragraphs} paragraphs",
        "加上正文将超过 {chars} 个字符或 {paragraphs} 段",
    ),
    # warnings of an import that succeeds
    ("attachment {name} was not imported: {reason}", "附件 {name} 未导入：{reason}"),
    ("attachment {name}: {reason}", "附件 {name}：{reason}"),
    (
        "{count} of {total} pages have no text (probably scanned) and were not imported: page {pages}",
        "{total} 页中有 {count} 页没有文字（可能是扫描件），未导入：第 {pages} 页",
    ),
    (
        "{count} of {total} pages could not be read (damaged, or beyond the limits) and were not imported: page {pages}",
        "{total} 页中有 {count} 页无法读取（已损坏或超出限制），未导入：第 {pages} 页",
    ),
    (
        "{count} script, style, frame, form or navigation element(s) were removed; only the text was imported",
        "已删除 {count} 个脚本、样式、框架、表单或导航元素；只导入了文字",
    ),
    # the draft and the library
    ("unknown metadata field {key}", "未知的元数据字段 {key}"),
    ("metadata field {key} must be text", "元数据字段 {key} 必须是文字"),
    ("the title cannot be empty", "标题不能为空"),
    ("no title could be found; give one", "找不到标题；请填写一个"),
    ("no body text was found in the file", "文件中找不到正文"),
    ("there is no document {doc_id} to replace", "没有可替换的文档 {doc_id}"),
    ("already in the library as {doc_id} 《{title}》", "已在文库中：{doc_id}《{title}》"),
    ("there is no document {doc_id} in the personal library", "个人文库中没有文档 {doc_id}"),
    ("the library could not store the file ({detail})", "文库无法保存该文件（{detail}）"),
    (
        "the library could not be updated ({detail}); nothing was changed",
        "文库无法更新（{detail}）；未做任何改动",
    ),
    # the notes exchange file (desktop/annotations/exchange.py)
    (
        "the file is nested too deeply ({depth} levels; at most {limit})",
        "文件嵌套层级过深（{depth} 层，最多 {limit} 层）",
    ),
    ("the file is nested too deeply", "文件嵌套层级过深"),
    (
        "the file is nested too deeply (more than {depth} levels)",
        "文件嵌套层级过深（超过 {depth} 层）",
    ),
    (
        "too many annotations: the file holds {count} JSON objects and lists (at most {limit} annotations are read)",
        "批注过多：文件含 {count} 个 JSON 对象和列表（最多读取 {limit} 条批注）",
    ),
    (
        "the file holds a number with {count} digits (at most {limit})",
        "文件中有一个 {count} 位的数字（最多 {limit} 位）",
    ),
    (
        "{key} holds an invalid character (an unpaired surrogate at {offset})",
        "{key} 含无效字符（第 {offset} 处有不成对的代理码元）",
    ),
    ("the file holds {name}, which is not valid JSON", "文件中含有 {name}，不是有效的 JSON"),
    ("the key {key} appears twice in one object", "同一对象中键 {key} 出现了两次"),
    (
        "the file is not UTF-8 text (bad byte at offset {offset})",
        "文件不是 UTF-8 文本（第 {offset} 字节有误）",
    ),
    (
        "the file is not valid JSON (truncated or damaged): {detail}",
        "文件不是有效的 JSON（不完整或已损坏）：{detail}",
    ),
    ("the file does not hold a JSON object", "文件中没有 JSON 对象"),
    (
        "not an annotations exchange file (format is not {format})",
        "不是批注交换文件（格式不是 {format}）",
    ),
    ("the file has no version number", "文件没有版本号"),
    (
        "the file is version {version}; this program reads version {supported}",
        "文件版本为 {version}；本程序只能读取版本 {supported}",
    ),
    ("'annotations' must be a list", "“annotations” 必须是列表"),
    ("too many annotations ({count}; at most {limit})", "批注过多（{count} 条，最多 {limit} 条）"),
    ("annotation {number}: the id {id} appears twice", "第 {number} 条批注：标识 {id} 重复出现"),
    ("annotation {number}: {reason}", "第 {number} 条批注：{reason}"),
    ("{key} is missing", "缺少 {key}"),
    ("{key} must be text", "{key} 必须是文字"),
    (
        "{key} is too long ({length} characters; at most {limit})",
        "{key} 过长（{length} 个字符，最多 {limit} 个）",
    ),
    ("{key} must be a whole number", "{key} 必须是整数"),
    ("{key} is out of range ({value})", "{key} 超出范围（{value}）"),
    (
        "{key} is not an ISO 8601 time with a time zone: {value}",
        "{key} 不是带时区的 ISO 8601 时间：{value}",
    ),
    ("must be a JSON object", "必须是 JSON 对象"),
    ("{start} is after {end}", "{start} 在 {end} 之后"),
    ("unknown {key} {value} (one of {allowed})", "未知的 {key} 值 {value}（应为 {allowed} 之一）"),
    ("unknown {key} {value}", "未知的 {key} 值 {value}"),
    ("{key} must be a list of text", "{key} 必须是文字列表"),
    (
        "{key} holds too many or too long tags (at most {limit})",
        "{key} 中的标签过多或过长（最多 {limit}）",
    ),
    ("{key} must be true or false", "{key} 必须是 true 或 false"),
    ("{key} (the quoted text) is empty", "{key}（引文）为空"),
    ("{key} is not a UUID: {value}", "{key} 不是 UUID：{value}"),
    # the notes store
    (
        "the annotation database has schema version {found}; this program reads up to version {known}",
        "批注数据库的结构版本为 {found}，本程序最高只能读取版本 {known}（它由更新版本的本程序写入；请升级本程序）",
    ),
    # export-pdf
    ("no document with the id {doc_id}", "没有标识为 {doc_id} 的文档"),
    # an index file found damaged while searching (index/index_files.py)
    ("the index file {name} is missing or damaged", "索引文件 {name} 缺失或已损坏"),
    # the data folder kept by another program (index/folder_lock.py)
    (
        "the data folder {folder} is in use by {who} (waited {waited} s); close it or wait until it finishes, then try again",
        "数据文件夹 {folder} 正被 {who} 使用（已等待 {waited} 秒）。请关闭该程序或等它完成后重试。",
    ),
    # … and {who}, as HolderInfo.describe words it
    (
        "{program} (process {pid} on {host}, started {when})",
        "{program}（进程 {pid}，主机 {host}，启动于 {when}）",
    ),
    ("another program", "另一个程序"),
    # why a file could not be read (desktop/storage_failures.py: read_error), as a {detail}
    (
        "the disk reported an input/output error; was it removed while the file was read?",
        "磁盘报告了输入/输出错误；是否在读取时拔出了该磁盘或 U 盘？",
    ),
    (
        "the file went away while it was read; was its disk removed?",
        "读取时文件消失了；是否拔出了它所在的磁盘或 U 盘？",
    ),
    (
        "the file's disk went away while it was read; was it removed?",
        "读取时文件所在的磁盘消失了；是否拔出了该磁盘或 U 盘？",
    ),
    ("permission denied", "没有权限"),
    ("no such file or folder", "文件或文件夹不存在"),
    # a full disk, a read-only folder… (desktop/storage_failures.py), also after a change rolled back
    *_STORAGE_FAILURES,
    ("{reason} (nothing was changed)", "{reason}（未做任何改动）"),
)

# Command-line messages: key → (English, Chinese).
MESSAGES: dict[str, tuple[str, str]] = {
    "error": ("error: {reason}", "错误：{reason}"),
    "error_text": ("error: {text}", "错误：{text}"),  # already in the user's language
    "nothing_imported": ("error: nothing was imported: {text}", "错误：未导入任何文件：{text}"),
    "reanchored": ("note: {count} notes re-anchored", "提示：已重新定位 {count} 条批注"),
    "reanchored_one": ("note: 1 note re-anchored", "提示：已重新定位 1 条批注"),
    "warning": ("warning: {reason}", "警告：{reason}"),
    "not_imported": ("error: {file} was not imported: {reason}", "错误：未导入 {file}：{reason}"),
    "exported": ("exported {count} annotations to {path}", "已将 {count} 条批注导出到 {path}"),
    "exported_one": ("exported 1 annotation to {path}", "已将 1 条批注导出到 {path}"),
    "imported_notes": ("imported {file}: {report}", "已导入 {file}：{report}"),
    "imported": ("imported {doc_id} {title}", "已导入 {doc_id} {title}"),
    "import_failed": ("failed {path}: {reason}", "未导入 {path}：{reason}"),
    "import_already": ("already {path}: {reason}", "已存在 {path}：{reason}"),
    "library_unavailable": (
        "error: cannot open the personal library: {reason}",
        "错误：无法打开个人文库：{reason}",
    ),
    "pdf_written": ("wrote {path} ({pages} pages)", "已写入 {path}（{pages} 页）"),
    "pdf_written_one": ("wrote {path} (1 page)", "已写入 {path}（1 页）"),
}


def cli_language() -> str:
    """'zh_CN' when the terminal's locale is Chinese, else 'en' (the one rule: see
    :func:`desktop.storage_failures.user_language`)."""
    from desktop.storage_failures import user_language

    return user_language()


@functools.cache
def _patterns() -> list[tuple[re.Pattern[str], str, list[str]]]:
    compiled = []
    for english, chinese in REASONS:
        names: list[str] = []
        regex = ""
        for literal, name in re.findall(r"([^{]*)(?:\{(\w+)\})?", english):
            regex += re.escape(literal)
            if name:
                names.append(name)
                regex += f"(?P<{name}>.+?)"
        compiled.append((re.compile(regex + r"\Z", re.S), chinese, names))
    return compiled


def translate_reason(reason: str, language: str) -> str:
    """``reason`` in ``language`` ('zh_CN' or 'en'); untranslatable parts are kept."""
    if not language.startswith("zh") or not reason:
        return reason
    for pattern, chinese, names in _patterns():
        found = pattern.match(reason)
        if found is None:
            continue
        values = {n: found.group(n) for n in names}
        for nested in ("reason", "who"):
            if nested in values:
                values[nested] = translate_reason(values[nested], language)
        if "detail" in values:  # often a message of its own (a library's): kept as it is
            values["detail"] = _known(values["detail"]) or values["detail"]
        return chinese.format(**values)
    log.warning("no translation for the reason %r", reason)
    return reason


def _known(text: str) -> str | None:
    """``text`` in Chinese if it is one of the sentences above, else None."""
    for pattern, chinese, names in _patterns():
        found = pattern.match(text)
        if found is not None:
            return chinese.format(**{n: found.group(n) for n in names})
    return None


def message(key: str, language: str, **values: object) -> str:
    """A command-line message in ``language``; a ``reason`` value is translated too."""
    english, chinese = MESSAGES[key]
    if "reason" in values:
        values["reason"] = translate_reason(str(values["reason"]), language)
    return (chinese if language.startswith("zh") else english).format(**values)
