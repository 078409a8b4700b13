"""Fixtures for the window's tests (offscreen, see tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.ui.worksheets import realistic_worksheet


@pytest.fixture
def worksheet():
    return realistic_worksheet()


@pytest.fixture
def document(qtbot, worksheet):
    from app.storage.achw.worksheet_file import WorksheetFile
    from app.ui.document.document import Document

    file = WorksheetFile.create(worksheet)
    file.commits = []  # what the document asked the storage to write, for the tests
    real_commit = file.commit

    def recording_commit(change):
        real_commit(change)
        file.commits.append(change)

    file.commit = recording_commit
    doc = Document(file)
    yield doc
    doc.close()


@pytest.fixture
def details(qtbot, document):
    """A Details panel of its own, shown, on ``document``."""
    from app.ui.panels.details import DetailsPanel

    panel = DetailsPanel()
    qtbot.addWidget(panel)
    panel.set_document(document)
    panel.show()
    qtbot.waitExposed(panel)
    return panel
