"""The quality ratchet: the pipeline's scores on the evaluation sets never fall below their floors.

The sets and their scorer live beside this checkout in ../shared/eval (skipped where they are not);
the floors are in tests/quality_floors.json, raised with `python scripts/score.py --raise-floors`
whenever a change improves a figure.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import score  # scripts/score.py: the runner `make score` uses

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", sorted(score.SETS))
def test_scores_hold_their_floors(name: str, tmp_path: Path) -> None:
    if not score.EVAL.exists():
        pytest.skip("../shared/eval is not beside this checkout")
    floors = score.read_floors()[name]
    assert set(floors) == set(score.FIGURES)
    found, _ = score.run_and_score(name, tmp_path / name)
    below = {path: (found[path], floor) for path, floor in floors.items() if found[path] < floor}
    assert below == {}, f"figures below their floors (found, floor): {below}"
