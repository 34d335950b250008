"""What start-up leaves for later: the library catalog is read once (the window and the
searcher share it), and what the first query needs is read in the search lane before the
user types, so the first search does no more work than the next ones."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

import pytest

from desktop.catalog import IndexCatalog, LibraryEntry, RowEntries, entry_for_catalog
from desktop.ui.library_panel import EXPANDED_ROWS, LibraryPanel
from index.catalog import Catalog, write_catalog
from index.document import Block, BlockKind, Document, make_block_ids
from tests.index.test_catalog_rows import first_rows_format


def test_catalog_read_once_and_first_search_prepared(
    qtbot: Any, make_window: Any, search: Any, monkeypatch: Any
) -> None:
    decoded: list[Catalog] = []
    original = Catalog._load

    def counting(self: Catalog) -> Any:
        if self._entries is None:
            decoded.append(self)
        return original(self)

    monkeypatch.setattr(Catalog, "_load", counting)
    window = make_window()
    library = window.library
    assert library.catalog is not None and library.searcher.catalog is library.catalog
    assert window.search_service.wait_idle()
    assert decoded == [library.catalog]  # one decode of catalog.json for window and search
    searcher = library.searcher
    names_built = []
    real_names = searcher._document_names

    def spy(all_versions: bool) -> Any:
        names_built.append(searcher._names is None)
        return real_names(all_versions)

    monkeypatch.setattr(searcher, "_document_names", spy)
    for query in ("数据安全法第二十一条", "个人信息"):
        assert search(window, query).total > 0
    # Both searches found the document names made already.
    assert names_built and not any(names_built)
    assert decoded == [library.catalog]


# -- start-up work does not grow with the library ------------------------------------------
def _law(number: int) -> Document:
    texts = [("heading", f"第{number % 7 + 1}章 总则"), ("article", f"第一条 正文{number}")]
    ids = make_block_ids(texts)
    blocks = tuple(
        Block(i, BlockKind(kind), text, level=1 if kind == "heading" else 0)
        for i, (kind, text) in zip(ids, texts, strict=True)
    )
    return Document(
        id=f"doc{number:05d}",
        title=f"{'数据安全个人信息行政许可'[number % 6 :][:4]}条例{number}",
        blocks=blocks,
        category=CATEGORIES[number % len(CATEGORIES)],
        version_date=f"20{10 + number % 15}-01-01",
        version_group=f"group{number // 2:05d}",  # two versions of each
    )


CATEGORIES = (("法律", "行政法"), ("法律", "经济法"), ("行政法规",), ("部门规章", "公安部"))


@cache
def _library_dir(root: Path, size: int) -> Path:
    folder = root / f"library-{size}"
    folder.mkdir()
    write_catalog(folder, [_law(n) for n in range(size)])
    return folder


@pytest.fixture(scope="module")
def libraries(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    root = tmp_path_factory.mktemp("start-work")
    return {size: _library_dir(root, size) for size in (300, 3000)}


def _start_counts(qtbot: Any, folder: Path) -> tuple[int, int, int]:
    """Records decoded, library entries made and tree rows made to show the library."""
    catalog = Catalog(folder)
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 700)
    panel.show()
    entries = IndexCatalog(catalog).entries()
    assert isinstance(entries, RowEntries)
    panel.set_entries(entries, simplified=False)
    return catalog.records_decoded, entries.made, panel.model.nodes_built


def test_listing_the_library_decodes_no_record_at_any_size(
    qtbot: Any, libraries: dict[int, Path]
) -> None:
    small = _start_counts(qtbot, libraries[300])
    large = _start_counts(qtbot, libraries[3000])
    assert small[0] == large[0] == 0  # the tree is listed from catalog.rows
    # Entries and rows are made for the group rows and the documents of the groups
    # opened within a fixed budget — ten times the library, not one more.
    bound = 2 * len(CATEGORIES) + EXPANDED_ROWS
    assert 0 < small[2] <= bound and 0 < large[2] <= bound
    assert large[1] <= EXPANDED_ROWS + len(CATEGORIES)
    assert large[1] < 3000 // 5  # grouping 3,000 documents made almost none of them


def _calls_to_group(folder: Path) -> int:
    """Python functions run, and built-in functions called from Python code, to group a
    library into the tree's rows (its columns already read)."""
    import sys

    from desktop.models.library_model import LibraryModel

    entries = IndexCatalog(Catalog(folder)).entries()
    assert isinstance(entries, RowEntries)
    for name in ("id", "category", "source", "date", "current", "version_group"):
        entries._rows.column(name)  # reading the file is not counted here
    model = LibraryModel()
    calls = [0]

    def count(_frame: Any, event: str, _arg: Any) -> None:
        if event in ("call", "c_call"):
            calls[0] += 1

    sys.setprofile(count)
    try:
        model.set_entries(entries, simplified=False)
    finally:
        sys.setprofile(None)
    assert model.rowCount() == len({c[0] for c in CATEGORIES})
    return calls[0]


