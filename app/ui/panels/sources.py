"""The worksheet's sources: the documents its evidence comes from, and their passages.

A list of the sources ("S1  Title — Author, 2024-03-14  [B]"), what is known of
the one chosen (title, author, date published, link, reliability, notes: stored
as typed, as the Details panel's fields are), and its text, read-only, with
every passage an item cites marked.  A passage selected in the text becomes a
new evidence item, or one more citation of the current item, each one step of
Undo.  The link is shown as text: nothing here opens or fetches it.  Adding and
removing sources asks questions, so the window does it
(:mod:`app.ui.window.source_commands`); this panel asks for it by its signals.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.sources import SOURCE_KINDS, Reliability, Source, source_labels
from app.storage.limits import count
from app.ui.document.document import Document
from app.ui.document.edits import Target
from app.ui.panels.date_field import DateEdit, date_row
from app.ui.panels.field_store import TypedFields
from app.ui.panels.form_fields import TextBox, button_row, form_page, line, set_line, stripped
from app.ui.panels.item_sources import DOUBTFUL, NOT_GRADED, WARNING
from app.ui.panels.source_text_view import SourceTextView

_ID = Qt.ItemDataRole.UserRole  # a row's source id
NEW_ITEM_KEY = "Ctrl+Shift+N"
CITE_KEY = "Ctrl+Shift+K"


def source_line(label: str, source: Source) -> str:
    """The list's line for a source: "S1  Title — Author, 2024-03-14  [B]", with ⚠ after
    the grade of one graded E (unreliable) or F (reliability cannot be judged)."""
    text = f"{label}  {source.title}"
    known = ", ".join(x for x in (source.author, source.published) if x)
    if known:
        text += f" — {known}"
    if source.reliability:
        text += f"  [{source.reliability}]"
        if source.reliability in DOUBTFUL:
            text += f" {WARNING}"
    return text


def reliability_combo() -> QComboBox:
    """Admiralty reliability A to F with their words, and "not graded" ("")."""
    combo = QComboBox()
    combo.addItem(NOT_GRADED, "")
    for code in Reliability:
        mark = f" {WARNING}" if code in DOUBTFUL else ""
        combo.addItem(f"{code.value} — {code.label}{mark}", code.value)
    return combo


class SourcesPanel(QWidget):
    dock_title: ClassVar[str] = "Sources"
    menu_text: ClassVar[str] = "S&ources Panel"
    dock_name: ClassVar[str] = "sources_dock"

    message = Signal(str)
    """A passing message for the status bar (text that did not fit in a field)."""
    add_file_requested = Signal()
    add_pasted_requested = Signal()
    remove_requested = Signal(str)  # source id: the window asks, then removes it
    item_added = Signal(str)
    """A new evidence item made of a passage (its id): the window selects it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document: Document | None = None
        self.source_id: str | None = None
        self.current_item: str | None = None  # the Details panel's, where Cite puts a passage
        self._loading = False
        self._flushing = False
        self.fields = TypedFields(self)
        self.fields.message.connect(self.message)
        self.drafts = self.fields.drafts
        # Passages are marked again once per turn of the event loop, however many items
        # changed (an undo of an import tells of thousands).
        self._remark = QTimer(self, singleShot=True, interval=0)
        self._remark.timeout.connect(self._mark_passages)

        self.list = QListWidget()
        self.list.setObjectName("sources")
        self.list.setAccessibleName("Sources")
        # Long titles end in "…" (the tooltip has the whole line), not in a scroll bar.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.list.fontMetrics().lineSpacing() + 4
        self.list.setMinimumHeight(rows * 3 + 8)
        self.list.setMaximumHeight(rows * 6 + 8)
        self.add_file_button = QPushButton("Add File…")
        self.add_file_button.setToolTip("A saved web page, a PDF or a text file, as a source")
        self.add_pasted_button = QPushButton("Paste…")
        self.add_pasted_button.setToolTip("Text pasted from elsewhere, as a source")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the source, and every citation of it")
        buttons = button_row(self.add_file_button, self.add_pasted_button, self.remove_button)

        form_widget, form = form_page()
        self.title = line("What the document is called")
        self.author = line("Who wrote or published it")
        self.published = DateEdit()
        self.published.setObjectName("published")
        self.link = line("Where it was found (shown, never opened)")
        self.reliability = reliability_combo()
        self.reliability.setToolTip("How reliable the source is (Admiralty A to F)")
        self.notes = TextBox("What to keep in mind about this source", 2)
        self.about = QLabel()
        self.about.setObjectName("about_source")
        self.about.setWordWrap(True)
        form.addRow("&Title", self.title)
        form.addRow("A&uthor", self.author)
        published_label = QLabel("Pu&blished")
        published_label.setBuddy(self.published)  # the field itself: see date_row
        form.addRow(published_label, date_row(self.published))
        form.addRow("Lin&k", self.link)
        form.addRow("Reliabilit&y", self.reliability)
        form.addRow("N&otes", self.notes)
        form.addRow("", self.about)
        self._form = form_widget

        self.text_view = SourceTextView()
        self.text_view.setObjectName("source_text")
        self.text_view.setAccessibleName("Source text")
        text_label = QLabel("Te&xt (select a passage to cite it)")
        text_label.setBuddy(self.text_view)
        self.new_item_action = QAction("New Evidence from Selection", self)
        self.new_item_action.setShortcut(QKeySequence(NEW_ITEM_KEY))
        self.new_item_action.setToolTip("A new evidence item of the selected passage")
        self.cite_action = QAction("Cite Selection in Current Item", self)
        self.cite_action.setShortcut(QKeySequence(CITE_KEY))
        self.cite_action.setToolTip("The selected passage as one more citation of the item")
        for act in (self.new_item_action, self.cite_action):
            # The keys work while the keyboard is in this panel (in the text, mostly).
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(act)
        self.text_view.extra_actions = [self.new_item_action, self.cite_action]
        self.new_item_button = QPushButton("New Evidence")
        self.new_item_button.setToolTip(
            f"New Evidence from Selection ({QKeySequence(NEW_ITEM_KEY).toString()})"
        )
        self.cite_button = QPushButton("Cite in Current Item")
        self.cite_button.setToolTip(
            f"Cite Selection in Current Item ({QKeySequence(CITE_KEY).toString()})"
        )
        passage_buttons = button_row(self.new_item_button, self.cite_button)

        top = QWidget()
        top_box = QVBoxLayout(top)
        top_box.setContentsMargins(0, 0, 0, 0)
        top_box.addWidget(self.list)
        top_box.addLayout(buttons)
        top_box.addWidget(self._form)
        bottom = QWidget()
        bottom_box = QVBoxLayout(bottom)
        bottom_box.setContentsMargins(0, 0, 0, 0)
        bottom_box.addWidget(text_label)
        bottom_box.addWidget(self.text_view, 1)
        bottom_box.addLayout(passage_buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addWidget(splitter)
        self.setMinimumWidth(340)

        self.list.currentItemChanged.connect(lambda _now, _before: self._on_current_row())
        self.add_file_button.clicked.connect(self.add_file_requested)
        self.add_pasted_button.clicked.connect(self.add_pasted_requested)
        self.remove_button.clicked.connect(self._remove)
        self.new_item_action.triggered.connect(self.new_item_from_selection)
        self.new_item_button.clicked.connect(self.new_item_from_selection)
        self.cite_action.triggered.connect(self.cite_selection)
        self.cite_button.clicked.connect(self.cite_selection)
        self.text_view.selectionChanged.connect(self._update_passage_actions)
        self.fields.add_field(
            Target.SOURCE, "title", self.title, lambda: self.title.text().strip(), required=True
        )
        for edit, field in ((self.author, "author"), (self.link, "link")):
            self.fields.add_field(Target.SOURCE, field, edit, stripped(edit))
        self.fields.add_field(Target.SOURCE, "published", self.published, self.published.valid_text)
        self.fields.add_field(Target.SOURCE, "notes", self.notes, self.notes.toPlainText)
        self.reliability.currentIndexChanged.connect(self._reliability_chosen)
        self._load()

    # -- what the typed fields ask of the panel (field_store.FieldsPanel) ------------

    @property
    def loading(self) -> bool:
        return self._loading

    def target_of(self, kind: Target) -> str | None:
        return self.source_id if kind is Target.SOURCE else None

    def reload(self) -> None:
        self._load_list()
        self._load()

    # -- what the Document asks of the fields typed in (document.TypedText) -----------

    def store(self) -> None:
        if not self._flushing:
            self._flushing = True
            try:
                self.drafts.flush()
            finally:
                self._flushing = False

    def unkept(self) -> list[str]:
        doc, sid = self.document, self.source_id
        if doc is None or doc.closed or sid is None or not doc.has_source(sid):
            return []
        if self.published.valid_text() is not None:
            return []
        stored = doc.worksheet.source(sid).published
        keeps = f"the stored date, {stored}" if stored else "no date"
        label = source_labels(doc.worksheet)[sid]
        return [
            f"The date published of source {label} holds “{self.published.text().strip()}”,"
            f" which is not a date (YYYY-MM-DD): the worksheet keeps {keeps}."
        ]

    def show_unkept(self) -> None:
        if self.unkept():
            self._bring_forward()
            self.published.setFocus()
            self.published.selectAll()

    def _bring_forward(self) -> None:
        dock = self.parentWidget()
        if dock is not None:
            dock.show()
            dock.raise_()

    # -- the document -----------------------------------------------------------------

    def stop(self) -> None:
        """Nothing runs in the background here."""
        self._remark.stop()

    def set_document(self, document: Document) -> None:
        self.drafts.discard()  # the window stored or discarded it when leaving the old one
        self.document = document
        self.source_id = None
        document.add_typed_text(self)
        document.sources_changed.connect(self.reload)
        document.source_changed.connect(self._on_source_changed)
        # An item's citations changed, or an item came or went with its citations.
        document.item_changed.connect(lambda _eid: self._remark.start())
        document.item_inserted.connect(lambda _i, _n: self._remark.start())
        document.item_removed.connect(lambda _i, _n: self._remark.start())
        document.read_only_changed.connect(lambda _ro: self.reload())
        self.reload()

    def set_current_item(self, evidence_id: str) -> None:
        """The item the Details panel shows ("" for none): Cite puts a passage there."""
        self.current_item = evidence_id or None
        self._update_passage_actions()

    @property
    def editable(self) -> bool:
        doc = self.document
        return doc is not None and not doc.closed and not doc.read_only

    def show_source(self, source_id: str, *, focus_text: bool = False) -> None:
        """Choose ``source_id`` in the list and show it (``focus_text``: the keyboard in
        its text, to select a passage)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(_ID) == source_id:
                self.list.setCurrentRow(row)
                break
        if focus_text and self.source_id == source_id:
            self.text_view.setFocus()

    def show_passage(self, source_id: str, start: int, end: int) -> None:
        """The passage ``start``–``end`` of the source selected, marked and in view, with
        the keyboard in the text (a citation opened in the Details panel)."""
        doc = self.document
        if doc is None or not doc.has_source(source_id):
            self.message.emit("That source is no longer in the worksheet.")
            return
        self.show_source(source_id)
        self.text_view.show_passage(start, end)
        self.text_view.setFocus()

    def _on_source_changed(self, source_id: str) -> None:
        doc = self.document
        if doc is None or not doc.has_source(source_id):
            return
        labels = source_labels(doc.worksheet)
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(_ID) == source_id:
                item.setText(source_line(labels[source_id], doc.worksheet.source(source_id)))
        if source_id == self.source_id:
            self._load()

    def _load_list(self) -> None:
        doc = self.document
        keep = self.source_id
        self.list.blockSignals(True)
        try:
            self.list.clear()
            if doc is not None:
                labels = source_labels(doc.worksheet)
                for s in doc.worksheet.sources:
                    item = QListWidgetItem(source_line(labels[s.id], s))
                    item.setData(_ID, s.id)
                    item.setToolTip(source_line(labels[s.id], s))
                    self.list.addItem(item)
            rows = [self.list.item(r).data(_ID) for r in range(self.list.count())]
            if keep in rows:
                self.list.setCurrentRow(rows.index(keep))
            elif rows:
                self.list.setCurrentRow(0)
        finally:
            self.list.blockSignals(False)
        current = self.list.currentItem()
        self._show(current.data(_ID) if current is not None else None)

    def _on_current_row(self) -> None:
        current = self.list.currentItem()
        sid = current.data(_ID) if current is not None else None
        if sid != self.source_id:
            self.store()  # what was typed for the source shown is its own step, stored first
            self._show(sid)

    def _show(self, source_id: str | None) -> None:
        same = source_id == self.source_id
        self.source_id = source_id
        self._load(same_source=same)

    def _load(self, *, same_source: bool = True) -> None:
        doc, sid = self.document, self.source_id
        shown = doc is not None and sid is not None and doc.has_source(sid)
        editable = shown and self.editable
        for w in [self._form, *self._form.findChildren(QWidget)]:
            w.setEnabled(editable)
        self.about.setEnabled(True)
        self.add_file_button.setEnabled(self.editable)
        self.add_pasted_button.setEnabled(self.editable)
        self.remove_button.setEnabled(editable)
        self._loading = True
        try:
            if not shown:
                for edit in (self.title, self.author, self.link):
                    set_line(edit, "")
                self.published.show_date("", same_item=False)
                self.notes.set_text("")
                self.reliability.setCurrentIndex(0)
                self.about.setText(
                    "<i>No source yet: add a saved web page, a PDF, a text file or pasted "
                    "text, then select passages of it as evidence.</i>"
                    if doc is not None and not doc.worksheet.sources
                    else ""
                )
                self.text_view.show_text("")
            else:
                assert doc is not None and sid is not None
                s = doc.worksheet.source(sid)
                set_line(self.title, s.title)
                set_line(self.author, s.author)
                self.published.show_date(s.published, same_item=same_source)
                set_line(self.link, s.link)
                self.reliability.setCurrentIndex(max(0, self.reliability.findData(s.reliability)))
                self.notes.set_text(s.notes)
                self.text_view.show_text(s.text)
                self._mark_passages()
        finally:
            self._loading = False
        self._update_passage_actions()

    def _about(self, doc: Document, s: Source) -> str:
        citing = len(doc.citing_items(s.id))
        kind = SOURCE_KINDS.get(s.kind, s.kind)
        cited = f"cited by {count(citing, 'item')}" if citing else "not cited yet"
        return f"{kind[:1].upper()}{kind[1:]} · {count(len(s.text), 'character')} · {cited}"

    def _mark_passages(self) -> None:
        doc, sid = self.document, self.source_id
        if doc is None or doc.closed or sid is None or not doc.has_source(sid):
            return
        passages = [
            (c.start, c.end)
            for e in doc.citing_items(sid)
            for c in e.citations
            if c.source_id == sid
        ]
        self.text_view.mark_passages(passages)
        self.about.setText(self._about(doc, doc.worksheet.source(sid)))

    def _reliability_chosen(self, _index: int) -> None:
        if self._loading or not self.editable or self.source_id is None:
            return
        assert self.document is not None
        self.document.set_source_fields(
            self.source_id, reliability=str(self.reliability.currentData())
        )

    # -- passages ---------------------------------------------------------------------

    def _update_passage_actions(self) -> None:
        selected = self.text_view.selected_passage() is not None and self.source_id is not None
        can = selected and self.editable
        self.new_item_action.setEnabled(can)
        self.new_item_button.setEnabled(can)
        cite = can and self.current_item is not None
        self.cite_action.setEnabled(cite)
        self.cite_button.setEnabled(cite)

    def new_item_from_selection(self) -> str | None:
        """A new evidence item of the selected passage (one step of Undo); its id."""
        passage = self.text_view.selected_passage()
        doc, sid = self.document, self.source_id
        if passage is None or doc is None or sid is None or not self.editable:
            return None
        eid = doc.edit.add_item_from_passage(sid, *passage)
        if eid is not None:
            self.item_added.emit(eid)
        return eid

    def cite_selection(self) -> bool:
        """The selected passage as one more citation of the current item (one step)."""
        passage = self.text_view.selected_passage()
        doc, sid, eid = self.document, self.source_id, self.current_item
        if passage is None or doc is None or sid is None or not self.editable:
            return False
        if eid is None or not doc.has_item(eid):
            self.message.emit("Select the evidence item to cite the passage in, in the matrix.")
            return False
        cited = doc.edit.cite_passage(eid, sid, *passage)
        if cited:
            label = f"E{doc.item_index(eid) + 1}"
            self.message.emit(f"Evidence {label} now cites this passage too.")
        return cited

    def _remove(self) -> None:
        if self.source_id is not None:
            self.remove_requested.emit(self.source_id)
