"""The main window: library and outline on the left, the reading view, search on the right.

The window builds the widgets and wires the parts together.  What can be searched is
owned by :class:`~desktop.searchable.SearchableLibrary` (one ``changed`` signal), all
background work goes through one :class:`~desktop.workers.BackgroundTasks`, and the
notes and My documents controllers get small interfaces (:mod:`desktop.ui.window_parts`)
rather than the window itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QMouseEvent,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__, collector, paths
from desktop.history import History, Location
from desktop.library import Library
from desktop.models.outline_model import OutlineModel
from desktop.models.roles import Role
from desktop.searchable import SearchableLibrary
from desktop.settings import DEFAULT_ZOOM, LARGE_ZOOM, ZOOM_STEPS, Script, Settings
from desktop.text import display_text
from desktop.translators import Translators
from desktop.ui.first_layout import apply_first_dock_widths
from desktop.ui.first_paint import run_steps
from desktop.ui.library_facet import LibraryFacet
from desktop.ui.library_panel import LibraryPanel
from desktop.ui.occurrences import Occurrence, OccurrenceSteps
from desktop.ui.reader_view import Mark, ReaderView
from desktop.ui.search_panel import SearchPanel
from desktop.workers import BackgroundTasks, ProgressText, SearchService, Task, TaskContext
from index.folding import fold_text

if TYPE_CHECKING:  # the search engine (and documents' classes) load after the first paint
    from desktop.ui.annotation_controller import AnnotationUi, OpenedStore
    from desktop.ui.empty_hint import EmptyHint
    from desktop.ui.find_bar import FindBar
    from desktop.ui.folder_watch import FolderWatch
    from desktop.ui.help_menu import HelpActions
    from desktop.ui.import_controller import PersonalLibraryController
    from desktop.ui.interface_size import InterfaceSize
    from desktop.ui.law_reading import LawReading
    from desktop.ui.packs_watch import PacksWatch
    from desktop.ui.pdf_export_ui import PdfExport
    from desktop.ui.window_parts import WindowParts
    from index.document import Document
    from index.search import SearchResult
    from index.session import IndexChoice
    from index.store import BuildError, BuildReport

log = logging.getLogger(__name__)

OUTLINE_EXPANDED_ROWS = 400  # rows an opened document's outline shows at most at first


class MainWindow(QMainWindow):
    document_opened = Signal(str)
    index_ready = Signal()
    index_failed = Signal(str)
    rebuild_started = Signal(str)  # the text the progress dialog shows
    search_shown = Signal(object)  # SearchResult on screen
    completed = Signal()  # the parts built after the first paint are all there

    # Built right after the first paint (complete_after_paint).
    annotations: AnnotationUi
    personal: PersonalLibraryController
    folder_watch: FolderWatch
    packs_action: QAction
    packs_watch: PacksWatch
    law_reading: LawReading
    help: HelpActions
    interface_size: InterfaceSize
    hints: tuple[EmptyHint, EmptyHint]
    pdf_export: PdfExport
    _closed = False
    _notes_store: OpenedStore

    def __init__(
        self,
        library: Library | None,
        settings: Settings,
        translators: Translators | None = None,
        corpus_dir: Path | None = None,
        problem: str = "",
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings
        self.translators = translators or Translators()
        self.corpus_dir = corpus_dir or paths.corpus_dir()
        self.history = History()
        self.zoom = settings.zoom
        self.script = settings.script
        self.current: Document | None = None
        self.search_result: SearchResult | None = None
        self.occurrences = OccurrenceSteps()  # F3 steps through these
        self.find_matches: list[Mark] = []
        self.find_index = -1
        self._heading_of: dict[str, str] = {}
        self._folded: dict[str, list[str]] = {}
        self.rebuild: Task | None = None
        self.tasks = BackgroundTasks(self, dialog_parent=self)
        self.search_service = SearchService(self, self.tasks)
        self.searchable = SearchableLibrary(
            library, self.search_service, paths.user_data_location(), self
        )
        self._build_ui()
        self._create_actions()
        self._create_menus()
        self._connect()
        self.searchable.changed.connect(self._on_library_changed)
        # Notes, My documents, packs, the law-reading tools, help, the interface size and
        # PDF/printing are built right after the first paint (complete_after_paint).
        self.complete = False
        self._on_complete: list[Callable[[], object]] = []
        self._retranslate_window()  # the panels translated themselves as they were made
        if library is not None:
            self.library_panel.set_entries(library.entries(), self.simplified)
            self._library_generation = library.generation
        elif problem:
            self.reader.setPlainText(problem)  # plain text: the path is shown, not interpreted
        self._restore_layout()

    def complete_after_paint(self, then: Callable[[], None]) -> None:
        """Build the window's remaining parts, one step per turn of the event loop, then
        run what waited for them and ``then``."""
        run_steps(self, self._completion_steps(), lambda: self._completed(then))

    def _completion_steps(self) -> list[Callable[[], None]]:
        return [
            self._add_arrow_icons,
            self._follow_mouse_buttons,
            self._load_notes_code,
            self._load_notes_ui_code,
            self._open_notes_store,
            self._add_notes,
            self._add_personal_library,
            self._add_packs,
            self._add_law_reading,
            self._add_help_and_interface_size,
            self._add_hints_and_pdf_export,
        ]

    def _completed(self, then: Callable[[], None]) -> None:
        if self._closed:
            return
        self.complete = True
        waiting, self._on_complete = self._on_complete, []
        for step in waiting:
            step()
        self.completed.emit()
        then()

    def when_complete(self, step: Callable[[], object]) -> None:
        """Run ``step`` now, or once the window's parts are built (a file offered for
        import, a print asked for in the first moments)."""
        if self.complete:
            step()
        else:
            self._on_complete.append(step)

    def offer_import(self, files: list[Path]) -> None:
        """Offer ``files`` for import into My documents (command line, second launch)."""
        self.when_complete(lambda: self.personal.offer_import(files))

    def _parts(self) -> WindowParts:
        from desktop.ui.window_parts import Menus, WindowParts

        return WindowParts(
            host=self,
            reader=self.reader,
            menus=Menus(
                self.file_menu,
                self.edit_menu,
                self.view_menu,
                self.quit_action,
                self.language_menu,
                self.notes_menu,
            ),
            navigator=self,
            library=self.searchable,
            tasks=self.tasks,
            settings=self.settings,
            library_panel=self.library_panel,
            search_dock=self.search_dock,
            notes_dock=self.notes_dock,
        )

    def _add_arrow_icons(self) -> None:
        """Back and forward's arrows, from the style (see _create_menus)."""
        from PySide6.QtWidgets import QStyle

        style = self.style()
        self.back_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.forward_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward))

    def _follow_mouse_buttons(self) -> None:
        """The mouse's back and forward buttons, wherever in the window (a filter on the
        whole application: every event passes it, so not before the first paint)."""
        app = QApplication.instance()
        if app is not None and not self._closed:
            app.installEventFilter(self)

    def _load_notes_code(self) -> None:
        """The notes' code loads in a step of its own: each step stays short."""
        import desktop.annotations  # noqa: F401

    def _load_notes_ui_code(self) -> None:
        import desktop.ui.annotation_controller  # noqa: F401

    def _open_notes_store(self) -> None:
        if self._closed:
            return
        from desktop.ui.annotation_controller import open_store

        self._notes_store = open_store()

    def _add_notes(self) -> None:
        """Highlights, notes and the notes panel (the notes database opens here)."""
        if self._closed:
            return
        from desktop.ui.annotation_controller import AnnotationUi

        self.annotations = AnnotationUi(self._parts(), self._notes_store)
        del self._notes_store
        self.document_opened.connect(self.annotations.panel.set_current_document)
        if self.current is not None:  # opened from the library meanwhile
            self.annotations.panel.set_current_document(self.current.id)
            self.annotations.reload()

    def _add_personal_library(self) -> None:
        """My documents: import, tree, removal; and the data folder's watch."""
        if self._closed:
            return
        from desktop.ui.folder_watch import FolderWatch
        from desktop.ui.import_controller import PersonalLibraryController

        self.personal = PersonalLibraryController(self._parts(), self.annotations.store)
        self.personal.notes_changed.connect(self.annotations.reload)
        # Opened read-only while another process held the data folder: writable once it is free.
        self.folder_watch = FolderWatch(self.annotations, self.personal, paths.user_data_dir())

    def _add_packs(self) -> None:
        if self._closed:
            return
        from desktop.ui.packs_action import add_pack_manager_action
        from desktop.ui.packs_watch import PacksWatch

        self.packs_action = add_pack_manager_action(
            self,
            self.file_menu,
            self.tasks,
            paths.user_data_location(),
            self.searchable.reload_packs,
            self.annotations.store,
            self.searchable.documents_outside_packs,
        )
        self.packs_watch = PacksWatch(
            [paths.packs_dir(paths.user_data_location()), paths.system_packs_dir()],
            self.searchable.reload_packs,
            self,
        )

    def _add_law_reading(self) -> None:
        if self._closed:
            return
        from desktop.ui.law_reading import LawReading

        self.law_reading = LawReading(self)  # go to article, cross-references, 新旧对照

    def _add_help_and_interface_size(self) -> None:
        if self._closed:
            return
        from desktop.ui.help_menu import HelpActions
        from desktop.ui.interface_size import InterfaceSize

        self.help = HelpActions(self, self.help_menu, lambda: self.translators.language)
        self.interface_size = InterfaceSize(self, self.view_menu, self.settings)  # 100–200 %

    def _add_hints_and_pdf_export(self) -> None:
        if self._closed:
            return
        from desktop.ui.empty_hint import add_first_run_hints
        from desktop.ui.pdf_export_ui import PdfExport

        self.hints = add_first_run_hints(  # what the empty docks are for
            self.search_panel.tree,
            self.search_panel.query_edit.text,
            self.annotations.panel.tree,
        )
        self.search_panel.query_edit.textChanged.connect(self.hints[0].refresh)
        self.pdf_export = PdfExport(  # File › Export as PDF, with notes if asked
            self,
            self.tasks,
            lambda: self.annotations.store.read_path if self.annotations.store else None,
            lambda text, msecs: self.statusBar().showMessage(text, msecs),
        )

    # -- construction ----------------------------------------------------------------------
    @property
    def library(self) -> Library | None:
        """The bundled library (corpus and index); the personal one is in ``searchable``."""
        return self.searchable.library

    @property
    def simplified(self) -> bool:
        return self.script is Script.SIMPLIFIED

    def _build_ui(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.reader = ReaderView(central)
        layout.addWidget(self.reader, 1)
        self._central_layout = layout
        self._find_bar: FindBar | None = None  # made when first asked for (Ctrl+F)
        self.setCentralWidget(central)

        self.library_panel = LibraryPanel(self)
        self.library_dock = self._dock(
            "libraryDock", self.library_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.outline_model = OutlineModel(self)
        self.outline_tree = QTreeView(self)
        self.outline_tree.setObjectName("outlineTree")
        self.outline_tree.setModel(self.outline_model)
        self.outline_tree.setHeaderHidden(True)
        self.outline_tree.setUniformRowHeights(True)  # one line each: no row measured ahead
        self.outline_tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.outline_dock = self._dock(
            "outlineDock", self.outline_tree, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.search_panel = SearchPanel(self)
        self._library_facet: LibraryFacet | None = None  # made when packs are first shown
        self.search_dock = self._dock(
            "searchDock", self.search_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        # The notes panel's place, filled after the first paint: the layout does not move.
        self.notes_dock = self._dock("annotationsDock", None, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.search_dock, self.notes_dock)
        self.search_dock.raise_()
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)
        self.resize(1200, 800)

    @property
    def library_facet(self) -> LibraryFacet:
        """Which library to search, shown while packs are installed (under "only this
        document"): made when packs are first shown, not hidden in every window."""
        if self._library_facet is None:
            facet = self._library_facet = LibraryFacet(self.search_panel)
            panel_layout = self.search_panel.layout()
            if isinstance(panel_layout, QVBoxLayout):
                panel_layout.insertWidget(2, facet)
            facet.chosen.connect(self.searchable.set_libraries)
        return self._library_facet

    def _dock(self, name: str, widget: QWidget | None, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        if widget is not None:
            dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _action(
        self, name: str, shortcuts: list[QKeySequence] | None = None, slot: object = None
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcuts:
            unique = list({seq.toString(): seq for seq in shortcuts if not seq.isEmpty()}.values())
            action.setShortcuts(unique)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        key = QKeySequence
        std = QKeySequence.StandardKey
        self.print_action = self._action("actionPrint", [key(std.Print)], self.print_current)
        self.export_pdf_action = self._action(
            "actionExportPdf", [key("Ctrl+Shift+E")], self.export_current_pdf
        )
        self.rebuild_action = self._action("actionRebuildIndex", None, lambda: self.start_rebuild())
        self.quit_action = self._action("actionQuit", [key(std.Quit), key("Ctrl+Q")], self.close)
        self.copy_action = self._action("actionCopy", None, self.reader.copy)
        self.copy_action.setShortcut(key(std.Copy))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_citation_action = self._action(
            "actionCopyCitation", [key("Ctrl+Shift+C")], self.copy_with_citation
        )
        self.find_action = self._action("actionFind", [key("Ctrl+F")], self.open_find)
        self.search_action = self._action("actionSearch", [key("Ctrl+Shift+F")], self.focus_search)
        self.next_hit_action = self._action("actionNextHit", [key("F3")], self.next_hit)
        self.previous_hit_action = self._action(
            "actionPreviousHit", [key("Shift+F3")], self.previous_hit
        )
        self.back_action = self._action(
            "actionBack", [key("Alt+Left"), key(std.Back)], self.go_back
        )
        self.forward_action = self._action(
            "actionForward", [key("Alt+Right"), key(std.Forward)], self.go_forward
        )
        self.zoom_in_action = self._action(
            "actionZoomIn", [key("Ctrl+="), key("Ctrl++")], self.zoom_in
        )
        self.zoom_out_action = self._action("actionZoomOut", [key("Ctrl+-")], self.zoom_out)
        self.zoom_reset_action = self._action(
            "actionZoomReset", [key("Ctrl+0")], lambda: self.set_zoom(DEFAULT_ZOOM)
        )
        self.zoom_large_action = self._action(
            "actionZoomLarge", None, lambda: self.set_zoom(LARGE_ZOOM)
        )
        self.script_group = QActionGroup(self)
        self.original_action = self._action(
            "actionScriptOriginal", None, lambda: self.set_script(Script.ORIGINAL)
        )
        self.simplified_action = self._action(
            "actionScriptSimplified", None, lambda: self.set_script(Script.SIMPLIFIED)
        )
        self.toggle_script_action = self._action(  # 简 ⇄ 繁, the same key both ways
            "actionToggleScript", [key("Ctrl+Shift+T")], self.toggle_script
        )
        for action in (self.original_action, self.simplified_action):
            action.setCheckable(True)
            self.script_group.addAction(action)
        (self.simplified_action if self.simplified else self.original_action).setChecked(True)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in (
            ("", "actionLanguageSystem"),
            ("zh_CN", "actionLanguageChinese"),
            ("en", "actionLanguageEnglish"),
        ):
            action = self._action(name, None, lambda _c=False, code=code: self.set_language(code))
            action.setCheckable(True)
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self.language_actions[self.settings.language].setChecked(True)
        self.about_action = self._action("actionAbout", None, self.show_about)
        self._update_nav_actions()

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.print_action, self.export_pdf_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.rebuild_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addActions([self.copy_action, self.copy_citation_action])
        self.edit_menu.addSeparator()
        self.edit_menu.addActions(
            [self.find_action, self.search_action, self.next_hit_action, self.previous_hit_action]
        )
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions(
            [
                self.zoom_in_action,
                self.zoom_out_action,
                self.zoom_reset_action,
                self.zoom_large_action,
            ]
        )
        self.view_menu.addSeparator()
        self.view_menu.addActions(
            [self.original_action, self.simplified_action, self.toggle_script_action]
        )
        self.view_menu.addSeparator()
        for dock in (self.library_dock, self.outline_dock, self.search_dock):
            self.view_menu.addAction(dock.toggleViewAction())
        self.go_menu = bar.addMenu("")
        self.go_menu.addActions([self.back_action, self.forward_action])
        self.notes_menu = bar.addMenu("")  # filled with the notes, after the first paint
        self.notes_menu.setObjectName("notesMenu")
        self.language_menu = bar.addMenu("")
        self.language_menu.addActions(list(self.language_actions.values()))
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)
        toolbar = self.addToolBar("")
        toolbar.setObjectName("mainToolBar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # The arrows are the style's (QStyle.standardIcon): PySide makes QStyle's Python
        # class, with hundreds of enum members, the first time it is used, so they are
        # set right after the first paint (_add_arrow_icons), in place of clear icons of
        # the same size: the tool bar is laid out as it will stay.
        blank = QPixmap(toolbar.iconSize())
        blank.fill(Qt.GlobalColor.transparent)
        for action in (self.back_action, self.forward_action):
            action.setIcon(QIcon(blank))
        self.toolbar = toolbar
        toolbar.addActions([self.back_action, self.forward_action])
        toolbar.addSeparator()
        toolbar.addActions([self.zoom_out_action, self.zoom_in_action])
        toolbar.addSeparator()
        toolbar.addActions([self.original_action, self.simplified_action])
        toolbar.addSeparator()
        toolbar.addActions([self.find_action, self.search_action])

    def _connect(self) -> None:
        self.library_panel.open_requested.connect(self._open_from_library)
        self.outline_tree.activated.connect(self._open_from_outline)
        self.outline_tree.clicked.connect(self._open_from_outline)
        self.reader.position_changed.connect(self._on_position_changed)
        self.reader.step_requested.connect(self._step_hits)
        # The document read and its outline are kept while it is shown: out of the
        # collector's full passes once it is laid out (desktop.collector).
        self.reader.completed.connect(collector.settle)
        application = QGuiApplication.instance()
        if isinstance(application, QGuiApplication):
            application.applicationStateChanged.connect(self._on_application_state)
        self.search_panel.search_requested.connect(self._run_search)
        self.search_panel.hit_activated.connect(self.open_hit)
        self.search_service.finished.connect(self._on_search_finished)
        self.search_service.failed.connect(
            lambda _id, message: self.search_panel.show_error(message)
        )

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            collector.reclaim()  # in the background: nobody waits for a full pass now

    def retranslate(self) -> None:
        self._retranslate_window()
        self.library_panel.retranslate()
        self.search_panel.retranslate()
        if self.search_result is not None:  # group labels and counts are translated text
            self._reshow_results()
        if self._find_bar is not None:
            self._find_bar.retranslate()

    def _retranslate_window(self) -> None:
        """The window's own texts: docks, menus, actions, title and status."""
        self.library_dock.setWindowTitle(self.tr("Library"))
        self.outline_dock.setWindowTitle(self.tr("Outline"))
        self.search_dock.setWindowTitle(self.tr("Search"))
        self.notes_dock.setWindowTitle(QCoreApplication.translate("AnnotationUi", "Notes"))
        self.notes_menu.setTitle(QCoreApplication.translate("AnnotationUi", "&Notes"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.go_menu.setTitle(self.tr("&Go"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        texts = {
            self.print_action: self.tr("&Print…"),
            self.export_pdf_action: self.tr("Export as P&DF…"),
            self.rebuild_action: self.tr("&Rebuild the search index…"),
            self.quit_action: self.tr("&Quit"),
            self.copy_action: self.tr("&Copy"),
            self.copy_citation_action: self.tr("Copy with ci&tation"),
            self.find_action: self.tr("&Find in document…"),
            self.search_action: self.tr("&Search the library…"),
            self.next_hit_action: self.tr("&Next match"),
            self.previous_hit_action: self.tr("P&revious match"),
            self.back_action: self.tr("&Back"),
            self.forward_action: self.tr("&Forward"),
            self.zoom_in_action: self.tr("Zoom &in"),
            self.zoom_out_action: self.tr("Zoom o&ut"),
            self.zoom_reset_action: self.tr("&Default size"),
            self.zoom_large_action: self.tr("E&xtra large"),
            self.original_action: self.tr("&Original script (Traditional)"),
            self.simplified_action: self.tr("&Simplified Chinese"),
            self.toggle_script_action: self.tr("S&witch script (简/繁)"),
            self.language_actions[""]: self.tr("&System language"),
            self.about_action: self.tr("&About Policy Library"),
        }
        for action, text in texts.items():
            action.setText(text)
        self.original_action.setIconText(self.tr("繁", "short label for the original script"))
        self.simplified_action.setIconText(self.tr("简", "short label for Simplified"))
        self.language_actions["zh_CN"].setText("中文（简体）")
        self.language_actions["en"].setText("English")
        self._update_title()
        self._update_status()

    # -- state -----------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self._first_start_geometry()
        state = self.settings.window_state
        if state is not None:
            self.restoreState(state)
        else:  # the reading pane gets the room, not the panels' wishes
            apply_first_dock_widths(self, self.library_dock, self.search_dock)

    def _first_start_geometry(self) -> None:
        """At the first start: within the screen's free area (a 1366×768 screen with a
        panel included), centred."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        free = screen.availableGeometry()
        frame_extra = max(0, self.frameGeometry().height() - self.geometry().height())
        width = min(1200, int(free.width() * 0.92))
        height = min(800, int(free.height() * 0.92) - frame_extra)
        self.resize(width, height)
        self.move(
            free.x() + (free.width() - self.frameGeometry().width()) // 2,
            free.y() + (free.height() - self.frameGeometry().height()) // 2,
        )

    def restore_session(self) -> None:
        """Reopen the last document at its last position (or the first document) —
        unless the reader has opened one already, while the window was completed."""
        if self.library is None or not self.library.documents:
            return
        skipped = self.library.corpus.skipped
        if skipped:
            for item in skipped:
                log.warning("corpus file skipped: %s", item)
            self.statusBar().showMessage(
                self.tr(
                    "%n file(s) in the document folder could not be read; the log says why.",
                    "",
                    len(skipped),
                ),
                15000,
            )
        if self.current is not None:
            return
        doc_id, block_id = self.settings.last_document
        if self.library.document(doc_id) is None:
            doc_id, block_id = self.library.documents[0].id, ""
        self.open_document(doc_id, block_id, record=False)

    def save_state(self) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.zoom = self.zoom
        self.settings.script = self.script
        if self.current is not None:
            self.settings.last_document = (self.current.id, self.reader.top_block_id())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        # The one close-while-busy rule: background work is cancelled, each running step
        # ends (a file is imported whole or not at all, a rebuild keeps the old index)
        # and results nobody will see are released; then the stores and indexes close.
        self._closed = True  # what was still to be built is not
        self.search_service.cancel_pending()
        self.tasks.shutdown()
        if hasattr(self, "annotations"):
            self.annotations.close()
        self.searchable.close()
        super().closeEvent(event)

    # -- documents and positions -----------------------------------------------------------
    def location(self) -> Location | None:
        if self.current is None:
            return None
        return Location(self.current.id, self.reader.top_block_id())

    def open_document(self, doc_id: str, block_id: str = "", record: bool = True) -> bool:
        with collector.making_lasting_objects():
            return self._open_document(doc_id, block_id, record)

    def _open_document(self, doc_id: str, block_id: str, record: bool) -> bool:
        if self.library is None:
            return False
        doc = self.library.document(doc_id)
        if doc is None:
            self.statusBar().showMessage(
                self.tr("That document is no longer in the library."), 5000
            )
            return False
        here = self.location()
        # A click may arrive as both "clicked" and "activated": record a jump only once.
        if record and not (block_id and here == Location(doc.id, block_id)):
            self.history.visit(here)
        if self.current is None or self.current.id != doc.id:
            self.current = doc
            self._index_headings(doc)
            self.reader.show_document(doc, self.simplified, self.zoom)
            self.outline_model.set_document(doc, self.simplified)
            self._expand_outline()
            self._apply_search_marks()
            self._refresh_find()
            self.document_opened.emit(doc.id)
        if block_id:
            self.reader.scroll_to_block(block_id)
        elif record:
            self.reader.verticalScrollBar().setValue(0)
        self._update_title()
        self._update_nav_actions()
        return True

    # The navigator the controllers use (desktop.ui.window_parts.Navigator).
    @property
    def current_document(self) -> Document | None:
        return self.current

    def show_new_version(self, doc_id: str) -> None:
        if self.current is not None and self.current.id == doc_id:
            self.current = None
            self.open_document(doc_id, record=False)

    def document_removed(self, doc_id: str) -> None:
        if self.current is not None and self.current.id == doc_id:
            self.current = None
            if self.library is not None and self.library.documents:
                self.open_document(self.library.documents[0].id, record=False)

    def open_if_untouched(self, doc_id: str, block_id: str) -> None:
        """Reopen a document read last time that was unknown when the session began
        (a personal one), unless the reader has moved on since."""
        if self.library is None or self.library.document(doc_id) is None:
            return
        fallback = self.library.documents[0].id if self.library.documents else ""
        untouched = self.current is None or (
            self.current.id == fallback and not self.history.can_go_back
        )
        if untouched:
            self.open_document(doc_id, block_id, record=False)

    def _expand_outline(self) -> None:
        """Open the outline's headings in order while the rows they show stay within a
        budget: a law of a thousand articles opens without laying out every row (the
        outline opens further where the reader goes, as it follows the position)."""
        budget = OUTLINE_EXPANDED_ROWS
        for index in self.outline_model.expandable_indexes():
            budget -= self.outline_model.rowCount(index)
            if budget < 0:
                break
            self.outline_tree.expand(index)

    def _index_headings(self, doc: Document) -> None:
        self._heading_of.clear()
        heading = ""
        for block in doc.blocks:
            if block.is_outline_entry:  # a heading, or a law's article
                heading = block.id
            self._heading_of[block.id] = heading

    def _open_from_library(self, doc_id: str, block_id: str) -> None:
        self.open_document(doc_id, block_id)

    def _open_from_outline(self, index: QModelIndex) -> None:
        block_id = index.data(Role.BLOCK_ID)
        if self.current is not None and block_id:
            self.open_document(self.current.id, str(block_id))

    def _on_position_changed(self, block_id: str) -> None:
        if self.current is None:
            return
        heading_id = self._heading_of.get(block_id, "")
        item = self.outline_model.item_for_block(heading_id) if heading_id else None
        if item is not None:
            index = self.outline_model.indexFromItem(item)
            self.outline_tree.setCurrentIndex(index)
            self.outline_tree.scrollTo(index)
        else:
            self.outline_tree.clearSelection()
        self.library_panel.show_position(self.current.id, heading_id)

    def current_heading_id(self) -> str:
        return self._heading_of.get(self.reader.top_block_id(), "")

    def _update_title(self) -> None:
        name = self.tr("Policy Library")
        if self.current is not None:
            self.setWindowTitle(f"{display_text(self.current.title, self.simplified)} — {name}")
        else:
            self.setWindowTitle(name)

    # -- library search --------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.query_edit.setFocus()
        self.search_panel.query_edit.selectAll()

    def _run_search(self, query: str, this_document: bool) -> None:
        if not self.searchable.searchable:
            self.search_panel.show_error(self.tr("the search index is not ready"))
            return
        doc_id = self.current.id if this_document and self.current is not None else None
        self.search_service.search(query, doc_id, self.search_panel.options())

    def _on_search_finished(self, _request_id: int, result: SearchResult) -> None:
        self.search_result = result
        self.search_panel.show_result(result, self.simplified)
        self.occurrences.set_hits(self.search_panel.model.hits)
        self._apply_search_marks()
        self.search_shown.emit(result)

    def _on_library_changed(self) -> None:
        """What can be searched changed: say so, and search again for what is asked."""
        if self._packs_shown != self.searchable.packs_generation:
            self._show_packs()
        self._update_status()
        query = self.search_panel.query_edit.text()
        if query and self.searchable.searchable:
            self._run_search(query, self.search_panel.this_document.isChecked())

    _packs_shown = 0  # the generation of installed packs the tree and results show

    def _show_packs(self) -> None:
        """The installed packs' documents in the library tree, their titles on hits."""
        self._packs_shown = self.searchable.packs_generation
        self.library_panel.set_pack_groups(self.searchable.pack_groups())
        self.search_panel.model.library_titles = self.searchable.library_titles()
        titles = self.searchable.library_titles()
        if titles or self._library_facet is not None:
            self.library_facet.set_packs(titles)
        current = self.current
        if current is not None and self.searchable.document(current.id) is None:
            self.document_removed(current.id)  # its pack was removed
        elif current is not None and current.id in self.searchable.pack_documents:
            self.show_new_version(current.id)  # its pack may have been updated

    def _reshow_results(self) -> None:
        current = self.search_panel.current_hit
        self.search_panel.show_result(self.search_result, self.simplified)
        if current >= 0:
            self.search_panel.select_hit(current)

    def _apply_search_marks(self) -> None:
        terms = self.search_result.terms if self.search_result is not None else ()
        if terms and self.current is not None:
            from index.search import find_spans

            # Marked as the document is laid out: a long one opens without waiting.
            self.reader.mark_search_spans(lambda text: find_spans(text, terms))
        else:
            self.reader.set_search_marks([])

    def open_hit(self, hit_index: int) -> None:
        occurrence = self.occurrences.at_hit(hit_index)
        if occurrence is not None:
            self._show_occurrence(occurrence)

    def _show_occurrence(self, occurrence: Occurrence) -> None:
        hit_index, span_index = occurrence
        hits = self.search_panel.model.hits
        if not 0 <= hit_index < len(hits):
            return
        hit = hits[hit_index]
        self.search_panel.select_hit(hit_index)
        if not self.open_document(hit.doc_id, hit.block_id):
            return
        index = self.reader.block_index(hit.block_id)
        if index is not None and 0 <= span_index < len(hit.spans):
            start, end = hit.spans[span_index]
            mark = (index, start, end)
            self.reader.set_current_mark(mark)
            self.reader.ensure_mark_visible(mark)
        self.statusBar().showMessage(
            self.tr("Match %1 of %2")
            .replace("%1", str(self.occurrences.position + 1))
            .replace("%2", str(self.occurrences.total)),
            0,
        )

    def next_hit(self) -> None:
        self._step_hits(1)

    def previous_hit(self) -> None:
        self._step_hits(-1)

    def _step_hits(self, step: int) -> None:
        """F3 / Shift+F3: the find bar's matches while it is open, else the next
        occurrence of the search words, across paragraphs and documents."""
        if self._find_shown() and self.find_bar.edit.text():
            self.step_find(step)
            return
        occurrence = self.occurrences.step(step)
        if occurrence is not None:
            self._show_occurrence(occurrence)

    # -- find in document ------------------------------------------------------------------
    @property
    def find_bar(self) -> FindBar:
        """The find bar under the reading view, hidden until Ctrl+F; made the first time
        it is asked for (not to paint the window: it is not shown)."""
        if self._find_bar is None:
            from desktop.ui.find_bar import FindBar

            bar = FindBar(self.reader.parentWidget())
            bar.hide()
            self._central_layout.addWidget(bar)
            bar.text_changed.connect(self._on_find_text)
            bar.next_requested.connect(lambda: self.step_find(1))
            bar.previous_requested.connect(lambda: self.step_find(-1))
            bar.closed.connect(self._on_find_closed)
            self._find_bar = bar
        return self._find_bar

    def _find_shown(self) -> bool:
        return self._find_bar is not None and self._find_bar.isVisible()

    def open_find(self) -> None:
        selected = self.reader.textCursor().selectedText()
        self.find_bar.open_bar(selected if selected and len(selected) < 50 else "")
        self._refresh_find()

    def _on_find_text(self, _text: str) -> None:
        self._refresh_find(jump=True)

    def _refresh_find(self, jump: bool = False) -> None:
        needle = fold_text(self.find_bar.edit.text()) if self._find_shown() else ""
        matches: list[Mark] = []
        if needle.strip():
            from index.search import find_spans

            self.reader.ensure_rendered()
            for i, placed in enumerate(self.reader.placed):
                matches.extend((i, s, e) for s, e in find_spans(placed.block.text, [needle]))
        self.find_matches = matches
        self.find_index = -1
        if matches:
            top = self.reader.block_index(self.reader.top_block_id()) or 0
            self.find_index = next((k for k, m in enumerate(matches) if m[0] >= top), 0)
        current = matches[self.find_index] if self.find_index >= 0 else None
        self.reader.set_find_marks(matches, current)
        if current is not None and jump:
            self.reader.ensure_mark_visible(current)
        if self._find_bar is not None:
            self._find_bar.set_count(self.find_index + 1, len(matches))

    def step_find(self, step: int) -> None:
        if not self.find_matches:
            return
        self.find_index = (self.find_index + step) % len(self.find_matches)
        current = self.find_matches[self.find_index]
        self.reader.set_find_marks(self.find_matches, current)
        self.reader.ensure_mark_visible(current)
        self.find_bar.set_count(self.find_index + 1, len(self.find_matches))

    def _on_find_closed(self) -> None:
        self.find_matches = []
        self.find_index = -1
        self.reader.set_find_marks([], None)
        self.reader.setFocus()

    # -- navigation ------------------------------------------------------------------------
    def go_back(self) -> None:
        target = self.history.back(self.location())
        if target is not None:
            self.open_document(target.doc_id, target.block_id, record=False)
        self._update_nav_actions()

    def go_forward(self) -> None:
        target = self.history.forward(self.location())
        if target is not None:
            self.open_document(target.doc_id, target.block_id, record=False)
        self._update_nav_actions()

    def _update_nav_actions(self) -> None:
        self.back_action.setEnabled(self.history.can_go_back)
        self.forward_action.setEnabled(self.history.can_go_forward)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress and self.isActiveWindow():
            button = event.button() if isinstance(event, QMouseEvent) else None
            if button == Qt.MouseButton.BackButton:
                self.go_back()
                return True
            if button == Qt.MouseButton.ForwardButton:
                self.go_forward()
                return True
        return super().eventFilter(watched, event)

    # -- comfort ---------------------------------------------------------------------------
    def set_zoom(self, zoom: int) -> None:
        if zoom not in ZOOM_STEPS or zoom == self.zoom:
            return
        self.zoom = zoom
        self.settings.zoom = zoom
        self.reader.rerender(self.simplified, zoom)
        self._refresh_find()
        self._update_status()

    def zoom_in(self) -> None:
        larger = [z for z in ZOOM_STEPS if z > self.zoom]
        if larger:
            self.set_zoom(larger[0])

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self.zoom]
        if smaller:
            self.set_zoom(smaller[-1])

    def set_script(self, script: Script) -> None:
        if script is self.script:
            return
        self.script = script
        self.settings.script = script
        (self.simplified_action if self.simplified else self.original_action).setChecked(True)
        self.reader.rerender(self.simplified, self.zoom)
        self.outline_model.set_document(self.current, self.simplified)
        self._expand_outline()
        self.library_panel.set_simplified(self.simplified)
        self._reshow_results()
        self._update_title()
        self._on_position_changed(self.reader.top_block_id())

    def toggle_script(self) -> None:
        self.set_script(Script.ORIGINAL if self.simplified else Script.SIMPLIFIED)
        self.statusBar().showMessage(
            self.tr("Showing Simplified Chinese.")
            if self.simplified
            else self.tr("Showing the original script."),
            3000,
        )

    def copy_with_citation(self) -> None:
        if self.current is None:
            return
        selected = self.reader.textCursor().selectedText().replace("\u2029", "\n")
        if not selected.strip():
            self.statusBar().showMessage(self.tr("Select some text first."), 4000)
            return
        where = self.reader.selection_location()
        block = self.reader.placed[where[0]].block if where is not None else None
        span = self.reader.selection_blocks()
        last = self.reader.placed[span[1]].block if span is not None else None
        from desktop.citation import text_with_citation

        text = text_with_citation(selected, self.current, block, self.simplified, last)
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(self.tr("Copied with citation."), 3000)

    def print_current(self) -> None:
        if self.current is not None:
            doc, simplified = self.current, self.simplified
            self.when_complete(lambda: self.pdf_export.print_document(doc, simplified))

    def export_current_pdf(self) -> None:
        if self.current is not None:
            doc, simplified = self.current, self.simplified
            self.when_complete(lambda: self.pdf_export.ask(doc, simplified))

    def set_language(self, code: str) -> None:
        self.settings.language = code
        self.settings.sync()
        self.translators.apply(code)
        # The window's own texts, once; no changeEvent() of its own for LanguageChange:
        # an event handed to Python code before the first paint has PySide make the
        # Python classes of every kind of event (its parts watch the window after it).
        self.retranslate()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("About Policy Library"),
            self.tr("Policy Library %1\nAn offline reader for policy documents.\nUser data: %2")
            .replace("%1", __version__)
            .replace("%2", str(paths.user_data_dir())),
        )

    def _update_status(self) -> None:
        if not hasattr(self, "status_label"):
            return
        count = len(self.library.documents) if self.library is not None else 0
        count += len(self.searchable.pack_documents)  # the installed packs'
        parts = [self.tr("Documents: %1").replace("%1", str(count)), f"{self.zoom}%"]
        if self.library is None or self.library.searcher is None:
            parts.append(self.tr("search unavailable"))
        skipped = self.library.corpus.skipped if self.library is not None else ()
        if skipped:
            parts.append(self.tr("%n unreadable file(s)", "", len(skipped)))
        self.status_label.setText("  ·  ".join(parts))
        self.status_label.setToolTip("\n".join(str(s) for s in skipped))

    # -- the index -------------------------------------------------------------------------
    def use_index(self, choice: IndexChoice) -> None:
        """Open the chosen index, or explain the problem and rebuild into the per-user folder."""
        if self.library is None:
            return
        if choice.usable:
            self._open_index(choice.path)
            return
        # Said in the progress dialog rather than a message box first: one window, and
        # the reader can go on reading while the index is built.
        reason = self.tr(
            "The search index cannot be used (%1). It is being rebuilt from the documents; "
            "you can read while it is built."
        ).replace("%1", choice.status.message)
        log.warning("rebuilding the index into %s: %s", choice.path, choice.status.message)
        self.start_rebuild(choice.path, reason)

    def _open_index(self, index_dir: Path) -> None:
        try:
            self.searchable.open_bundled(index_dir)
        except Exception as exc:
            log.exception("index %s could not be opened", index_dir)
            self.index_failed.emit(str(exc))
            return
        library = self.library
        if library is not None and library.generation != getattr(self, "_library_generation", 0):
            self._library_generation = library.generation  # a rebuilt index's list
            self.library_panel.set_entries(library.entries(), self.simplified)
        self.index_ready.emit()

    def start_rebuild(self, out_dir: Path | None = None, reason: str = "") -> None:
        if self.library is None or self.rebuild is not None:
            return
        target = out_dir or paths.user_index_dir()
        self.searchable.close_bundled()
        corpus_dir = self.corpus_dir

        from index.store import BuildError, build_index

        def work(context: TaskContext) -> BuildReport | BuildError:
            try:
                return build_index(corpus_dir, target, progress=lambda d, t: context.progress(d, t))
            except BuildError as exc:  # its message is for the user as it stands
                return exc

        label = reason or self.tr("Building the search index…")
        self.rebuild = self.tasks.run(
            work,
            self._on_build_succeeded,
            self._on_build_failed,
            lane="library",
            progress=ProgressText("rebuildProgress", self.tr("Search index"), label),
        )
        self.rebuild_started.emit(label)

    def _on_build_succeeded(self, report: BuildReport | BuildError) -> None:
        from index.store import BuildError

        if isinstance(report, BuildError):
            self._on_build_failed(str(report))
            return
        self.rebuild = None
        self.statusBar().showMessage(
            self.tr("Search index rebuilt: %1 documents.").replace("%1", str(report.documents)),
            5000,
        )
        self._open_index(report.out_dir)

    def _on_build_failed(self, message: str) -> None:
        cancelled = self.rebuild is not None and self.rebuild.cancel_requested
        self.rebuild = None
        if cancelled:
            text = self.tr(
                "The rebuild was cancelled. Library search is unavailable "
                "until the index is rebuilt (File menu)."
            )
        else:
            text = self.tr("The search index could not be rebuilt: %1").replace("%1", message)
        self.statusBar().showMessage(text, 10000)
        self._update_status()
        self.index_failed.emit(message)
        if not cancelled:
            from desktop.ui.error_dialog import show_message

            show_message(self, self.tr("Search index"), text)