def test_grouping_the_library_runs_no_code_per_document(libraries: dict[int, Path]) -> None:
    """The groups of 300 and of 3,000 documents (the same groups) take as many calls:
    the work before the first paint grows with the groups, not with the documents."""
    small, large = _calls_to_group(libraries[300]), _calls_to_group(libraries[3000])
    assert small > 0
    assert large - small < 30, (small, large)


def test_tree_from_rows_lists_what_the_tree_from_entries_lists(
    qtbot: Any, libraries: dict[int, Path]
) -> None:
    """The oracle: the same library as a plain list of entries (every one made)."""
    catalog = Catalog(libraries[300])
    lazy, plain = LibraryPanel(), LibraryPanel()
    for panel in (lazy, plain):
        qtbot.addWidget(panel)
    lazy.set_entries(IndexCatalog(catalog).entries(), simplified=False)
    plain.set_entries(list(IndexCatalog(Catalog(libraries[300])).entries()), simplified=False)

    def rows(model: Any, parent: Any = None, depth: int = 0) -> list[tuple[int, str]]:
        from PySide6.QtCore import QModelIndex

        parent = parent if parent is not None else QModelIndex()
        while model.canFetchMore(parent):
            model.fetchMore(parent)
        out = []
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            out.append((depth, str(index.data())))
            if depth < 2:
                out.extend(rows(model, index, depth + 1))
        return out

    listed = rows(lazy.model)
    assert listed == rows(plain.model)
    assert sum(1 for depth, _ in listed if depth == 2) > 200  # documents under departments


def _article(number: int) -> Document:
    """A document without a category: listed by source, then year."""
    texts = [("article", f"正文{number}")]
    ids = make_block_ids(texts)
    blocks = tuple(
        Block(i, BlockKind(kind), text) for i, (kind, text) in zip(ids, texts, strict=True)
    )
    dates = ("2021-03-04", "2019-12-01", "", "20")
    return Document(
        id=f"art{number:04d}",
        title=f"文章{number % 13}",
        blocks=blocks,
        published=dates[number % len(dates)],
        source=("人民日报", "新华社", "")[number % 3],
    )


@pytest.mark.parametrize("first_format", [False, True], ids=["rows-now", "first-rows-format"])
def test_tree_of_laws_and_articles_from_rows_is_the_tree_from_entries(
    qtbot: Any, tmp_path: Path, first_format: bool
) -> None:
    """Laws by category and department, articles by source and year (no source or no
    year: —), the same from the catalog's rows as from a plain list of entries — rows
    as written now (the groups as the build stored them) or as indexes and packs built
    before have them (the groups worked out from the columns)."""
    from PySide6.QtCore import QModelIndex

    write_catalog(tmp_path, [_law(n) for n in range(40)] + [_article(n) for n in range(60)])
    if first_format:
        first_rows_format(tmp_path)
    lazy, plain = LibraryPanel(), LibraryPanel()
    for panel in (lazy, plain):
        qtbot.addWidget(panel)
    lazy.set_entries(IndexCatalog(Catalog(tmp_path)).entries(), simplified=False)
    plain.set_entries(list(IndexCatalog(Catalog(tmp_path)).entries()), simplified=False)

    def rows(model: Any, parent: Any = None, depth: int = 0) -> list[tuple[int, str, int]]:
        parent = parent if parent is not None else QModelIndex()
        out = []
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            out.append((depth, str(index.data()), model.rowCount(index)))
            if depth < 2:
                out.extend(rows(model, index, depth + 1))
        return out

    listed = rows(lazy.model)
    assert listed == rows(plain.model)
    groups = {text for depth, text, _ in listed if depth == 0}
    assert {"人民日报", "新华社", "—", "法律", "行政法规"} <= groups
    years = {text for depth, text, _ in listed if depth == 1}
    assert {"2021", "2019", "—"} <= years


