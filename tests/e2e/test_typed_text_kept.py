"""Text typed in the Details panel is never lost: real windows, real key presses.

The worst bug found so far passed every method-level test: text typed in a
Details field was stored only when the field lost the keyboard, and commands
(Ctrl+S, Ctrl+W, adding the next item) do not take it, so the text was
silently dropped.  These tests type as an analyst types and press the
shortcuts straight after, before any pause could store the text.
"""

from __future__ import annotations

import dataclasses
import shutil
import time

import pytest

from app.resources import sample_worksheet
from app.storage.achw.worksheet_file import read_worksheet
from app.storage.local.recovery import recover, recoverable_sessions
from tests.e2e.xwindow import Program

pytestmark = pytest.mark.xvfb

PARAGRAPH = "Rail cars seen at Najin, loaded at night. Two sources agree."


@pytest.fixture
def sample_copy(tmp_path):
    path = tmp_path / "dprk.achw"
    shutil.copy(sample_worksheet(), path)
    return path


def test_new_item_typed_then_saved_at_once(display, sample_copy):
    """Ctrl+Shift+E, title, description, source, Ctrl+Shift+E again, Ctrl+S, Ctrl+Q."""
    before = read_worksheet(sample_copy)
    program = Program(display, str(sample_copy))
    try:
        program.wait_for_window("dprk")
        program.keys("ctrl+shift+e")
        program.type("Shells moved by rail")
        program.keys("Tab")
        program.type(PARAGRAPH)
        program.keys("Tab")
        program.type("Satellite imagery")
        program.keys("ctrl+shift+e")  # the next item, straight away
        program.type("Second item")
        program.keys("ctrl+s")
        time.sleep(1.0)
        program.quit()  # exits without asking: everything was saved
    finally:
        program.stop()
    after = read_worksheet(sample_copy)
    known = {e.id for e in before.evidence}
    new = [e for e in after.evidence if e.id not in known]  # added after the current item
    assert [(e.title, e.description, e.source) for e in new] == [
        ("Shells moved by rail", PARAGRAPH, "Satellite imagery"),
        ("Second item", "", ""),
    ]


def test_hypothesis_description_kept_when_adding_the_next(display):
    """Ctrl+N, Ctrl+Shift+H, title, Tab, description, Ctrl+Shift+H: the first keeps its text."""
    program = Program(display)
    try:
        program.wait_for_window("ACH Workbench")
        program.keys("ctrl+n")
        program.wait_for_window("Untitled")
        program.keys("ctrl+shift+h")
        program.type("Export to Russia")
        program.keys("Tab")
        program.type(PARAGRAPH)
        program.keys("ctrl+shift+h")
        program.type("Stockpile")
        time.sleep(1.5)  # what a crash recovery would find now
        assert "*" in program.title()
    finally:
        program.kill()
    (session,) = recoverable_sessions()
    recovered = recover(session)
    try:
        hypotheses = [(h.title, h.description) for h in recovered.worksheet.hypotheses]
    finally:
        recovered.close()
    assert hypotheses == [("Export to Russia", PARAGRAPH), ("Stockpile", "")]


def test_ctrl_w_right_after_typing_asks_and_saves(display, sample_copy):
    """Typing in an item's description marks the title; Ctrl+W asks; Save keeps the text."""
    before = read_worksheet(sample_copy)
    program = Program(display, str(sample_copy))
    try:
        program.wait_for_window("dprk")
        assert "*" not in program.title()
        program.keys("alt+d")  # the Details panel's Description field, by its label
        program.keys("ctrl+End")
        program.type(" Added.")
        assert "*" in program.title()  # unsaved, while still typing
        program.keys("ctrl+w")
        program.wait_for_window("Unsaved changes")
        program.keys("Return")  # Save, the default answer
        program.wait_until_gone("dprk")
        program.wait_for_window("ACH Workbench")
        time.sleep(0.5)
        program.quit()
    finally:
        program.stop()
    after = read_worksheet(sample_copy)
    assert after.evidence[0].description == before.evidence[0].description + " Added."


def test_a_paragraph_typed_survives_a_power_cut(display, sample_copy):
    before = read_worksheet(sample_copy)
    program = Program(display, str(sample_copy))
    try:
        program.wait_for_window("dprk")
        program.keys("alt+d", "ctrl+End")
        program.type(" " + PARAGRAPH)
        time.sleep(1.5)  # no command, no leaving the field: the analyst just stops
    finally:
        program.kill()
    (session,) = recoverable_sessions()
    assert session.original == sample_copy
    recovered = recover(session, break_lock=True)
    try:
        description = recovered.worksheet.evidence[0].description
    finally:
        recovered.close()
    assert description == before.evidence[0].description + " " + PARAGRAPH
    assert read_worksheet(sample_copy) == before  # nothing was saved over the file


@pytest.fixture
def near_limit_copy(tmp_path):
    """The sample with its first item's title 5 characters short of the limit."""
    from app.storage.achw.worksheet_file import WorksheetFile
    from app.storage.limits import MAX_TITLE

    ws = read_worksheet(sample_worksheet())
    title = (ws.evidence[0].title + " ") * 40
    first = dataclasses.replace(ws.evidence[0], title=title[: MAX_TITLE - 5])
    path = tmp_path / "near.achw"
    f = WorksheetFile.create(dataclasses.replace(ws, evidence=[first, *ws.evidence[1:]]))
    f.save(path)
    f.close()
    return path


def test_a_title_typed_past_the_limit_is_saved_whole(display, near_limit_copy):
    """The field takes what fits and no more: what it shows is what is saved, no refusal."""
    before = read_worksheet(near_limit_copy).evidence[0].title
    program = Program(display, str(near_limit_copy))
    try:
        program.wait_for_window("near")
        program.keys("alt+t", "End")
        program.type("abcdefghij")
        program.keys("ctrl+s")
        time.sleep(1.0)
        program.quit()  # exits without asking: what the field showed was saved
    finally:
        program.stop()
    assert read_worksheet(near_limit_copy).evidence[0].title == before + "abcde"


def type_impossible_date(program: Program) -> None:
    """Into the first item's Date field (Alt+A), replacing the date there."""
    program.wait_for_window("dprk")
    program.keys("alt+a", "ctrl+a")
    program.type("2024-02-30")


def test_save_with_an_impossible_date_asks_and_goes_back_to_it(display, sample_copy):
    """2024-02-30 in the Date field: Ctrl+S asks; Return goes back to it; the fix is saved."""
    program = Program(display, str(sample_copy))
    try:
        type_impossible_date(program)
        program.keys("ctrl+s")
        program.wait_for_window("Text not kept")
        program.keys("Return")  # Correct It, the default: back in the Date field, selected
        program.wait_for_window("dprk")
        program.type("2024-02-29")
        program.keys("ctrl+s")
        time.sleep(1.0)
        program.quit()
    finally:
        program.stop()
    assert read_worksheet(sample_copy).evidence[0].date == "2024-02-29"


def test_closing_with_an_impossible_date_asks_first(display, sample_copy):
    before = read_worksheet(sample_copy)
    program = Program(display, str(sample_copy))
    try:
        type_impossible_date(program)
        program.keys("ctrl+w")
        program.wait_for_window("Text not kept")
        program.keys("alt+l")  # Close Anyway
        program.wait_until_gone("dprk")  # the worksheet's window title, and the dialog, gone
        program.wait_for_window("ACH Workbench")
        program.quit()
    finally:
        program.stop()
    assert read_worksheet(sample_copy) == before
