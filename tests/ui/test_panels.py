"""The details panel (edits through undo) and the live sensitivity panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.domain.model import Level, MilestoneStatus
from app.ui.panels.sensitivity import (
    CHANGES,
    COL_INCLUDED,
    COL_WITHOUT,
    SensitivityModel,
    SensitivityPanel,
)


def leave(qtbot, widget):
    """Move the focus away so the field commits, as the analyst's Tab would."""
    other = QWidget()
    qtbot.addWidget(other)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def test_item_fields_typed_commit_as_undoable_edits(qtbot, details, document):
    ws = document.worksheet
    e = ws.evidence[3]
    details.show_selection(e.id, None, focus_item=True)
    details.item_title.selectAll()
    qtbot.keyClicks(details.item_title, "DPRK foreign ministry denial")
    qtbot.keyClick(details.item_title, Qt.Key.Key_Return)
    assert e.title == "DPRK foreign ministry denial"
    details.item_description.setFocus()
    qtbot.keyClicks(details.item_description, "KCNA, 20 Sept.")
    qtbot.keyClick(details.item_description, Qt.Key.Key_Tab)
    assert e.description == "KCNA, 20 Sept."
    details.item_credibility.setCurrentIndex(details.item_credibility.findData(Level.HIGH))
    assert e.credibility is Level.HIGH
    details.item_flags["second-hand"].click()
    assert "second-hand" in e.flags
    details.item_excluded.click()
    assert e.excluded
    details.item_date.setText("20 Sept")
    details.item_date.editingFinished.emit()
    assert e.date == "2023-09-20"  # refused: not ISO
    details.item_date.setText("2023-09-21")
    details.item_date.editingFinished.emit()
    assert e.date == "2023-09-21"
    assert document.undo_stack.count() == 6
    document.undo_stack.undo()  # date
    assert details.item_date.text() == "2023-09-20"  # the panel follows undo
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    assert details.item_title.text() == "DPRK denies any arms transfers"
    assert not details.item_excluded.isChecked()


def test_empty_title_is_refused(qtbot, details, document):
    e = document.worksheet.evidence[0]
    details.show_selection(e.id, None)
    details.item_title.clear()
    details.item_title.editingFinished.emit()
    assert e.title == "Rail traffic surge at Tumangang crossing"
    assert details.item_title.text() == e.title


def test_hypothesis_and_milestones(qtbot, details, document):
    ws = document.worksheet
    h = ws.hypotheses[0]
    details.show_selection(None, h.id, focus_hypothesis=True)
    assert details.milestones.table.rowCount() == 1
    details.hyp_title.selectAll()
    qtbot.keyClicks(details.hyp_title, "H1: Shipments at scale")
    qtbot.keyClick(details.hyp_title, Qt.Key.Key_Return)
    assert h.title == "H1: Shipments at scale"
    details.milestones.add_button.click()
    assert len(document.milestones_of(h.id)) == 2
    item = details.milestones.table.item(1, 0)
    item.setText("Rail traffic at Tumangang falls")
    assert document.milestones_of(h.id)[1].text == "Rail traffic at Tumangang falls"
    combo = details.milestones.table.cellWidget(1, 1)
    combo.setCurrentIndex(combo.findData(MilestoneStatus.OBSERVED))
    assert document.milestones_of(h.id)[1].status is MilestoneStatus.OBSERVED
    details.milestones.table.setCurrentCell(0, 0)
    details.milestones.delete_button.click()
    assert [m.text for m in document.milestones_of(h.id)] == ["Rail traffic at Tumangang falls"]
    document.undo_stack.undo()
    assert details.milestones.table.rowCount() == 2


def test_worksheet_meta(qtbot, details, document):
    details.setCurrentIndex(2)
    details.meta_question.setFocus()
    details.meta_question.selectAll()
    qtbot.keyClicks(details.meta_question, "Who supplies Russia's shells?")
    qtbot.keyClick(details.meta_question, Qt.Key.Key_Tab)
    assert document.worksheet.question == "Who supplies Russia's shells?"
    details.meta_analyst.setText("B. Analyst")
    details.meta_analyst.editingFinished.emit()
    assert document.worksheet.analyst == "B. Analyst"
    document.undo_stack.undo()
    assert details.meta_analyst.text() == "A. Analyst"


def test_sensitivity_model_passes_qtmodeltester(qtmodeltester, document):
    from app.domain.sensitivity import analyse_sensitivity

    model = SensitivityModel(document)
    model.set_result(analyse_sensitivity(document.worksheet))
    qtmodeltester.check(model)


def test_sensitivity_is_debounced_and_toggling_an_item_updates_everything(qtbot, document):
    panel = SensitivityPanel()
    qtbot.addWidget(panel)
    panel.set_document(document)
    panel.show()
    qtbot.waitUntil(lambda: panel.model.result is not None)
    ws = document.worksheet
    result = panel.model.result
    assert "Leading" in panel.summary.text()
    # a linchpin is shown as changing the lead when removed
    for lp in result.linchpins:
        row = panel.model._ids.index(lp)
        assert panel.model.index(row, COL_WITHOUT).data() == CHANGES
    # untick an item in the panel: excluded at once, analysis follows within the debounce
    row = 1
    eid = panel.model.evidence_id(row)
    idx = panel.model.index(row, COL_INCLUDED)
    assert panel.model.setData(idx, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert ws.evidence[row].excluded
    assert idx.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    before = panel.model.result
    with qtbot.waitSignal(panel.model.modelReset, timeout=2000):
        pass
    assert panel.model.result is not before
    assert eid not in {s.evidence_id for s in panel.model.result.items}
    # many quick edits: one analysis
    calls = []
    panel.model.modelReset.connect(lambda: calls.append(1))
    for e in ws.evidence[3:8]:
        document.set_excluded([e.id], True)
    qtbot.wait(400)
    assert len(calls) == 1


def test_item_page_shows_the_current_cells_rating_and_note(details, document):
    ws = document.worksheet
    e, h = ws.evidence[0], ws.hypotheses[0]
    details.show_selection(e.id, h.id)
    assert "Three times the 2022 average." in details.item_measures.text()
    document.set_note(e.id, h.id, "Revised <estimate>")
    assert "Revised &lt;estimate&gt;" in details.item_measures.text()
    document.delete_hypothesis(h.id)
    assert "Revised" not in details.item_measures.text()


def test_sensitivity_waits_while_its_tab_is_behind(qtbot, document):
    """No analysis (O(evidence x hypotheses)) while the panel cannot be seen, one when it can."""
    panel = SensitivityPanel()
    qtbot.addWidget(panel)
    panel.set_document(document)
    panel.show()
    panel.set_shown(False)  # the dock's tab went behind the details tab
    calls = []
    panel.model.modelReset.connect(lambda: calls.append(1))
    document.set_excluded([document.worksheet.evidence[2].id], True)
    qtbot.wait(400)
    assert calls == [] and panel.model.result is None
    panel.set_shown(True)
    qtbot.waitUntil(lambda: panel.model.result is not None, timeout=2000)
    assert len(calls) == 1
