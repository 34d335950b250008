"""Inputs at and beyond the documented limits, written for the limit benchmark and tests.

Each writer makes a real file of its format that a hostile sender could make: a PDF
with as many pages as the limits allow, one whose single content stream inflates to
gigabytes (a FlateDecode bomb), one whose objects nest a million levels deep, one whose
forms draw each other exponentially; a notes exchange file of empty objects.  The PDFs
are written byte by byte (objects, cross-reference table, trailer) with the standard
Helvetica font, so nothing but this module is needed to make them.
"""

from __future__ import annotations

import io
import itertools
import json
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = [
    "PAGE_TEXT",
    "write_empty_objects_notes_file",
    "write_flate_bomb_pdf",
    "write_form_bomb_pdf",
    "write_long_docx",
    "write_many_pages_pdf",
    "write_nested_pdf",
    "write_notes_file_at_the_limits",
    "write_ofd",
    "write_ofd_bomb",
    "write_pdf_objects",
]

PAGE_TEXT = "Article {n} The departments shall strengthen coordination and report each year."
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def write_pdf_objects(path: Path, objects: Iterable[bytes], root: int = 1) -> Path:
    """A PDF of ``objects`` (numbered from 1 in order) with a correct cross-reference table."""
    offsets: list[int] = []
    with path.open("wb") as out:
        written = out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        for number, body in enumerate(objects, start=1):
            offsets.append(written)
            written += out.write(b"%d 0 obj\n" % number)
            written += out.write(body)
            written += out.write(b"\nendobj\n")
        xref = written
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
        out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(offsets) + 1, root))
        out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return path


def _stream(data: bytes, compressed: bool = False) -> bytes:
    extra = b" /Filter /FlateDecode" if compressed else b""
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def _text_content(lines: list[str]) -> bytes:
    parts = [b"BT /F1 11 Tf 50 780 Td 14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        parts.append(b"(%s) '" % escaped.encode("latin-1", "replace"))
    parts.append(b"ET")
    return b"\n".join(parts)


def write_many_pages_pdf(path: Path, pages: int, lines_per_page: int = 1, repeat: str = "") -> Path:
    """``pages`` pages in a two-level page tree, as PDF writers make them.

    Each page has its own text (a long and a short line per article, so each makes a
    paragraph), unless ``repeat`` names a heavy page every page shares: ``"forms"`` (the
    form bomb of :func:`write_form_bomb_pdf`, 8 levels deep, drawing lines, not text) or
    ``"flate"`` (a content stream inflating to 64 MB) — a small file whose pages each
    cost the most a page may.
    """
    group = 500
    groups = (pages + group - 1) // group
    # 1 catalog, 2 root of the page tree, 3 font, 4 … the intermediate nodes, then the
    # shared objects (if any), then each page (and its content stream, if its own).
    first_shared = 4 + groups
    shared: list[bytes] = []
    resources = b"/Font << /F1 3 0 R >>"
    if repeat == "forms":
        shared = [
            _stream(b"/X0 Do"),
            *_form_chain(first_shared + 1, depth=8, fan_out=10, text=False),
        ]
        resources += b" /XObject << /X0 %d 0 R >>" % (first_shared + 1)
    elif repeat == "flate":
        shared = [_flate_bomb_stream(64 * 1024 * 1024)]
    elif repeat:
        raise ValueError(f"unknown repeated page {repeat!r}")
    per_page = 1 if shared else 2
    first_page = first_shared + len(shared)

    def objects() -> Iterator[bytes]:
        yield b"<< /Type /Catalog /Pages 2 0 R >>"
        kids = b" ".join(b"%d 0 R" % (4 + g) for g in range(groups))
        yield b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)
        yield _FONT
        for g in range(groups):
            count = min(group, pages - g * group)
            refs = b" ".join(
                b"%d 0 R" % (first_page + per_page * (g * group + i)) for i in range(count)
            )
            yield b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>" % (refs, count)
        yield from shared
        for n in range(pages):
            content = first_shared if shared else first_page + per_page * n + 1
            yield (
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << %s >> /Contents %d 0 R >>" % (4 + n // group, resources, content)
            )
            if not shared:
                lines = []
                for i in range(lines_per_page):
                    article = n * lines_per_page + i + 1
                    lines += [PAGE_TEXT.format(n=article), f"Article {article} ends here."]
                yield _stream(_text_content(lines))

    return write_pdf_objects(path, objects())


