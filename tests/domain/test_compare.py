"""Two versions of one worksheet, compared item by item (worksheet-file.md: "compare the two")."""

from __future__ import annotations

import copy

from app.domain.compare import Difference, differences
from app.domain.model import (
    Cell,
    Evidence,
    Hypothesis,
    Level,
    Milestone,
    MilestoneStatus,
    Rating,
    Worksheet,
)


def base() -> Worksheet:
    ws = Worksheet(title="Shells", question="Why more shells?")
    ws.hypotheses = [Hypothesis("Export", id="h-export"), Hypothesis("Stockpile", id="h-stock")]
    ws.evidence = [
        Evidence("Moisture-proofing skipped", id="e-moist"),
        Evidence("Workers hired for three months", id="e-workers"),
    ]
    ws.set_cell("e-moist", "h-export", Cell(Rating.C))
    ws.set_cell("e-moist", "h-stock", Cell(Rating.II, "long storage needs it"))
    ws.milestones = [Milestone("Rail traffic to the border", "h-export", id="m-rail")]
    return ws


def test_identical_versions_have_no_differences() -> None:
    assert differences(base(), base()) == []


def test_each_kind_of_change_is_named_where_it_is() -> None:
    mine, theirs = base(), base()
    theirs.question = "Why did orders rise?"
    theirs.hypotheses[1].title = "Domestic stockpile"
    theirs.evidence[1].credibility = Level.HIGH
    theirs.evidence[1].flags = frozenset({"second-hand"})
    theirs.set_cell("e-moist", "h-export", Cell(Rating.I, "they would not ship wet shells"))
    theirs.milestones[0].status = MilestoneStatus.OBSERVED
    assert differences(mine, theirs) == [
        Difference("Question", "Why more shells?", "Why did orders rise?"),
        Difference("H2 Stockpile: title", "Stockpile", "Domestic stockpile"),
        Difference("E2 Workers hired for three months: credibility", "medium", "high"),
        Difference("E2 Workers hired for three months: flags", "none", "second-hand"),
        Difference("E1 × H1 rating", "C", "I (note: they would not ship wet shells)"),
        Difference(
            "Milestone", "Rail traffic to the border (H1): open",
            "Rail traffic to the border (H1): observed",
        ),
    ]  # fmt: skip


def test_items_added_on_either_side_are_matched_by_identity_not_position() -> None:
    mine, theirs = base(), base()
    mine.evidence.insert(0, Evidence("Denial by the ministry", id="e-denial"))
    theirs.hypotheses.append(Hypothesis("Exercise", id="h-exercise"))
    theirs.set_cell("e-moist", "h-exercise", Cell(Rating.N))
    found = differences(mine, theirs)
    assert found == [
        Difference("Hypothesis “Exercise”", None, "present"),
        Difference("E1 Denial by the ministry", "present", None),
    ]  # moved items are not "changed"; a cell of a hypothesis only on disk goes with it


def test_deleted_notes_and_blanks_show_as_such() -> None:
    mine, theirs = base(), copy.deepcopy(base())
    mine.set_cell("e-moist", "h-stock", Cell(Rating.II))
    mine.set_cell("e-workers", "h-export", Cell(Rating.N))
    assert differences(mine, theirs) == [
        Difference("E1 × H2 rating", "II", "II (note: long storage needs it)"),
        Difference("E2 × H1 rating", "N", "blank"),
    ]


def test_a_different_order_is_a_difference_too() -> None:
    """The order is the analyst's reading order, and it settles ties in the ranking."""
    mine, theirs = base(), base()
    theirs.hypotheses.reverse()
    theirs.milestones.append(Milestone("Port activity", id="m-port"))
    theirs.milestones.reverse()
    assert differences(mine, theirs) == [
        Difference(
            "Order of the hypotheses", "your order", "another order (2 of 2 placed differently)"
        ),
        Difference("Milestone", None, "Port activity: open"),
    ]  # one milestone in common: its order cannot differ


def test_what_only_the_file_on_disk_has_is_named_by_title_not_by_its_position_there() -> None:
    mine, theirs = base(), base()
    del theirs.hypotheses[0]  # on disk, "H1" is Stockpile: it must not read as a rename
    theirs.hypotheses.insert(0, Hypothesis("Transfer to a militia", id="h-militia"))
    theirs.milestones.append(Milestone("Arms seen in Africa", "h-militia", id="m-africa"))
    found = differences(mine, theirs)
    assert Difference("H1 Export", "present", None) in found
    assert Difference("Hypothesis “Transfer to a militia”", None, "present") in found
    assert (
        Difference(
            "Milestone", None, "Arms seen in Africa (hypothesis “Transfer to a militia”): open"
        )
        in found
    )
