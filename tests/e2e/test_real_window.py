"""The real program in a real X window (Xvfb), driven by real key presses (xdotool).

Offscreen tests prove the widgets; this one proves the program as an analyst
meets it: start it on a worksheet, rate a cell from the keyboard, save, quit,
and find the rating in the file (the helpers are in ``xwindow.py``).
"""

from __future__ import annotations

import shutil
import time

import pytest

from app.domain.model import Rating
from app.resources import sample_worksheet
from app.storage.achw.worksheet_file import read_worksheet
from tests.e2e.xwindow import Program

pytestmark = pytest.mark.xvfb


def test_rate_save_quit_in_a_real_window(display, tmp_path):
    worksheet = tmp_path / "dprk.achw"
    shutil.copy(sample_worksheet(), worksheet)
    before = read_worksheet(worksheet)
    first_item, first_hypothesis = before.evidence[0].id, before.hypotheses[0].id
    assert before.rating(first_item, first_hypothesis) is not Rating.II

    program = Program(display, str(worksheet))
    try:
        program.wait_for_window("dprk")
        # The matrix has the keyboard on opening, at the first item's first hypothesis.
        program.keys("5", "ctrl+s")
        time.sleep(1.0)
        program.quit()
    finally:
        program.stop()

    after = read_worksheet(worksheet)
    assert after.rating(first_item, first_hypothesis) is Rating.II
    # Everything else came through the save untouched.
    after.set_cell(first_item, first_hypothesis, before.cell(first_item, first_hypothesis))
    assert after == before
    assert not list(tmp_path.glob(".~lock*")), "the lock file was left behind"