def test_groups_stored_by_the_build_are_the_groups_worked_out_from_the_columns(
    tmp_path: Path,
) -> None:
    """Each group's documents, in the order the tree lists them (laws by title, others
    by date; ties as sorting the columns leaves them), the same from either rows file."""
    docs = [_law(n) for n in range(40)] + [_article(n) for n in range(60)]
    write_catalog(tmp_path, docs)
    older = tmp_path / "older"
    older.mkdir()
    write_catalog(older, docs)
    first_rows_format(older)

    def groups(folder: Path) -> dict[tuple[str, str, bool], list[int]]:
        """Each group's rows as the tree takes them (its pieces joined, as the tree
        joins keys that list under one row: a year of "" and of "20" both under —)."""
        entries = IndexCatalog(Catalog(folder)).entries()
        assert isinstance(entries, RowEntries)
        pieces: dict[tuple[str, str, bool], list[Any]] = {}
        for group, sub, law, rows in entries.group_rows():
            pieces.setdefault((group, sub, law), []).append(rows)
        return {
            key: entries.sort_rows(held[0] if len(held) == 1 else list(chain(*held)), key[2])
            for key, held in pieces.items()
        }

    stored, worked_out = groups(tmp_path), groups(older)
    assert stored == worked_out
    assert sum(map(len, stored.values())) == sum(1 for d in docs if d.current)


def test_library_list_from_rows_is_the_list_from_the_whole_catalog(
    libraries: dict[int, Path],
) -> None:
    catalog = Catalog(libraries[300])
    from_rows = IndexCatalog(catalog).entries()
    oracle = [entry_for_catalog(catalog, e) for e in Catalog(libraries[300]).documents]

    def shown(entry: LibraryEntry) -> tuple[object, ...]:
        return (
            entry.doc_id,
            entry.title,
            entry.category,
            entry.department,
            entry.source,
            entry.published,
            entry.effective,
            entry.path,
            entry.current,
            entry.folded,
            entry.pinyin,
            entry.version_group,
        )

    assert [shown(e) for e in from_rows] == [shown(e) for e in oracle]
    assert catalog.records_decoded == 0
    # An outline is read when a document's row is expanded, from its stored form.
    first, expected = from_rows[0], oracle[0]
    first.load_outline()
    expected.load_outline()
    assert first.outline == expected.outline and first.outline[0].title == "第1章 总则"


def test_files_the_build_skipped_are_listed_with_a_library_from_its_catalog(
    tmp_path: Path,
) -> None:
    """The files an index's build could not read, as its manifest lists them, come with
    the library listed from that index's catalog (the log and the self-check report them)."""
    import json

    from desktop.library import Library

    write_catalog(tmp_path, [_law(n) for n in range(3)])
    skipped = ["laws/坏.txt: not UTF-8 text", "laws/大.txt: too large: 30 MB"]
    (tmp_path / "manifest.json").write_text(json.dumps({"skipped": skipped}), "utf-8")
    library = Library.from_catalog(tmp_path / "corpus", tmp_path)
    assert [str(s) for s in library.corpus.skipped] == skipped
    first = library.corpus.skipped[0]
    assert (first.path, first.reason) == (Path("laws/坏.txt"), "not UTF-8 text")
    assert len(library.entries()) == 3


