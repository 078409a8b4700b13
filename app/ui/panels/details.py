"""Every field of the current evidence item, hypothesis and worksheet, editable.

Text is stored as it is typed (``drafts.py``: after a pause, at least once a
second, and before any command), choices at once; each visit to a text field
is one undoable command through the Document.  The panel follows the
document's signals, so undo shows up here too.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import EVIDENCE_TYPES, FLAGS, Level
from app.domain.scoring import weight
from app.ui.document.document import Document
from app.ui.document.drafts import commit_open_item_editor
from app.ui.document.edits import Target
from app.ui.matrix.model import NO_VALUE
from app.ui.panels.date_field import DateEdit, date_row
from app.ui.panels.field_store import TypedFields
from app.ui.panels.form_fields import (
    TextBox,
    form_page,
    levels,
    line,
    scrolling,
    set_line,
    stripped,
)
from app.ui.panels.item_sources import CitationList, grading_line, information_combo
from app.ui.panels.milestones import MilestoneTable


class DetailsPanel(QTabWidget):
    dock_title: ClassVar[str] = "Details"
    menu_text: ClassVar[str] = "&Details Panel"
    dock_name: ClassVar[str] = "details_dock"

    message = Signal(str)
    """A passing message for the status bar (text that did not fit in a field)."""
    current_item_changed = Signal(str)
    """The item the Item page shows now ("" for none): the one a passage is cited in."""
    passage_requested = Signal(str, int, int)
    """Show this passage (source id, start, end) in the Sources panel."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document: Document | None = None
        self.evidence_id: str | None = None
        self.hypothesis_id: str | None = None
        self._loaded_item: str | None = None  # the item whose fields the page shows
        self._loading = False
        self._flushing = False
        self.fields = TypedFields(self)
        self.fields.message.connect(self.message)
        self.drafts = self.fields.drafts
        self.addTab(scrolling(self._build_item_page()), "Item")
        self.addTab(scrolling(self._build_hypothesis_page()), "Hypothesis")
        self.addTab(scrolling(self._build_meta_page()), "Worksheet")
        self.setMinimumWidth(340)

    # -- pages -----------------------------------------------------------------

    def _build_item_page(self) -> QWidget:
        page, form = form_page()
        self.item_title = line("What was seen, heard or assumed")
        self.item_description = TextBox("Details", 4)
        self.item_source = line("Who or what reported it")
        self.item_link = line("https://…")
        self.item_date = DateEdit()
        self.item_date.setToolTip("When the event happened")
        self.item_reported = DateEdit()
        self.item_reported.setObjectName("reported_date")
        self.item_information = information_combo()
        self.item_information.setToolTip(
            "How likely the information itself is (Admiralty 1 to 6), whatever its source"
        )
        self.item_grading = QLabel()
        self.item_grading.setObjectName("grading")
        self.item_grading.setWordWrap(True)
        self.use_suggested = QPushButton("Use Suggested")
        self.use_suggested.setToolTip("Set the credibility to the one the grading suggests")
        grading = QWidget()
        grading_box = QHBoxLayout(grading)
        grading_box.setContentsMargins(0, 0, 0, 0)
        grading_box.addWidget(self.item_grading, 1)
        grading_box.addWidget(self.use_suggested)
        self.citations = CitationList()
        self.item_type = QComboBox()
        self.item_type.setEditable(True)
        self.item_type.addItems(["", *EVIDENCE_TYPES])
        self.item_credibility = levels()
        self.item_relevance = levels()
        self.item_excluded = QCheckBox("Excluded: set aside, counts in no score")
        self.item_flags = {code: QCheckBox(label) for code, label in FLAGS.items()}
        flags = QWidget()
        flag_box = QVBoxLayout(flags)
        flag_box.setContentsMargins(0, 0, 0, 0)
        for box in self.item_flags.values():
            flag_box.addWidget(box)
        self.item_measures = QLabel()
        self.item_measures.setWordWrap(True)
        self.item_heading = QLabel("<i>Select an evidence item in the matrix.</i>")
        form.addRow(self.item_heading)
        form.addRow("&Title", self.item_title)
        form.addRow("&Description", self.item_description)
        form.addRow("&Source", self.item_source)
        form.addRow("&Link", self.item_link)
        citations_label = QLabel("Citatio&ns")
        citations_label.setBuddy(self.citations.list)
        form.addRow(citations_label, self.citations)
        date_label = QLabel("Event d&ate")
        date_label.setBuddy(self.item_date)  # the field itself: see date_row
        form.addRow(date_label, date_row(self.item_date))
        reported_label = QLabel("Re&ported")
        reported_label.setBuddy(self.item_reported)
        form.addRow(reported_label, date_row(self.item_reported))
        form.addRow("T&ype", self.item_type)
        form.addRow("&Information", self.item_information)
        form.addRow("&Credibility", self.item_credibility)
        form.addRow("", grading)
        form.addRow("&Relevance", self.item_relevance)
        form.addRow("", self.item_excluded)
        form.addRow("Flags", flags)
        form.addRow("", self.item_measures)
        self._item_page = page

        def commit(field: str, value: Callable[[], Any]) -> Callable[..., None]:
            def run(*_: object) -> None:
                if not self._loading and self.document and self.evidence_id:
                    self.document.set_item_fields(self.evidence_id, **{field: value()})

            return run

        text = self.fields.add_field
        text(Target.ITEM, "title", self.item_title, lambda: self.item_title.text(), required=True)
        text(Target.ITEM, "description", self.item_description, self.item_description.toPlainText)
        text(Target.ITEM, "source", self.item_source, lambda: self.item_source.text())
        text(Target.ITEM, "link", self.item_link, lambda: self.item_link.text())
        text(Target.ITEM, "date", self.item_date, self.item_date.valid_text)
        text(Target.ITEM, "reported_date", self.item_reported, self.item_reported.valid_text)
        type_edit = self.item_type.lineEdit()
        assert type_edit is not None  # the combo is editable, so it has its line edit
        text(Target.ITEM, "type", type_edit, lambda: self.item_type.currentText().strip())
        self.item_type.activated.connect(
            commit("type", lambda: self.item_type.currentText().strip())
        )
        self.item_credibility.currentIndexChanged.connect(
            commit("credibility", lambda: Level(self.item_credibility.currentData()))
        )
        self.item_relevance.currentIndexChanged.connect(
            commit("relevance", lambda: Level(self.item_relevance.currentData()))
        )
        self.item_information.currentIndexChanged.connect(
            commit("info_credibility", lambda: str(self.item_information.currentData()))
        )
        self.use_suggested.clicked.connect(self._use_suggested)
        self.citations.show_requested.connect(self._show_citation)
        self.citations.remove_requested.connect(self._remove_citation)
        self.item_excluded.toggled.connect(commit("excluded", self.item_excluded.isChecked))
        for box in self.item_flags.values():
            box.toggled.connect(commit("flags", self._checked_flags))
        return page

    def _checked_flags(self) -> frozenset[str]:
        return frozenset(code for code, box in self.item_flags.items() if box.isChecked())

    def _build_hypothesis_page(self) -> QWidget:
        page, form = form_page()
        self.hyp_heading = QLabel("<i>Select a hypothesis column in the matrix.</i>")
        self.hyp_title = line("A hypothesis, mutually exclusive with the others")
        self.hyp_description = TextBox("What would be true if this hypothesis held", 4)
        self.milestones = MilestoneTable()
        form.addRow(self.hyp_heading)
        form.addRow("&Title", self.hyp_title)
        form.addRow("&Description", self.hyp_description)
        form.addRow(QLabel("<b>Milestones</b> (Heuer step 8)"))
        form.addRow(self.milestones)
        title = self.hyp_title
        self.fields.add_field(
            Target.HYPOTHESIS, "title", title, lambda: title.text().strip(), required=True
        )
        self.fields.add_field(
            Target.HYPOTHESIS, "description", self.hyp_description, self.hyp_description.toPlainText
        )
        return page

    def _build_meta_page(self) -> QWidget:
        page, form = form_page()
        self.meta_title = line()
        self.meta_question = TextBox("The question the analysis answers", 3)
        self.meta_analyst = line()
        self.meta_classification = line("e.g. UNCLASSIFIED")
        self.meta_conclusions = TextBox(
            "Relative likelihood of all hypotheses, and why (Heuer step 7)", 6
        )
        form.addRow("&Title", self.meta_title)
        form.addRow("&Question", self.meta_question)
        form.addRow("&Analyst", self.meta_analyst)
        form.addRow("C&lassification", self.meta_classification)
        form.addRow("C&onclusions", self.meta_conclusions)
        for edit, field in (
            (self.meta_title, "title"),
            (self.meta_analyst, "analyst"),
            (self.meta_classification, "classification"),
        ):
            self.fields.add_field(Target.META, field, edit, stripped(edit))
        for box, field in (
            (self.meta_question, "question"),
            (self.meta_conclusions, "conclusions"),
        ):
            self.fields.add_field(Target.META, field, box, box.toPlainText)
        return page

    # -- text fields: stored as typed (drafts.py) -------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def target_of(self, kind: Target) -> str | None:
        if kind is Target.ITEM:
            return self.evidence_id
        if kind is Target.HYPOTHESIS:
            return self.hypothesis_id
        return ""

    def flush(self) -> None:
        """Store whatever is being typed in the window (this panel's fields, a cell editor)."""
        if self._flushing:
            return
        self._flushing = True
        try:
            commit_open_item_editor(self.window())
            self.drafts.flush()
        finally:
            self._flushing = False

    # -- what the Document asks of the fields typed in (document.TypedText) -----------

    def store(self) -> None:
        self.flush()

    def unkept(self) -> list[str]:
        doc, eid = self.document, self.evidence_id
        if doc is None or doc.closed or eid is None or not doc.has_item(eid):
            return []
        e, n = doc.item(eid), doc.item_index(eid) + 1
        sentences = []
        for edit, name, stored in self._date_fields(e.date, e.reported_date):
            if edit.valid_text() is not None:
                continue
            keeps = f"the stored date, {stored}" if stored else "no date"
            sentences.append(
                f"The {name} of evidence item {n} holds “{edit.text().strip()}”, which is"
                f" not a date (YYYY-MM-DD): the worksheet keeps {keeps}."
            )
        return sentences

    def _date_fields(self, event: str, reported: str) -> list[tuple[DateEdit, str, str]]:
        """Each date field of the Item page, its name in a sentence, and what is stored."""
        return [
            (self.item_date, "Event date", event),
            (self.item_reported, "Reported date", reported),
        ]

    def show_unkept(self) -> None:
        for edit, _name, _stored in self._date_fields("", ""):
            if edit.valid_text() is None and self.unkept():
                self._bring_forward(0)
                edit.setFocus()
                edit.selectAll()
                return

    # -- the document ---------------------------------------------------------------

    def stop(self) -> None:
        """Nothing runs in the background here (what is typed is stored by the Document)."""

    def set_document(self, document: Document) -> None:
        self.drafts.discard()  # the window stored or discarded it when leaving the old one
        self.document = document
        document.add_typed_text(self)
        self.evidence_id = self.hypothesis_id = self._loaded_item = None
        document.item_changed.connect(self._on_item_changed)
        document.item_removed.connect(lambda _i, _n: self._forget_missing())
        document.hypothesis_changed.connect(self._on_hypothesis_changed)
        document.hypothesis_removed.connect(lambda _i, _n: self._forget_missing())
        document.milestones_changed.connect(self.milestones.reload)
        document.meta_changed.connect(self._load_meta)
        document.cell_changed.connect(lambda e, _h: self._on_item_changed(e))
        document.read_only_changed.connect(lambda _ro: self.reload())
        # Sources named by the item's citations and grading: their labels and grades.
        document.sources_changed.connect(self._load_item)
        document.source_changed.connect(lambda _sid: self._load_item())
        self.reload()
        self.current_item_changed.emit("")

    def reload(self) -> None:
        """Every page from the document (and editable unless it is read-only)."""
        self._load_item()
        self._load_hypothesis()
        self._load_meta()

    def show_selection(
        self,
        evidence_id: str | None,
        hypothesis_id: str | None,
        *,
        focus_item: bool = False,
        focus_hypothesis: bool = False,
    ) -> None:
        item_changed = evidence_id is not None and evidence_id != self.evidence_id
        hypothesis_changed = hypothesis_id is not None and hypothesis_id != self.hypothesis_id
        if item_changed or hypothesis_changed:
            self.flush()  # what was typed for the item shown is its own step, stored first
        if item_changed:
            for sentence in self.unkept():  # the other item's fields replace it: say so
                self.message.emit(sentence)
            self.evidence_id = evidence_id
            self.current_item_changed.emit(evidence_id or "")
        if hypothesis_changed:
            self.hypothesis_id = hypothesis_id
            self._load_hypothesis()
        if item_changed or hypothesis_changed:
            self._load_item()  # it shows the note of the current cell too
        if focus_item:
            self.setCurrentIndex(0)
            self.item_title.setFocus()
            self.item_title.selectAll()
        elif focus_hypothesis:
            self.setCurrentIndex(1)
            self.hyp_title.setFocus()
            self.hyp_title.selectAll()

    def show_meta(self) -> None:
        """Bring the worksheet's own fields forward, the question first."""
        self._bring_forward(2)
        self.meta_question.setFocus()

    def _bring_forward(self, page: int) -> None:
        parent = self.parentWidget()
        if parent is not None and hasattr(parent, "raise_"):
            parent.raise_()  # the dock, if tabbed behind another
        self.setCurrentIndex(page)

    def _forget_missing(self) -> None:
        doc = self.document
        if doc is None:
            return
        if self.evidence_id and self.evidence_id not in {e.id for e in doc.worksheet.evidence}:
            self.evidence_id = None
            self._load_item()
            self.current_item_changed.emit("")
        if self.hypothesis_id and self.hypothesis_id not in {
            h.id for h in doc.worksheet.hypotheses
        }:
            self.hypothesis_id = None
            self._load_hypothesis()
            self._load_item()

    def _on_item_changed(self, evidence_id: str) -> None:
        if evidence_id == self.evidence_id:
            self._load_item()

    def _on_hypothesis_changed(self, hypothesis_id: str) -> None:
        if hypothesis_id == self.hypothesis_id:
            self._load_hypothesis()

    def _load_item(self) -> None:
        doc, eid = self.document, self.evidence_id
        enabled = bool(doc and eid) and not (doc and doc.read_only)
        for w in self._item_page.findChildren(QWidget):
            if w is not self.item_heading:
                w.setEnabled(enabled)
        # The passages cited can be shown in a read-only worksheet too (Remove is not offered).
        for w in [self.citations, *self.citations.findChildren(QWidget)]:
            w.setEnabled(bool(doc and eid))
        same_item, self._loaded_item = eid == self._loaded_item, eid
        if not (doc and eid):
            self.item_heading.setText("<i>Select an evidence item in the matrix.</i>")
            self._clear_item_fields()
            self.citations.show_item(None, None, editable=False)
            self.use_suggested.setEnabled(False)
            return
        e = doc.item(eid)
        self._loading = True
        try:
            self.item_heading.setText(f"<b>Evidence {doc.item_index(eid) + 1}</b>")
            set_line(self.item_title, e.title)
            self.item_description.set_text(e.description)
            set_line(self.item_source, e.source)
            set_line(self.item_link, e.link)
            self.item_date.show_date(e.date, same_item=same_item)
            self.item_reported.show_date(e.reported_date, same_item=same_item)
            self.item_information.setCurrentIndex(
                max(0, self.item_information.findData(e.info_credibility))
            )
            if self.item_type.currentText() != e.type:
                self.item_type.setCurrentText(e.type)
            self.item_credibility.setCurrentIndex(self.item_credibility.findData(e.credibility))
            self.item_relevance.setCurrentIndex(self.item_relevance.findData(e.relevance))
            self.item_excluded.setChecked(e.excluded)
            for code, box in self.item_flags.items():
                box.setChecked(code in e.flags)
            self.item_measures.setText(item_measures(doc, eid, self.hypothesis_id))
            grading, differs = grading_line(doc.worksheet, e)
            self.item_grading.setText(grading)
            self.use_suggested.setVisible(differs)
            self.use_suggested.setEnabled(differs and enabled)
            self.citations.show_item(doc.worksheet, e, editable=enabled)
        finally:
            self._loading = False

    def _clear_item_fields(self) -> None:
        """No item: empty fields, and the choices at their defaults (medium), all disabled."""
        self._loading = True
        try:
            for edit in (self.item_title, self.item_source, self.item_link):
                set_line(edit, "")
            self.item_description.set_text("")
            self.item_date.show_date("", same_item=False)
            self.item_reported.show_date("", same_item=False)
            self.item_information.setCurrentIndex(0)
            self.item_grading.setText("")
            self.use_suggested.hide()
            self.item_type.setCurrentText("")
            for combo in (self.item_credibility, self.item_relevance):
                combo.setCurrentIndex(combo.findData(Level.MEDIUM))
            self.item_excluded.setChecked(False)
            for box in self.item_flags.values():
                box.setChecked(False)
            self.item_measures.setText("")
        finally:
            self._loading = False

    # -- the item's sources -------------------------------------------------------

    def _use_suggested(self) -> None:
        if self.document is not None and self.evidence_id is not None:
            self.document.edit.use_suggested_credibility(self.evidence_id)

    def _show_citation(self, position: int) -> None:
        doc, eid = self.document, self.evidence_id
        if doc is None or eid is None or not doc.has_item(eid):
            return
        citations = doc.item(eid).citations
        if 0 <= position < len(citations):
            c = citations[position]
            self.passage_requested.emit(c.source_id, c.start, c.end)

    def _remove_citation(self, position: int) -> None:
        if self.document is not None and self.evidence_id is not None:
            self.document.edit.remove_citation(self.evidence_id, position)

    def _load_hypothesis(self) -> None:
        doc, hid = self.document, self.hypothesis_id
        enabled = bool(doc and hid) and not (doc and doc.read_only)
        for w in (self.hyp_title, self.hyp_description):
            w.setEnabled(enabled)
        self.milestones.show_hypothesis(doc, hid)
        if not (doc and hid):
            self.hyp_heading.setText("<i>Select a hypothesis column in the matrix.</i>")
            return
        h = doc.hypothesis(hid)
        self._loading = True
        try:
            self.hyp_heading.setText(f"<b>Hypothesis {doc.hypothesis_index(hid) + 1}</b>")
            set_line(self.hyp_title, h.title)
            self.hyp_description.set_text(h.description)
        finally:
            self._loading = False

    def _load_meta(self) -> None:
        if self.document is None:
            return
        ws = self.document.worksheet
        set_line(self.meta_title, ws.title)
        self.meta_question.set_text(ws.question)
        set_line(self.meta_analyst, ws.analyst)
        set_line(self.meta_classification, ws.classification)
        self.meta_conclusions.set_text(ws.conclusions)
        for w in (
            self.meta_title,
            self.meta_question,
            self.meta_analyst,
            self.meta_classification,
            self.meta_conclusions,
        ):
            w.setEnabled(not self.document.read_only)


def item_measures(doc: Document, evidence_id: str, hypothesis_id: str | None) -> str:
    """The line under an item's fields: its weight and diagnosticity, and the current cell."""
    e = doc.item(evidence_id)
    if e.excluded:  # counts nowhere, so no measure of its own
        text = f"Diagnosticity {NO_VALUE} · <b>excluded</b>: counts in no score"
    else:
        m = doc.measure(evidence_id)
        text = f"Weight {weight(e):.3f} · diagnosticity {m.diagnosticity:.2f}"
        if m.score_neutral:
            text += "<br>≡ <b>Score-neutral</b>: the same inconsistency for every hypothesis."
    if hypothesis_id is not None and doc.has_hypothesis(hypothesis_id):
        cell = doc.worksheet.cell(evidence_id, hypothesis_id)
        h = doc.hypothesis(hypothesis_id)
        rating = cell.rating.value if cell.rating is not None else "not rated"
        text += f"<br><br><b>Against {escape(h.title)}:</b> {rating}"
        if cell.note:  # its own lines, as the analyst wrote them
            text += f"<br><i>{escape(cell.note).replace(chr(10), '<br>')}</i>"
    return text
