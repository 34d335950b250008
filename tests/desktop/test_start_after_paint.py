"""The window paints first and builds its remaining parts (notes, My documents, packs,
the law-reading tools, help, the interface size, PDF export) right after, in short
steps: the layout is the same before and after, and nothing asked meanwhile is lost."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget, QMenu

from desktop.ui.first_paint import has_painted, run_steps


def _action_names(menu: QMenu) -> list[str]:
    return [a.objectName() for a in menu.actions() if a.objectName()]


def test_notes_place_is_there_at_the_first_paint_and_filled_after(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window(wait_index=False)
    assert not window.complete
    dock = window.findChild(QDockWidget, "annotationsDock")
    menu = window.findChild(QMenu, "notesMenu")
    assert dock is window.notes_dock and menu is window.notes_menu
    # In place from the start: a tab beside search, in the menu bar before Language.
    assert dock in window.tabifiedDockWidgets(window.search_dock)
    bar = window.menuBar().actions()
    assert bar.index(menu.menuAction()) == bar.index(window.language_menu.menuAction()) - 1
    assert dock.widget() is None and menu.isEmpty()
    assert not hasattr(window, "annotations") and not hasattr(window, "personal")
    with qtbot.waitSignal(window.completed, timeout=20000):
        pass
    assert has_painted(window)
    assert dock.widget() is window.annotations.panel
    assert window.annotations.menu is menu and not menu.isEmpty()
    assert dock in window.tabifiedDockWidgets(window.search_dock)  # where it was
    file_actions = _action_names(window.file_menu)
    assert file_actions[0] == "actionImport"  # My documents
    assert {"actionExportNotes", "actionImportNotes", "actionQuit"} <= set(file_actions)
    assert window.packs_action in window.file_menu.actions()
    for part in ("law_reading", "help", "interface_size", "pdf_export", "hints"):
        assert hasattr(window, part), part
    qtbot.waitUntil(lambda: window.personal.loaded, timeout=20000)


def test_a_document_opened_before_the_notes_are_built_shows_its_notes(
    qtbot: Any, make_window: Any
) -> None:
    """Opened from the library in the first moments: the notes panel, built after,
    follows that document."""
    window = make_window(wait_index=False)
    doc_id = window.library.documents[1].id
    assert window.open_document(doc_id)
    with qtbot.waitSignal(window.completed, timeout=20000):
        pass
    assert window.annotations.panel.current_doc_id == doc_id
    qtbot.waitUntil(lambda: window.personal.loaded, timeout=20000)


def test_print_asked_before_the_window_is_complete_is_done_after(
    qtbot: Any, make_window: Any, monkeypatch: Any
) -> None:
    from desktop.ui.pdf_export_ui import PdfExport

    printed: list[str] = []

    def print_document(_self: PdfExport, doc: Any, _simplified: bool) -> int:
        printed.append(doc.id)
        return 0

    monkeypatch.setattr(PdfExport, "print_document", print_document)
    window = make_window(wait_index=False)
    doc_id = window.library.documents[0].id
    window.open_document(doc_id)
    window.print_action.trigger()  # Ctrl+P at once
    assert printed == []
    with qtbot.waitSignal(window.completed, timeout=20000):
        pass
    assert printed == [doc_id]
    qtbot.waitUntil(lambda: window.personal.loaded, timeout=20000)


def test_a_window_closed_before_it_is_complete_builds_nothing_more(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window(wait_index=False)
    completed: list[bool] = []
    window.completed.connect(lambda: completed.append(True))
    window.close()
    qtbot.wait(1500)  # past the first paint's latest moment
    assert not completed and not window.complete
    assert not hasattr(window, "annotations") and not hasattr(window, "personal")


def test_a_window_closed_right_after_its_notes_are_built_leaves_them_alone(
    qtbot: Any, make_window: Any
) -> None:
    """The notes are matched to the documents at the next turn of the event loop after
    they are built: a window closed in between does not touch the closed notes."""
    window = make_window(wait_index=False)
    qtbot.waitUntil(lambda: hasattr(window, "annotations"), timeout=20000)
    window.close()
    qtbot.wait(200)  # the turn that would have matched them, and any after
    assert window.annotations._closed


def test_steps_stop_when_their_window_is_gone(qtbot: Any) -> None:
    """A window deleted while its parts are still being built: no later step runs on it."""
    owner = QObject()
    ran: list[object] = []
    steps = [lambda: ran.append(1), owner.deleteLater, lambda: ran.append(3)]
    run_steps(owner, steps, lambda: ran.append("done"))
    qtbot.wait(200)
    assert ran == [1]


def test_back_and_forward_get_their_arrows_after_the_paint_where_they_were(
    qtbot: Any, make_window: Any
) -> None:
    """The style's arrows (which would have PySide make QStyle's hundreds of enum members
    before the paint) come with the window's later parts, in place of clear icons of the
    same size: the tool bar's buttons do not move."""
    from PySide6.QtWidgets import QToolButton

    window = make_window(wait_index=False)
    buttons = [
        window.toolbar.widgetForAction(a) for a in (window.back_action, window.forward_action)
    ]
    assert all(isinstance(b, QToolButton) for b in buttons)
    placeholder = window.back_action.icon().pixmap(window.toolbar.iconSize()).toImage()
    assert not placeholder.isNull()
    pixels = [(x, y) for x in range(placeholder.width()) for y in range(placeholder.height())]
    assert all(placeholder.pixelColor(x, y).alpha() == 0 for x, y in pixels)  # clear
    window.toolbar.adjustSize()
    before = [b.sizeHint() for b in buttons]
    with qtbot.waitSignal(window.completed, timeout=20000):
        pass
    for action, pixmap in (
        (window.back_action, "SP_ArrowBack"),
        (window.forward_action, "SP_ArrowForward"),
    ):
        from PySide6.QtWidgets import QStyle

        expected = window.style().standardIcon(getattr(QStyle.StandardPixmap, pixmap))
        size = window.toolbar.iconSize()
        assert action.icon().pixmap(size).toImage() == expected.pixmap(size).toImage()
    assert [b.sizeHint() for b in buttons] == before
    qtbot.waitUntil(lambda: window.personal.loaded, timeout=20000)
