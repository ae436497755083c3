"""All-or-nothing publishing and the output folder's lock, with real processes killed by SIGKILL."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import workspace
from pipeline.cli import EXIT_FAILURE, EXIT_LOCKED, EXIT_OK, main
from pipeline.exports import EXPORT_FILES
from pipeline.registry import SCHEMAS
from pipeline.workspace import locked, replace_folder, state_dir
from tests.conftest import ROOT, SEEDS

PUBLISHED = sorted(
    [f"{name}.parquet" for name in SCHEMAS] + [f"{name}.csv" for name in SCHEMAS] + [*EXPORT_FILES, "manifest.json"]
)


def _pipeline(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _corpus(tmp_path: Path, name: str, skip: str | None = None) -> Path:
    corpus = tmp_path / name
    corpus.mkdir()
    for path in SEEDS.iterdir():
        if path.name != skip:
            shutil.copy(path, corpus / path.name)
    return corpus


def _run(corpus: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _pipeline("run", "-q", "--input", str(corpus), "--out", str(out), *extra),
        env=_environment(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_a_run_killed_at_any_point_leaves_a_complete_run(tmp_path: Path) -> None:
    old_corpus = _corpus(tmp_path, "old")
    new_corpus = _corpus(tmp_path, "new", skip="000_e9e3cf1609aa9d61.txt")
    out = tmp_path / "out"
    (out / "notes").mkdir(parents=True)
    (out / "notes" / "README.txt").write_text("kept across runs\n")
    assert _run(old_corpus, out).returncode == EXIT_OK
    previous = _snapshot(out)
    new_inputs = sorted(p.name for p in new_corpus.iterdir())
    started = time.monotonic()
    assert _run(new_corpus, tmp_path / "timing", "--full").returncode == EXIT_OK
    duration = time.monotonic() - started
    # From start-up to the last moments of a run (the switch happens at its very end).
    delays = [0.5, 1.5, 3.0, 0.8 * duration, 0.95 * duration, 1.0 * duration]
    outcomes = []
    for delay in delays:
        process = subprocess.Popen(
            _pipeline("run", "-q", "--full", "--input", str(new_corpus), "--out", str(out)),
            env=_environment(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = _snapshot(out)
        if now == previous:
            outcomes.append("previous")
        else:
            manifest = json.loads(now["manifest.json"])
            assert sorted(entry["file"] for entry in manifest["inputs"]) == new_inputs
            assert sorted(name for name in now if not name.startswith("notes/")) == PUBLISHED
            assert now["notes/README.txt"] == b"kept across runs\n"
            assert main(["validate", str(out)]) == EXIT_OK
            outcomes.append("new")
        # The next run recovers without help (the lock died with its holder) and restores the old set.
        assert _run(old_corpus, out, "--full").returncode == EXIT_OK
        # What the killed run left is gone; only the folders this run replaced wait for the next one.
        kept = sorted(p.name for p in state_dir(out).iterdir() if p.name not in ("cache", "lock"))
        assert len(kept) == 2
        assert all(name.startswith(workspace.TEMPORARY_PREFIX) for name in kept)
        restored = _snapshot(out)
        assert {k: v for k, v in restored.items() if k != "manifest.json"} == {
            k: v for k, v in previous.items() if k != "manifest.json"
        }
        previous = restored
    assert len(outcomes) == len(delays)


def test_a_second_run_on_a_locked_folder_exits_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with locked(out):
        assert main(["run", "-q", "--input", str(SEEDS), "--out", str(out)]) == EXIT_LOCKED
    assert list(out.iterdir()) == []


def test_two_processes_never_share_an_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from pipeline.workspace import locked\n"
            "with locked(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(600)",
            str(out),
        ],
        env=_environment(),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        second = _run(SEEDS, out)
        assert second.returncode == EXIT_LOCKED
        assert not out.exists()
        waiting = subprocess.Popen(
            _pipeline("run", "-q", "--wait", "120", "--input", str(SEEDS), "--out", str(out)),
            env=_environment(),
            cwd=ROOT,
        )
    finally:
        holder.send_signal(signal.SIGKILL)  # a dead holder: the operating system releases its lock
        holder.wait()
    assert waiting.wait(timeout=300) == EXIT_OK
    assert main(["validate", str(out)]) == EXIT_OK


def test_fallback_switch_killed_between_its_renames_is_put_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "table.csv").write_text("old\n")
    with locked(out) as state:
        moved = state / f"{workspace.PREVIOUS_PREFIX}tmp-1"
        out.rename(moved)  # the first of the two renames, as if killed right after it
    with locked(out):
        pass
    assert (out / "table.csv").read_text() == "old\n"
    assert sorted(p.name for p in state_dir(out).iterdir()) == ["lock"]


@pytest.mark.parametrize("exchange", [True, False])
def test_replace_folder_swaps_whole_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool) -> None:
    if not exchange:
        monkeypatch.setattr(workspace, "_exchange", lambda first, second: False)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_text("old a\n")
    (out / "b.csv").write_text("old b\n")
    with locked(out) as state:
        new = workspace.new_folder(state, like=out)
        (new / "a.csv").write_text("new a\n")
        replace_folder(new, out)
    assert _snapshot(out) == {"a.csv": b"new a\n"}
    # The previous folder stays whole, for readers still reading it, until the next run starts.
    (previous,) = [p for p in state_dir(out).iterdir() if p.name != "lock"]
    assert previous.name.startswith(workspace.TEMPORARY_PREFIX)
    assert _snapshot(previous) == {"a.csv": b"old a\n", "b.csv": b"old b\n"}
    with locked(out):
        pass
    assert sorted(p.name for p in state_dir(out).iterdir()) == ["lock"]


def test_an_output_path_that_is_a_file_is_a_failure(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder\n")
    assert main(["run", "-q", "--input", str(SEEDS), "--out", str(out)]) == EXIT_FAILURE
    assert out.read_text() == "not a folder\n"
