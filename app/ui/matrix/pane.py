"""The matrix with its filter bar above and its score row below."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import EVIDENCE_TYPES, FLAGS, Rating
from app.ui.dialogs.note import NoteDialog
from app.ui.document.document import Document
from app.ui.matrix.model import (
    COL_CREDIBILITY,
    COL_DIAGNOSTICITY,
    COL_RELEVANCE,
    COL_TITLE,
    MatrixModel,
)
from app.ui.matrix.proxy import MENU_KEYS, EvidenceProxy, SortKey
from app.ui.matrix.score_row import ScoreModel
from app.ui.matrix.view import MatrixView, ScoreFooter
from app.ui.window.read_only_bar import ReadOnlyBar

ANY = "Any"


def _lower(text: str) -> str:
    """ "Diagnosticity (…)" to go inside a sentence; a hypothesis's title stays as written."""
    return text[:1].lower() + text[1:]


class MatrixPane(QWidget):
    message = Signal(str)  # one line for the window's status bar
    save_as_requested = Signal()

    def __init__(
        self,
        document: Document,
        parent: QWidget | None = None,
        *,
        run_dialog: Callable[[QDialog], int] | None = None,
    ):
        super().__init__(parent)
        self.document = document
        self.run_dialog = run_dialog or (lambda d: d.exec())
        self.model = MatrixModel(document)
        self.proxy = EvidenceProxy(self.model)
        self.score_model = ScoreModel(document)

        self.view = MatrixView(self)
        self.view.setModel(self.proxy)
        self.view.setObjectName("matrix")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(COL_TITLE, 300)
        for col, width in ((COL_CREDIBILITY, 62), (COL_RELEVANCE, 62), (COL_DIAGNOSTICITY, 64)):
            self.view.setColumnWidth(col, width)
        header.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 22)
        self.footer = ScoreFooter(self.view, self)
        self.footer.setObjectName("score_row")
        self.footer.setModel(self.score_model)

        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText("Filter evidence by text…")
        self.filter_text.setClearButtonEnabled(True)
        self.filter_type = QComboBox()
        self.filter_flag = QComboBox()
        self.sort_key = QComboBox()
        self.sort_key.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.sort_key.setMinimumContentsLength(24)
        self._show_sort()
        self._fill_filter_choices()

        bar = QHBoxLayout()
        bar.addWidget(self.filter_text, 3)
        bar.addWidget(QLabel("Type:"))
        bar.addWidget(self.filter_type, 1)
        bar.addWidget(QLabel("Flag:"))
        bar.addWidget(self.filter_flag, 1)
        bar.addSpacing(12)
        bar.addWidget(QLabel("Sort:"))
        bar.addWidget(self.sort_key, 2)
        self.read_only_bar = ReadOnlyBar()
        self.read_only_bar.save_as_requested.connect(self.save_as_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.read_only_bar)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        footer_row = QHBoxLayout()
        footer_row.setSpacing(0)
        footer_row.addWidget(self.footer, 1)
        footer_row.addWidget(self.footer.right_spacer)
        layout.addLayout(footer_row)

        self.filter_text.textChanged.connect(lambda t: self.proxy.set_filter(text=t))
        self.filter_type.currentIndexChanged.connect(
            lambda _i: self.proxy.set_filter(type=self.filter_type.currentData())
        )
        self.filter_flag.currentIndexChanged.connect(
            lambda _i: self.proxy.set_filter(flag=self.filter_flag.currentData())
        )
        # activated, not currentIndexChanged: choosing the same order again re-sorts
        self.sort_key.activated.connect(self._sort_chosen)
        self.proxy.sort_changed.connect(self._show_sort)
        self.proxy.sort_dropped.connect(
            lambda shown: self.message.emit(
                "The list shows the worksheet's own order again, the order items move in;"
                f" it was sorted by {_lower(shown)}."
            )
        )
        # A child of the view, not of its viewport, so it shows above the frozen columns.
        self.hint = QLabel(self.view)
        self.hint.setObjectName("empty_hint")
        self.hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        # Opaque, and only as large as its text: it sits over the divider of
        # the frozen evidence columns, which would otherwise cross the text.
        self.hint.setAutoFillBackground(True)
        self.hint.setBackgroundRole(QPalette.ColorRole.Base)
        self.hint.setContentsMargins(16, 8, 16, 8)
        for signal in (
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.columnsInserted,
            self.model.columnsRemoved,
        ):
            signal.connect(self._update_hint)
        self.view.viewport().installEventFilter(self)
        self._update_hint()
        self.view.ratings_requested.connect(self._rate)
        self.view.refused.connect(self.message)
        self.view.note_requested.connect(self.edit_note)
        document.item_changed.connect(self._maybe_new_type)
        document.read_only_changed.connect(lambda _ro: self.follow_read_only())
        self.follow_read_only()

    def follow_read_only(self) -> None:
        """The bar above the matrix, and rating keys that only explain, while read-only."""
        self.view.read_only = self.document.read_only
        self.read_only_bar.show_for(self.document)

    def _update_hint(self, *_: object) -> None:
        """Guidance while the matrix is still empty (Heuer's steps 1 to 3)."""
        ws = self.document.worksheet
        steps = []
        if not ws.hypotheses:
            steps.append(
                "<b>1.</b> List the competing hypotheses: Edit › Add Hypothesis (Ctrl+Shift+H)."
            )
        if not ws.evidence:
            steps.append(
                "<b>2.</b> List the evidence and arguments, including absences and"
                " assumptions: Edit › Add Evidence (Ctrl+Shift+E)."
            )
        if steps:
            steps.append(
                "<b>3.</b> Rate each item across its row against every hypothesis:"
                " keys 1–5 (CC … II), 0 for NA; Enter adds a note. Help › Keyboard Shortcuts."
            )
        self.hint.setText("<p>" + "</p><p>".join(steps) + "</p>")
        self.hint.setVisible(bool(steps))
        self._place_hint()

    def _place_hint(self) -> None:
        area = self.view.viewport().geometry().adjusted(40, 30, -40, -30)
        width = min(area.width(), 820)
        height = min(area.height(), self.hint.heightForWidth(width))
        self.hint.setGeometry(
            area.x() + (area.width() - width) // 2,
            area.y() + (area.height() - height) // 2,
            width,
            height,
        )
        self.hint.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._place_hint()
        return super().eventFilter(watched, event)

    def _sort_chosen(self, _index: int) -> None:
        key = self.sort_key.currentData()
        if key is None:  # the sort shown, chosen by a header: choosing it again re-sorts
            self.proxy.refresh()
        else:
            self.proxy.set_sort_key(key)

    def _show_sort(self) -> None:
        """The Sort box and the header's indicator say the sort the rows are in."""
        proxy, box = self.proxy, self.sort_key
        box.blockSignals(True)
        box.clear()
        for key in MENU_KEYS:
            box.addItem(key.value, key)
        index = box.findData(proxy.sort_key)
        if index < 0 or proxy.reverse:  # a header's sort: shown as one more choice
            box.addItem(proxy.describe(), None)
            index = box.count() - 1
        box.setCurrentIndex(index)
        own = proxy.sort_key is SortKey.OWN_ORDER
        box.setToolTip(
            "The worksheet's own order" if own else f"Sorted by {_lower(proxy.describe())}"
        )
        box.blockSignals(False)
        self.view.show_sort(proxy.sort_column(), proxy.indicator_order())

    def _fill_filter_choices(self) -> None:
        self.filter_type.blockSignals(True)
        current = self.filter_type.currentData()
        self.filter_type.clear()
        self.filter_type.addItem(ANY, None)
        types = list(EVIDENCE_TYPES)
        types += sorted({e.type for e in self.document.worksheet.evidence} - set(types) - {""})
        for t in types:
            self.filter_type.addItem(t, t)
        self.filter_type.setCurrentIndex(max(0, self.filter_type.findData(current)))
        self.filter_type.blockSignals(False)
        if self.filter_flag.count() == 0:
            self.filter_flag.addItem(ANY, None)
            for code, label in FLAGS.items():
                self.filter_flag.addItem(label, code)

    def _maybe_new_type(self, evidence_id: str) -> None:
        t = self.document.item(evidence_id).type
        if t and self.filter_type.findData(t) < 0:
            self._fill_filter_choices()

    def _rate(self, cells: list[tuple[str, str]], rating: Rating | None) -> None:
        self.document.set_ratings(cells, rating)

    def edit_note(self, evidence_id: str, hypothesis_id: str) -> None:
        doc = self.document
        cell = doc.worksheet.cell(evidence_id, hypothesis_id)
        dialog = NoteDialog(
            doc.item(evidence_id).title,
            doc.hypothesis(hypothesis_id).title,
            cell.rating,
            cell.note,
            self,
            read_only=doc.read_only,
        )
        if self.run_dialog(dialog) == QDialog.DialogCode.Accepted and not doc.read_only:
            doc.set_note(evidence_id, hypothesis_id, dialog.note())
        dialog.deleteLater()

    def select_cell(self, evidence_id: str, hypothesis_id: str) -> None:
        source = self.model.cell_index(evidence_id, hypothesis_id)
        index = self.proxy.mapFromSource(source)
        if index.isValid():
            self.view.move_to(index)
            self.view.scrollTo(index)

    def select_item(self, evidence_id: str) -> None:
        source = self.model.index(self.model.row_of(evidence_id), COL_TITLE)
        index = self.proxy.mapFromSource(source)
        if index.isValid():
            self.view.move_to(index)
            self.view.scrollTo(index)

    def set_scores_hidden(self, hidden: bool) -> None:
        self.score_model.set_hidden(hidden)

    def set_leading_columns_visible(self, visible: bool) -> None:
        for col in (COL_CREDIBILITY, COL_RELEVANCE):
            self.view.setColumnHidden(col, not visible)
        if self.view.frozen is not None:
            self.view.frozen.sync_columns()
        self.footer.sync_all()

    def focus_matrix(self) -> None:
        """Keyboard to the matrix, the cursor on a cell that takes a rating."""
        view = self.view
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        current = view.currentIndex()
        if not current.isValid():
            view.go_to_first_cell()
        elif view.cell_key(current) is None:
            view.go_to_row_start(current.row())