def _one_page(content_object: bytes, resources: bytes = b"/Font << /F1 3 0 R >>") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> "
        b"/Contents 5 0 R >>" % resources,
        content_object,
    ]


def _flate_bomb_stream(inflated_bytes: int) -> bytes:
    unit = b"(Article 1 The departments shall strengthen coordination.) Tj T* " * 256
    compressor = zlib.compressobj(9)
    chunks = [compressor.compress(b"BT /F1 11 Tf 50 780 Td 14 TL ")]
    for _ in range(max(1, inflated_bytes // len(unit))):
        chunks.append(compressor.compress(unit))
    chunks.append(compressor.compress(b" ET"))
    chunks.append(compressor.flush())
    return _stream(b"".join(chunks), compressed=True)


def write_flate_bomb_pdf(path: Path, inflated_bytes: int) -> Path:
    """One page whose content stream inflates to ``inflated_bytes`` of text operators."""
    return write_pdf_objects(path, _one_page(_flate_bomb_stream(inflated_bytes)))


def write_nested_pdf(path: Path, depth: int, where: str = "resources") -> Path:
    """One page with text and something nested ``depth`` levels deep: in its resources
    (dictionaries within arrays within dictionaries …) or, with ``where="content"``, as
    an operand of its content stream."""
    nested = b"[<< /A " * depth + b"0" + b" >>]" * depth
    text = _text_content([PAGE_TEXT.format(n=1)])
    if where == "content":
        content = _stream(text + b"\n" + nested + b" TJ")
        return write_pdf_objects(path, _one_page(content))
    if where != "resources":
        raise ValueError(f"unknown place {where!r}")
    resources = b"/Font << /F1 3 0 R >> /Properties << /Deep %s >>" % nested
    return write_pdf_objects(path, _one_page(_stream(text), resources))


def _form_chain(first: int, depth: int, fan_out: int, text: bool = True) -> list[bytes]:
    """Form XObjects numbered from ``first``: each draws the next ``fan_out`` times; the
    last writes a line of text (or, without ``text``, draws a hundred lines)."""
    forms = []
    for level in range(depth):
        if level == depth - 1:
            body = (
                _text_content([PAGE_TEXT.format(n=level)])
                if text
                else b" ".join([b"0 0 m 100 100 l S"] * 100)
            )
            resources = b"<< /Font << /F1 3 0 R >> >>"
        else:
            body = b" ".join([b"/X Do"] * fan_out)
            resources = b"<< /Font << /F1 3 0 R >> /XObject << /X %d 0 R >> >>" % (
                first + level + 1
            )
        forms.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources %s "
            b"/Length %d >>\nstream\n%s\nendstream" % (resources, len(body), body)
        )
    return forms


def write_form_bomb_pdf(path: Path, depth: int, fan_out: int = 10) -> Path:
    """One page drawing a form that draws the next form ``fan_out`` times, ``depth`` deep:
    fan_out ** depth text operations from a file of a few kilobytes."""
    objects = _one_page(_stream(b"/X0 Do"), b"/Font << /F1 3 0 R >> /XObject << /X0 6 0 R >>")
    return write_pdf_objects(path, [*objects, *_form_chain(6, depth, fan_out)])


def write_empty_objects_notes_file(path: Path, size: int) -> Path:
    """A notes exchange file of ``size`` bytes: ``[{},{},…]`` (millions of empty notes)."""
    count = max(1, (size - 2) // 3)
    with path.open("wb") as out:
        out.write(b"[")
        block = b"{}," * 65536
        whole, rest = divmod(count - 1, 65536)
        for _ in range(whole):
            out.write(block)
        out.write(b"{}," * rest + b"{}]")
    return path


def write_notes_file_at_the_limits(path: Path, entries: int, size: int) -> Path:
    """A valid notes exchange file of ``entries`` notes filling about ``size`` bytes."""
    from desktop.annotations.exchange import EXCHANGE_FORMAT

    def entry(i: int, note: str) -> str:
        return json.dumps(
            {
                "id": str(uuid.UUID(int=i + 1)),
                "doc_id": "x",
                "block_id": "b1",
                "start": 0,
                "end": 2,
                "exact": "政务",
                "color": "pink",
                "created": "2024-01-01T00:00:00Z",
                "modified": "2024-01-01T00:00:00Z",
                "note": note,
            },
            ensure_ascii=False,
        )

    pad = max(0, (size - 100) // entries - len(entry(0, "").encode()) - 1)
    with path.open("w", encoding="utf-8") as out:
        out.write(f'{{"format":"{EXCHANGE_FORMAT}","version":1,"annotations":[')
        for i in range(entries):
            out.write(("," if i else "") + entry(i, "n" * pad))
        out.write("]}")
    return path


def write_long_docx(path: Path, paragraphs: int, text: str = "第{i}段。") -> Path:
    """A Word file with a title and ``paragraphs`` body paragraphs (its XML written directly
    into a document python-docx made)."""
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info))
                continue
            body = io.StringIO()
            body.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {namespace}><w:body>')
            body.write(
                '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>长文件</w:t></w:r></w:p>'
            )
            for i in range(paragraphs):
                body.write(f"<w:p><w:r><w:t>{text.format(i=i)}</w:t></w:r></w:p>")
            body.write("<w:sectPr/></w:body></w:document>")
            dst.writestr(info, body.getvalue().encode())
    return path


_OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _ofd_package(
    path: Path,
    pages: Iterable[Iterable[str]],
    page_count: int,
    attachments: dict[str, Iterable[bytes]] | None = None,
) -> Path:
    """An OFD package (OFD.xml, Document.xml, one Content.xml per page, each page's
    content written piece by piece) laid out as producers write it, with the files of
    ``attachments`` (name → content, written piece by piece) attached."""
    attached = ""
    if attachments:
        attached = "<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {_OFD_NS} Version="1.0" '
            'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:Title>限值</ofd:Title></ofd:DocInfo>'
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        page_list = "".join(
            f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
            for i in range(page_count)
        )
        archive.writestr(
            "Doc_0/Document.xml",
            f"<ofd:Document {_OFD_NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>"
            "0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
            f"<ofd:Pages>{page_list}</ofd:Pages>{attached}</ofd:Document>",
        )
        if attachments:
            archive.writestr(
                "Doc_0/Attachs/Attachments.xml",
                f"<ofd:Attachments {_OFD_NS}>"
                + "".join(
                    f'<ofd:Attachment ID="{n}" Name="{name}"><ofd:FileLoc>{name}</ofd:FileLoc>'
                    "</ofd:Attachment>"
                    for n, name in enumerate(attachments)
                )
                + "</ofd:Attachments>",
            )
            for name, content in attachments.items():
                with archive.open(f"Doc_0/Attachs/{name}", "w", force_zip64=True) as stream:
                    for chunk in content:
                        stream.write(chunk)
        for i, pieces in enumerate(pages):
            with archive.open(f"Doc_0/Pages/Page_{i}/Content.xml", "w") as part:
                part.write(f'<ofd:Page {_OFD_NS}><ofd:Content><ofd:Layer ID="1">'.encode())
                for piece in pieces:
                    part.write(piece.encode())
                part.write(b"</ofd:Layer></ofd:Content></ofd:Page>")
    return path


def write_ofd(path: Path, pages: int, chars_per_page: int, *, per_glyph: bool = False) -> Path:
    """An OFD of ``pages`` pages of 三号 body text, a paragraph a page (its first line
    indented), one TextObject a line of 28 characters, or one a glyph (``per_glyph``, as
    converters from other formats write them)."""
    line = "各地区各部门要加强统筹协调，按照要求抓好贯彻落实，确保取得实效。"[:28]

    def text_object(ident: str, x: float, y: float, text: str) -> str:
        delta = f' DeltaX="g {len(text) - 1} 5.6"' if len(text) > 1 else ""
        return (
            f'<ofd:TextObject ID="{ident}" Boundary="{x:g} {y:g} 160 8" Font="1" Size="5.6">'
            f'<ofd:TextCode X="0" Y="5.6"{delta}>{text}</ofd:TextCode></ofd:TextObject>'
        )

    def page(n: int) -> list[str]:
        objects = []
        for row in range(max(1, -(-chars_per_page // len(line)))):
            text = line[: min(len(line), chars_per_page - row * len(line))]
            x, y = (39.2 if row == 0 else 28.0), 37.0 + row * 10
            if per_glyph:
                objects += [
                    text_object(f"{n}.{row}.{i}", x + i * 5.6, y, ch) for i, ch in enumerate(text)
                ]
            else:
                objects.append(text_object(f"{n}.{row}", x, y, text))
        return objects

    return _ofd_package(path, (page(n) for n in range(pages)), pages)


def write_vertical_ofd(path: Path, pages: int, chars_per_page: int) -> Path:
    """:func:`write_ofd` set in columns (竖排), one text object a glyph: 20 glyphs a
    column, the columns right to left, a paragraph a page (its first column indented)."""
    column = "各地区各部门要加强统筹协调，按照要求抓好贯彻落实，确保取得实效。"[:20]

    def page(n: int) -> list[str]:
        objects = []
        for col in range(max(1, -(-chars_per_page // len(column)))):
            text = column[: min(len(column), chars_per_page - col * len(column))]
            x, top = 180.0 - col * 9.0, (41.2 if col == 0 else 30.0)
            objects += [
                f'<ofd:TextObject ID="{n}.{col}.{i}" Boundary="{x:g} {top + i * 5.6:g} 6 6" '
                f'Font="1" Size="5.6"><ofd:TextCode X="0" Y="5.6">{ch}</ofd:TextCode>'
                "</ofd:TextObject>"
                for i, ch in enumerate(text)
            ]
        return objects

    return _ofd_package(path, (page(n) for n in range(pages)), pages)


def write_ofd_with_attachment(path: Path, inflated_bytes: int = 0, *, nested: int = 0) -> Path:
    """A one-page OFD with one file attached: a .txt whose spaces inflate to
    ``inflated_bytes`` (a zip bomb), or with ``nested``, an .ofd attaching an .ofd …
    that many deep."""
    attached: dict[str, Iterable[bytes]]
    if nested:
        inner = path.with_name(f"{path.stem}.{nested}.ofd")
        write_ofd_with_attachment(inner, inflated_bytes, nested=nested - 1)
        attached = {"attached.ofd": [inner.read_bytes()]}
        inner.unlink()
    else:
        chunk = b" " * (1024 * 1024)
        spaces = (chunk for _ in range(inflated_bytes // len(chunk)))
        attached = {"attached.txt": itertools.chain(["附件\n\n附件正文。\n".encode()], spaces)}
    text = "各地区各部门要加强统筹协调，按照要求抓好贯彻落实，确保取得实效。"
    page = [
        '<ofd:TextObject ID="2" Boundary="28 37 160 8" Size="5.6"><ofd:TextCode X="0" '
        f'Y="5.6" DeltaX="g {len(text) - 1} 5.6">{text}</ofd:TextCode></ofd:TextObject>'
    ]
    return _ofd_package(path, [page], 1, attached)


def write_ofd_bomb(path: Path, inflated_bytes: int) -> Path:
    """An OFD whose single page's Content.xml inflates to ``inflated_bytes`` (XML spaces)."""
    chunk = " " * (1024 * 1024)
    spaces = (chunk for _ in range(inflated_bytes // len(chunk)))
    return _ofd_package(path, [spaces], 1)
