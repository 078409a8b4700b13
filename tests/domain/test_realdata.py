"""Worksheets written by others (the team's shared/realdata), scored by the command line.

The files are read where they lie beside the checkout and never copied into
the project; without them these tests skip and say why, except in CI
(``ACH_REQUIRE_SHARED=1``), where they must run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import run


def scored(path: Path) -> dict[str, dict[str, Any]]:
    result = run("score", path, "--json")
    assert result.returncode == 0, result.stderr
    return {h["id"]: h for h in json.loads(result.stdout)["hypotheses"]}


def test_stirparo_v04_matches_the_scores_cached_in_the_template(realdata_dir: Path) -> None:
    # The sheet rounds sqrt(2) to 1.414 and prints three decimals: H1 -0.5, H2 -0.707, H3 -2.914.
    got = scored(realdata_dir / "converted" / "stirparo-v04.json")
    assert {h: round(s["weighted_inconsistency"], 3) for h, s in got.items()} == {
        "H1": -0.5,
        "H2": -0.707,
        "H3": -2.914,
    }


@pytest.mark.parametrize("name", ["datadruidi-country-x", "intel-workbench-sandworm"])
def test_parc_inconsistency_of_converted_worksheets(realdata_dir: Path, name: str) -> None:
    folder = realdata_dir / "converted"
    derived = json.loads((folder / f"{name}.derived-scores.json").read_text(encoding="utf-8"))
    inconsistency = derived.get("parc_inconsistency_I-1_II-2") or derived["parc_inconsistency"]
    got = scored(folder / f"{name}.json")
    assert {h: s["inconsistency"] for h, s in got.items()} == inconsistency
    if "blank_cells" in derived:
        assert {h: s["blank"] for h, s in got.items()} == derived["blank_cells"]
    weighted = derived.get("parc_weighted_inconsistency_exact_sqrt2")
    if weighted:  # summed in floats there, exactly here: equal to the last bits
        assert {h: s["weighted_inconsistency"] for h, s in got.items()} == pytest.approx(
            weighted, rel=1e-12, abs=1e-12
        )