def test_notes_panel_lists_documents_when_its_document_box_is_opened(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    panel = window.annotations.panel
    box = panel.doc_combo
    assert box.items_made == 0 and box.count() == 2  # all documents / current document
    documents = window.annotations.documents()
    assert len(documents) > 2
    box.showPopup()
    box.hidePopup()
    assert box.count() == 2 + len(documents)
    assert box.items_made == len(documents)
    doc_id = list(documents)[-1]
    assert box.itemData(box.findData(doc_id)) == doc_id
    panel.select(doc_id=doc_id)
    assert box.currentData() == doc_id
    # Changing the script lists them again only when the box is opened again; the
    # chosen document stays chosen meanwhile.
    panel.set_simplified(not panel.simplified)
    assert box.currentData() == doc_id and box.count() == 3


def test_window_paints_with_its_library_before_the_index_opens(
    qtbot: Any, make_window: Any
) -> None:
    """What the window fills in after its first paint (the index, the last document, My
    documents) comes after it: the user sees the library at once."""
    from PySide6.QtCore import QEvent, QObject

    window = make_window(wait_index=False)
    order: list[str] = []
    listed: list[int] = []

    class FirstPaint(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "paint" not in order:
                order.append("paint")
                listed.append(window.library_panel.model.rowCount())
            return False

    probe = FirstPaint()
    window.installEventFilter(probe)
    window.index_ready.connect(lambda: order.append("index"))
    assert window.library.searcher is None and window.current is None
    with qtbot.waitSignal(window.index_ready, timeout=20000):
        pass
    assert order[:2] == ["paint", "index"]
    assert listed[0] > 0  # the library's groups were there at the first paint
    qtbot.waitUntil(lambda: window.personal.loaded and window.current is not None, timeout=20000)
    window.removeEventFilter(probe)


# -- what is loaded before the first paint ---------------------------------------------------
_FIRST_PAINT_PROBE = """
import enum, gc, json, linecache, sys
from PySide6.QtWidgets import QWidget
from desktop.ui import first_paint

seen = {}
filters = []
original = first_paint.after_first_paint
before_main = set()
passes = []  # the collector's passes from main() to the first paint


def counting_passes(phase, info):
    if phase == "start" and not seen:
        passes.append(info["generation"])


def collector_after_paint():
    from PySide6.QtWidgets import QApplication
    from desktop import fonts

    seen["collector_on"] = gc.isenabled()
    seen["frozen"] = gc.get_freeze_count()
    seen["fonts_after"] = list(fonts._loaded)
    seen["ui_families_after"] = QApplication.font().families()
    from PySide6.QtGui import QFontDatabase

    installed = set(QFontDatabase.families())
    seen["system_cjk"] = [f for f in fonts.UI_CJK_FAMILIES if f in installed]


class AtPaint(QWidget):
    # A transparent pixel painted with the first widget watched for its paint (no
    # event filter: one would hand the window's events to Python, which the program
    # does not do before its paint).

    def __init__(self, parent):
        super().__init__(parent)
        self.setGeometry(0, 0, 1, 1)

    def paintEvent(self, _event):
        if not seen:
            seen["modules"] = sorted(sys.modules)
            seen["enums"] = sum(
                1 for o in gc.get_objects()
                if isinstance(o, enum.EnumMeta)
                and (getattr(o, "__module__", "") or "").startswith("PySide6")
            )
            seen["dataclasses"] = sorted({
                f"{o.__module__}.{o.__qualname__}" for o in gc.get_objects()
                if isinstance(o, type) and "__dataclass_fields__" in vars(o)
            })
            import PySide6.QtGui as gui
            import PySide6.QtWidgets as widgets
            seen["widget_classes"] = sorted(
                k for k, v in vars(widgets).items() if isinstance(v, type)
            )
            seen["gui_classes"] = sorted(k for k, v in vars(gui).items() if isinstance(v, type))
            files = {
                getattr(sys.modules[m], "__file__", None) for m in sys.modules
                if m not in before_main
            }
            seen["sources_read"] = sorted(f for f in files if f and f in linecache.cache)
            seen["passes"] = list(passes)
            from desktop import fonts

            seen["fonts_at_paint"] = list(fonts._loaded)
            from PySide6.QtCore import QTimer

            QTimer.singleShot(100, collector_after_paint)


def watching(window, step, latest_ms=1000):
    if not filters:
        filters.append(AtPaint(window))
    original(window, step, latest_ms)


first_paint.after_first_paint = watching
from desktop.app import main

before_main.update(sys.modules)
gc.callbacks.append(counting_passes)
code = main(["--exit-when-ready"])
print(json.dumps({"code": code, "at_paint": seen.get("modules"), "after": sorted(sys.modules),
                  "enums": seen.get("enums"), "widget_classes": seen.get("widget_classes"),
                  "sources_read": seen.get("sources_read"), "gui_classes": seen.get("gui_classes"),
                  "dataclasses": seen.get("dataclasses"), "passes": seen.get("passes"),
                  "collector_on": seen.get("collector_on"), "frozen": seen.get("frozen"),
                  "fonts_at_paint": seen.get("fonts_at_paint"),
                  "fonts_after": seen.get("fonts_after"), "system_cjk": seen.get("system_cjk"),
                  "ui_families_after": seen.get("ui_families_after")}))
"""


def test_window_paints_before_the_search_engine_is_loaded(tmp_path: Path) -> None:
    """The search engine (Whoosh) and the index check load after the first paint, in the
    background; the library is listed and searchable once they are done."""
    import json

    run = _run_probe(_FIRST_PAINT_PROBE, tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert any(line.startswith("ready ") for line in lines)  # the index opened after all
    report = json.loads(lines[-1])
    at_paint, after = report["at_paint"], report["after"]
    assert at_paint, "the window was never painted"
    assert not [m for m in at_paint if m == "whoosh" or m.startswith("whoosh.")]
    assert "index.search" not in at_paint and "index.session" not in at_paint
    assert "whoosh" in after and "index.search" in after  # loaded after the paint


# What is built right after the first paint, and so not even imported before it.
_AFTER_PAINT_MODULES = (
    "desktop.annotations",
    "desktop.ui.annotation_controller",
    "desktop.ui.import_controller",
    "desktop.ui.packs_action",
    "desktop.ui.law_reading",
    "desktop.ui.help_menu",
    "desktop.ui.interface_size",
    "desktop.ui.pdf_export_ui",
    "desktop.ui.error_dialog",
    "desktop.personal",
    "desktop.library_filter",
    "desktop.ui.rendering",
    "desktop.pack_library",
)
# Standard and own modules only later work uses (the notes' database, the background
# runner's threads, search results' markup, pack archives, a second launch's hand-over
# with the socket module and OpenSSL's hashes, the log's rotation, a corpus read for an
# index build or from an archive, the find bar until Ctrl+F, the search facets' code until
# the first search, the documents' and the catalog records' classes until one is read, a
# corpus' notes of skipped and identical files until one is listed, the
# locale module that argparse's help texts and the command line's messages need, the
# explanations of a data folder that cannot be used): not loaded to paint.
_LATER_LIBRARY_MODULES = (
    "sqlite3",
    "concurrent.futures",
    "html",
    "index.packs.archive",
    "multiprocessing",
    "pickle",
    "hashlib",
    "logging.handlers",
    "index.corpus_scan",
    "index.corpus_archive",
    "desktop.ui.find_bar",
    "index.facets",
    "index.document",
    "index.catalog_entries",
    "index.corpus_notes",
    "locale",
    "desktop.storage_failures",
    "socket",
    "selectors",
)
OWN_MODULES_AT_PAINT = 42  # the program's own modules imported before the first paint, at most
MODULES_AT_PAINT = 202  # all modules, the standard library's and PySide's included, at most


def test_window_paints_before_its_later_parts_are_loaded(tmp_path: Path) -> None:
    """Notes, My documents, packs, the law-reading tools, help, the interface size and
    PDF export are loaded after the first paint, and then they are all there."""
    import json

    run = _run_probe(_FIRST_PAINT_PROBE, tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.splitlines()[-1])
    at_paint, after = report["at_paint"], report["after"]
    assert at_paint, "the window was never painted"
    assert not [m for m in _AFTER_PAINT_MODULES if m in at_paint]
    assert not [m for m in _LATER_LIBRARY_MODULES if m in at_paint]
    assert all(m in after for m in _AFTER_PAINT_MODULES)
    own = [m for m in at_paint if m.split(".")[0] in ("desktop", "index")]
    assert len(own) <= OWN_MODULES_AT_PAINT, own
    assert len(at_paint) <= MODULES_AT_PAINT, len(at_paint)


# Python enum classes PySide6 makes before the first paint, at most: those of the Qt
# classes the window uses (the Qt namespace alone has 93; a bare window makes about 50).
PYSIDE_ENUMS_AT_PAINT = 185
# Widget classes the window never shows at start; PySide makes them all, with their enums,
# the first time a call returns a widget Qt made (a view's viewport, say).
_UNUSED_WIDGET_CLASSES = ("QCalendarWidget", "QMdiArea", "QWizard", "QLCDNumber", "QRhiWidget")
# The text classes the reading view and search results lay text out with (17 enums):
# made with the first text laid out, after the first paint.
_LATER_TEXT_CLASSES = ("QTextDocument", "QTextCursor", "QTextCharFormat", "QTextFormat")
# Made by the window only once they are needed: a progress dialog, a search result
# painted, the style's arrows for back and forward (QStyle: 11 enums, 564 members).
_LATER_WIDGET_CLASSES = ("QProgressDialog", "QDialog", "QStyleOptionViewItem", "QStyle")
# The first event handed to Python code has PySide make the class of every kind of event
# (about 50, with their enums): the window hands none before its paint (its paint is
# watched through a pixel's own paint), so those it never gets are not made.
_UNUSED_EVENT_CLASSES = ("QContextMenuEvent", "QDropEvent", "QTabletEvent", "QScrollEvent")
# The reading view's scroll bar is asked for with the first document shown.
_LATER_SCROLL_CLASSES = ("QScrollBar", "QAbstractSlider")


def test_window_paints_before_pyside_makes_classes_it_does_not_use(tmp_path: Path) -> None:
    """Before the first paint nothing asks for a widget Qt made (which would have PySide
    make the Python class and enums of every kind of widget, some 70 enums)."""
    import json

    run = _run_probe(_FIRST_PAINT_PROBE, tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.splitlines()[-1])
    assert report["widget_classes"], "the window was never painted"
    made = [name for name in _UNUSED_WIDGET_CLASSES if name in report["widget_classes"]]
    assert not made
    made_early = [name for name in _LATER_WIDGET_CLASSES if name in report["widget_classes"]]
    assert not made_early
    text_classes = [name for name in _LATER_TEXT_CLASSES if name in report["gui_classes"]]
    assert not text_classes
    events = [name for name in _UNUSED_EVENT_CLASSES if name in report["gui_classes"]]
    assert not events
    scrolling = [name for name in _LATER_SCROLL_CLASSES if name in report["widget_classes"]]
    assert not scrolling
    assert 0 < report["enums"] <= PYSIDE_ENUMS_AT_PAINT
    # and they are made when needed (the notes' step asks for the reading view's viewport)
    assert "QTreeView" in report["widget_classes"]


# Classes made by the dataclass decorator before the first paint, at most (each costs
# the decorator's generated methods, about a millisecond): the library's entries, the
# input method's and the corpus' own (the documents', the catalog records' and the corpus
# notes' own are made when one is first read, after the paint).
DATACLASSES_AT_PAINT = 8


def test_window_paints_with_few_dataclasses_made(tmp_path: Path) -> None:
    """What only later work uses (My documents' import, the notes) is not even defined
    before the first paint: its modules load after it."""
    import json

    run = _run_probe(_FIRST_PAINT_PROBE, tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.splitlines()[-1])
    made = report["dataclasses"]
    assert made, "the window was never painted"
    assert "desktop.catalog.LibraryEntry" in made  # the tree's rows
    assert not [name for name in made if name.startswith("desktop.personal.")]
    assert not [name for name in made if name.startswith("desktop.library_filter.")]
    assert len(made) <= DATACLASSES_AT_PAINT, made


def test_window_paints_without_a_pass_of_the_collector(tmp_path: Path) -> None:
    """Start-up's objects live as long as the window: the collector makes no pass over
    them before the first paint (a few dozen did, each going through ever more objects),
    and runs again after it, with what start-up made kept out of its passes."""
    import json

    run = _run_probe(_FIRST_PAINT_PROBE, tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.splitlines()[-1])
    assert report["at_paint"], "the window was never painted"
    assert report["passes"] == []
    assert report["collector_on"] is True
    assert report["frozen"] > 10_000  # the modules, classes, widgets and rows made to start


def test_bundled_font_is_registered_after_the_paint_where_a_system_font_shows_chinese(
    tmp_path: Path,
) -> None:
    """The bundled serif (3.6 MB, parsed when registered) is the fallback behind the
    system's fonts: where a system CJK sans shows the interface, the first paint does
    without it and it is put behind the interface's families right after; without one it
    is there to paint."""
    import json

    from desktop import fonts

    run = _run_probe(_FIRST_PAINT_PROBE, tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.splitlines()[-1])
    assert report["at_paint"], "the window was never painted"
    assert fonts.BUNDLED_FAMILY in report["fonts_after"]
    assert report["ui_families_after"][-1] == fonts.BUNDLED_FAMILY  # the last fallback
    if report["system_cjk"]:
        assert report["fonts_at_paint"] == []
        assert report["ui_families_after"][1] == report["system_cjk"][0]
    else:
        assert fonts.BUNDLED_FAMILY in report["fonts_at_paint"]


def test_start_reads_no_module_source(tmp_path: Path) -> None:
    """PySide6's look for ``from __feature__ import`` is spared: the modules the program
    imports to start are loaded from their bytecode, their source is not read as well."""
    import json

    run = _run_probe(_FIRST_PAINT_PROBE, tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.splitlines()[-1])
    assert report["at_paint"], "the window was never painted"
    assert "desktop.ui.main_window" in report["at_paint"]
    assert report["sources_read"] == []


def test_query_typed_while_the_index_is_checked_is_answered_once_it_opens(
    qtbot: Any, make_window: Any, monkeypatch: Any
) -> None:
    """The search box can be used from the first paint: what is asked before the index
    check (after that paint, in the background) is done is searched when it is done."""
    import threading

    from PySide6.QtCore import QEvent, QObject

    from index import session

    release = threading.Event()
    real_choose = session.choose_index

    def held_choice(*args: Any, **kwargs: Any) -> Any:
        release.wait(20)
        return real_choose(*args, **kwargs)

    monkeypatch.setattr(session, "choose_index", held_choice)
    window = make_window(wait_index=False)
    painted: list[bool] = []

    class FirstPaint(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    probe = FirstPaint()
    window.installEventFilter(probe)
    window.update()
    qtbot.waitUntil(lambda: bool(painted), timeout=10000)
    window.removeEventFilter(probe)
    assert window.library_panel.model.rowCount() > 0  # listed before the index is chosen
    assert not window.searchable.searchable
    window.focus_search()
    window.search_panel.query_edit.setText("个人信息")
    window.search_panel.search_requested.emit("个人信息", False)
    assert window.search_panel.model.hits == []  # nothing yet: the index is being checked
    with qtbot.waitSignal(
        window.search_shown, timeout=20000, check_params_cb=lambda r: r.query == "个人信息"
    ) as shown:
        release.set()
    assert shown.args[0].total > 0
    qtbot.waitUntil(lambda: window.personal.loaded, timeout=20000)


_QUIT_DURING_CHECK_PROBE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from index import session

real_choose = session.choose_index

def slow_choice(*args, **kwargs):
    time.sleep(1.5)  # still checking when the application quits
    return real_choose(*args, **kwargs)

session.choose_index = slow_choice
app = QApplication(sys.argv[:1])
from desktop.app import create_window

window = create_window()
window.show()
QTimer.singleShot(200, app.quit)  # quit, as a session logout does, without closing first
app.exec()
print("left the event loop", flush=True)
"""


@pytest.mark.slow
def test_quitting_while_the_index_is_checked_ends_the_process_cleanly(tmp_path: Path) -> None:
    """The start-up index check runs on the window's runner: quitting before it ends waits
    for it and exits normally (a bare thread emitting into a window being torn down could
    crash the process)."""
    for _ in range(3):
        run = _run_probe(_QUIT_DURING_CHECK_PROBE, tmp_path)
        assert run.returncode == 0, run.stderr[-3000:]
        assert "left the event loop" in run.stdout


def _run_probe(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``code`` in a new interpreter from the repository root, offscreen, with its own data."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "POLICY_LIBRARY_DATA_DIR": str(tmp_path / "data"),
        "PYTHONFAULTHANDLER": "1",
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )


# -- the library listed, whatever its size ----------------------------------------------------
# Shown at start in both libraries: 法律 › 行政法, 行政法规 and 部门规章 › 公安部, 30 current
# laws each (and an earlier version of every third), all opened by the tree.  The rest is
# 地方性法规 › 某省: more documents than the tree opens at start, 400 in one library and
# ten times as many in the other.
_SHOWN_GROUPS = (("法律", "行政法"), ("行政法规",), ("部门规章", "公安部"))
_SHOWN_PER_GROUP = 30


def _listed_law(number: int, category: tuple[str, ...], current: bool = True) -> Document:
    texts = [("heading", "第一章 总则"), ("article", f"第一条 正文{number}")]
    ids = make_block_ids(texts)
    blocks = tuple(
        Block(i, BlockKind(kind), text, level=1 if kind == "heading" else 0)
        for i, (kind, text) in zip(ids, texts, strict=True)
    )
    return Document(
        id=f"law{number:06d}{'' if current else 'old'}",
        title=f"{'数据安全个人信息行政许可'[number % 6 :][:4]}条例{number}",
        blocks=blocks,
        category=category,
        version_date=f"20{20 if current else 10}-01-{1 + number % 28:02d}",
        version_group=f"group{number:06d}",
        current=current,
    )


def _listed_library(hidden: int) -> list[Document]:
    docs = []
    for group, category in enumerate(_SHOWN_GROUPS):
        for n in range(_SHOWN_PER_GROUP):
            number = group * _SHOWN_PER_GROUP + n
            docs.append(_listed_law(number, category))
            if n % 3 == 0:
                docs.append(_listed_law(number, category, current=False))
    first = len(_SHOWN_GROUPS) * _SHOWN_PER_GROUP
    docs.extend(_listed_law(first + n, ("地方性法规", "某省")) for n in range(hidden))
    return docs


@pytest.fixture(scope="module")
def listed_libraries(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Index folders (their catalog alone) of the two libraries, by hidden documents."""
    import json

    root = tmp_path_factory.mktemp("listed")
    out = {}
    for hidden in (EXPANDED_ROWS, 10 * EXPANDED_ROWS):
        folder = root / f"library-{hidden}"
        folder.mkdir()
        write_catalog(folder, _listed_library(hidden))
        (folder / "manifest.json").write_text(json.dumps({"skipped": []}), "utf-8")
        out[hidden] = folder
    return out


def _start_to_paint(qtbot: Any, folder: Path) -> dict[str, int]:
    """What listing ``folder``'s library costs, from opening its catalog to the tree
    painted with it (at once, so no other work runs meanwhile): Python calls
    (functions run and built-in functions called from Python code), Python memory blocks
    still held at that paint, entries made, records and cells of the catalog decoded,
    and the rows the tree shows."""
    import gc

    from PySide6.QtCore import QEvent, QModelIndex, QObject

    from desktop.library import Library

    painted: list[bool] = []
    calls = [0]

    def count(_frame: Any, event: str, _arg: Any) -> None:
        if event in ("call", "c_call"):
            calls[0] += 1

    class Painted(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    probe = Painted()
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 700)
    panel.show()
    qtbot.waitExposed(panel)
    panel.tree.viewport().installEventFilter(probe)
    gc.collect()
    blocks = sys.getallocatedblocks()
    sys.setprofile(count)
    try:
        library = Library.from_catalog(folder / "corpus", folder)
        entries = library.entries()
        panel.set_entries(entries, simplified=False)
        panel.tree.grab()  # painted now, as the window paints it
    finally:
        sys.setprofile(None)
    panel.tree.viewport().removeEventFilter(probe)
    assert painted, "the tree was not painted"
    gc.collect()
    held = sys.getallocatedblocks() - blocks
    assert library.catalog is not None and isinstance(entries, RowEntries)
    rows = library.catalog.rows()
    model, tree = panel.model, panel.tree
    listed: list[str] = []  # the rows the tree shows (within opened rows)
    opened = [QModelIndex()]
    while opened:
        parent = opened.pop()
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            listed.append(str(index.data()))
            if tree.isExpanded(index):
                opened.append(index)
    return {
        "calls": calls[0],
        "held": held,
        "made": entries.made,
        "records": library.catalog.records_decoded,
        "cells": getattr(rows, "cells_decoded", -1),
        "listed": len(listed),
        "documents": len(entries),
    }


def test_work_to_list_the_library_does_not_grow_with_its_size(
    qtbot: Any, listed_libraries: dict[int, Path]
) -> None:
    """The same tree shown from a library ten times larger costs as many Python calls,
    leaves as much held in memory and reads as many of its cells: the work before the
    first paint grows with what is shown, not with the documents."""
    small_dir, large_dir = listed_libraries[EXPANDED_ROWS], listed_libraries[10 * EXPANDED_ROWS]
    _start_to_paint(qtbot, small_dir)  # what is loaded once (modules, caches) is not counted
    small = _start_to_paint(qtbot, small_dir)
    large = _start_to_paint(qtbot, large_dir)
    assert large["documents"] - small["documents"] == 9 * EXPANDED_ROWS
    shown = len(_SHOWN_GROUPS) * _SHOWN_PER_GROUP
    # the shown groups' documents listed; the large group's are not opened
    assert small["listed"] == large["listed"] > shown
    assert small["made"] == large["made"] == shown
    assert small["records"] == large["records"] == 0
    # 3,600 more documents, not one more string or number kept for them
    assert large["held"] - small["held"] < EXPANDED_ROWS, (small, large)
    assert abs(large["calls"] - small["calls"]) < 30, (small, large)
    assert small["cells"] == large["cells"] > 0  # only the rows shown are read
