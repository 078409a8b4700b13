"""The row under the matrix: each hypothesis's score and rank, the leader marked.

It follows the document's hypotheses as the matrix model does (the columns
line up, see ``FollowsDocument``) and its scores as they change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from app.domain.lead import TIE_BREAK, tie_broken
from app.ui.document.document import Document
from app.ui.matrix.model import (
    COL_TITLE,
    HYPOTHESIS_ID_ROLE,
    NO_PARENT,
    FollowsDocument,
    Index,
)
from app.ui.matrix.score_text import (
    MINUS,
    PROVISIONAL,
    PROVISIONAL_MARK,
    format_number,
    unrated_leader_cells,
)


class ScoreModel(FollowsDocument):
    """One row under the matrix: each hypothesis's score and rank."""

    LEADER_BACKGROUND = QColor("#ffe27a")
    LEADER_FOREGROUND = QColor("#1a1a1a")

    def __init__(self, document: Document):
        super().__init__(document)
        self._hidden = False
        document.scores_changed.connect(self._on_scores_changed)

    @property
    def hidden(self) -> bool:
        return self._hidden

    def set_hidden(self, hidden: bool) -> None:
        if hidden != self._hidden:
            self._hidden = hidden
            self._on_scores_changed()

    def line_count(self) -> int:
        """The lines of the tallest score cell: the score row is made this tall.

        Two, so that a note under a score never makes the row jump; three
        when a rank decided by a tie-break has blank cells too.
        """
        if self._hidden:
            return 2
        board = self.document.scoreboard
        tied = tie_broken(board.ranking(), unweighted=board.unweighted)
        return 3 if any(s.blank for s in tied) else 2

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else 1

    def label(self) -> str:
        if self._hidden:
            return "Scores hidden while rating"
        if self.document.scoreboard.unweighted:
            return "Inconsistency (unweighted)"
        return "Weighted inconsistency"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() != 0:
            return None
        col = index.column()
        if col == COL_TITLE:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.label()
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    "Least inconsistent first (Heuer step 5): the most likely hypothesis is "
                    "the one with the least evidence against it.\nTies are broken by "
                    "consistency, then by fewer blank cells. ★ marks the leader."
                )
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        h = self.hypothesis_at(col)
        if h is None or self._hidden:
            return None
        s = self.document.scoreboard.score(h.id)
        leader = s.rank == 1
        unrated = unrated_leader_cells(self.document, h.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if self.document.scoreboard.unweighted:
                value = str(s.inconsistency).replace("-", MINUS)
            else:
                value = format_number(s.weighted_inconsistency)
            text = f"{'★ ' if leader else ''}{value}  #{s.rank}"
            # Lines under the score (a narrow column holds no more than the
            # score and rank on the first): whether the rank was decided
            # by a tie-break, the score shown being level (app/domain/lead.py);
            # and how much of the hypothesis is still blank, a leader that leads
            # only for want of ratings marked (its tooltip says why).
            board = self.document.scoreboard
            notes = []
            if s in tie_broken(board.ranking(), unweighted=board.unweighted):
                notes.append(TIE_BREAK)
            if unrated:
                notes.append(f"{PROVISIONAL_MARK} {unrated} unrated")
            elif s.blank:
                notes.append(f"{s.blank} unrated")
            return "\n".join([text, *notes])  # the footer is as tall as needed: line_count
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(leader)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and leader:
            return self.LEADER_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and leader:
            return self.LEADER_FOREGROUND
        if role == Qt.ItemDataRole.ToolTipRole:
            caution = (
                f"{PROVISIONAL.capitalize()} ({unrated} of its cells not rated).\n\n"
                if unrated
                else ""
            )
            return caution + (
                f"{h.title}\nRank {s.rank}\n"
                f"Inconsistency: {s.inconsistency}\n"
                f"Weighted inconsistency: {s.weighted_inconsistency:.3f}\n"
                f"Consistency (tie-break): {s.consistency:.3f}\n"
                f"Normalized: {s.normalized:.3f} (this program's measure: weighted"
                " inconsistency per unit of applicable weight, from −2 to 0)\n"
                f"Blank cells: {s.blank}"
            )
        if role == HYPOTHESIS_ID_ROLE:
            return h.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return None
        return self._hypothesis_header(section, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled

    def _on_scores_changed(self) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(0, self.columnCount() - 1))
