"""Benchmark the whole pipeline against bare spaCy on the same text (issue #7).

For each corpus size, builds N articles by recombining the paragraphs of the seeds (or of the `.txt`
files of --source; deterministic for a given --seed) and times, one after the other on that corpus:

* the pipeline at 1 worker (`python -m pipeline run --full --workers 1`),
* bare spaCy: the pipeline's model, loaded as the pipeline loads it (pipeline.nlp.load_model), running
  `nlp.pipe` in 1 process with the pipeline's batch size over exactly the paragraphs the pipeline
  parses (each document's `clean_text` from the 1-worker run's documents.parquet, split as
  pipeline.sentences does),
* the pipeline at 2 workers (each of --workers-list) and on the Dask engine with 2 local workers.

With --repeat N, the configurations run N times in turn on each corpus (of at most --repeat-up-to
articles): a machine shared with others (a virtual machine, say) slows whole runs by a third at
times, and each configuration's fastest run is the least disturbed one.

Every configuration runs in its own process into a fresh output folder. Its wall time is that of
the whole process (start-up, reading, model load, every stage, exports and writing; for bare spaCy,
`nlp.pipe` alone, model loaded); its peak memory is the largest sum of the resident memory (VmRSS)
of the process and all its descendants (the workers), polled every 0.1 s from /proc (Linux).
Words are spaCy tokens that are not white space: counted on the Docs for bare spaCy, and as the
rows of the run's tokens table whose text is not white space for the pipeline (the same count on the
same text; a difference is reported). Time per stage comes from each run's manifest.json
(`stage_seconds`).

Prints the results and the targets of issue #7, and writes them to docs/benchmarks.md (--output).

    .venv/bin/python scripts/benchmark.py                          # 1,000 and 10,000 articles
    .venv/bin/python scripts/benchmark.py --articles 50 --skip-dask
    .venv/bin/python scripts/benchmark.py --parallel-up-to 1000     # 10,000: 1 worker and bare spaCy only
    .venv/bin/python scripts/benchmark.py --repeat 3 --repeat-up-to 1000   # 1,000: the fastest of 3 runs
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Any

from corpus import SEEDS, build_corpus

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "benchmarks.md"
# Seconds between two samples of the process tree's memory.
MEMORY_INTERVAL = 0.1
# Targets of issue #7.
TARGET_VS_SPACY = 0.85  # pipeline at 1 worker, words/s, as a share of bare spaCy's
TARGET_TWO_WORKERS = 1.7  # speed-up of 2 workers over 1
TARGET_DASK = 1.5  # speed-up of the Dask engine with 2 local workers over 1 worker
TARGET_MEMORY = 1.2  # peak memory of the largest corpus over that of the smallest, at most
BARE = "bare"
ONE_WORKER = "workers-1"


@dataclass(frozen=True)
class Config:
    """A configuration timed on each corpus."""

    key: str
    label: str
    options: tuple[str, ...] = ()  # options of `pipeline run` (none for bare spaCy)
    workers: int = 1
    engine: str = "local"


@dataclass
class Measure:
    """One configuration on one corpus. `seconds` is None when it did not run (`note` says why)."""

    seconds: float | None = None
    peak_bytes: int | None = None
    words: int | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)
    # the run's own process, from manifest.json `peak_memory_mib` (MiB): per-document stages, all stages and exports
    own_peak_mib: dict[str, float] = field(default_factory=dict)
    note: str = ""
    wall_seconds: float | None = None  # bare spaCy: the whole process
    load_seconds: float | None = None  # bare spaCy: loading the model
    runs: list[float] = field(default_factory=list)  # the seconds of every run (--repeat), in order


def fastest(previous: Measure | None, latest: Measure) -> Measure:
    """One configuration's measure over its runs so far: the fastest run (its seconds, stage seconds
    and words) with the largest peak memory of all runs and every run's seconds; a failed run is
    reported as it is (and the configuration not run again)."""
    if previous is None or latest.seconds is None:
        return replace(latest, runs=[] if latest.seconds is None else [latest.seconds])
    assert previous.seconds is not None
    best = latest if latest.seconds < previous.seconds else previous
    peaks = [peak for peak in (previous.peak_bytes, latest.peak_bytes) if peak is not None]
    return replace(best, peak_bytes=max(peaks) if peaks else None, runs=[*previous.runs, latest.seconds])


@dataclass
class SizeResult:
    """Every configuration on the corpus of one size."""

    articles: int
    corpus_bytes: int
    paragraphs: int | None = None
    words: int | None = None
    measures: dict[str, Measure] = field(default_factory=dict)


@dataclass
class Environment:
    """What the figures were measured on."""

    started: str
    command: str
    source: str
    seed: int
    cpu: str
    cores: int
    usable_cores: int
    ram_bytes: int | None
    load_before: str
    python: str
    spacy: str
    model: str
    components: str = "(not loaded yet)"
    batch_size: int = 0
    pipeline: str = ""
    cli_note: str = ""
    load_after: str = ""


# ---------------------------------------------------------------------------------------------
# Memory of a process tree


def _children(pid: int) -> list[int]:
    """Direct children of `pid` (every thread's /proc children list); empty when it is gone."""
    found: list[int] = []
    try:
        tasks = list(os.scandir(f"/proc/{pid}/task"))
    except OSError:
        return found
    for task in tasks:
        try:
            found.extend(int(child) for child in Path(task.path, "children").read_text().split())
        except OSError:
            continue
    return found


def _children_by_scan() -> Callable[[int], list[int]]:
    """`_children` for kernels without /proc/PID/task/TID/children: one scan of /proc per sample."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rpartition(")")[2].split()[1])
            parents.setdefault(parent, []).append(int(entry.name))
    return lambda pid: parents.get(pid, [])


def _resident_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class PeakMemory:
    """The largest summed resident memory of a process and all its descendants, sampled every
    MEMORY_INTERVAL seconds in a thread (`peak` is None where /proc is not available)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak: int | None = 0 if Path(f"/proc/{pid}").exists() else None
        self.by_children_file = Path(f"/proc/self/task/{threading.get_native_id()}/children").exists()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> PeakMemory:
        if self.peak is not None:
            self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _poll(self) -> None:
        while True:
            total = sum(_resident_bytes(pid) for pid in self._tree())
            self.peak = max(self.peak or 0, total)
            if self._stop.wait(MEMORY_INTERVAL):
                return

    def _tree(self) -> Iterator[int]:
        children = _children if self.by_children_file else _children_by_scan()
        pending = [self.pid]
        seen: set[int] = set()
        while pending:
            pid = pending.pop()
            if pid not in seen:
                seen.add(pid)
                yield pid
                pending.extend(children(pid))


def measured(command: list[str], log: Path) -> tuple[int, float, int | None]:
    """Exit code, wall seconds and peak memory of the process tree of `command` (output into `log`)."""
    with log.open("wb") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=sink, stderr=subprocess.STDOUT
        )
        with PeakMemory(process.pid) as memory:
            code = process.wait()
        seconds = time.perf_counter() - started
    return code, seconds, memory.peak


def _failure(code: int, log: Path) -> str:
    lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    tail = "\n".join(lines[-15:])
    print(f"  failed with exit code {code}; end of {log}:\n{tail}", file=sys.stderr, flush=True)
    last = lines[-1][:150] if lines else ""
    return f"failed (exit {code}{': ' + last if last else ''})"


# ---------------------------------------------------------------------------------------------
# The configurations


def pipeline_options() -> tuple[bool, bool]:
    """Whether this version of `pipeline run` has --workers, and --engine."""
    shown = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--help"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return "--workers" in shown, "--engine" in shown


def configurations(workers: list[int], dask_workers: int | None, has_workers: bool) -> list[Config]:
    """1 worker first (bare spaCy reads its documents), then bare spaCy, the other worker counts, Dask."""
    configs = [
        Config(ONE_WORKER, "pipeline, 1 worker", ("--workers", "1") if has_workers else ()),
        Config(BARE, "bare spaCy (nlp.pipe, 1 process)"),
    ]
    for count in sorted(set(workers) - {1}):
        configs.append(Config(f"workers-{count}", f"pipeline, {count} workers", ("--workers", str(count)), count))
    if dask_workers is not None:
        configs.append(
            Config(
                f"dask-{dask_workers}",
                f"pipeline, Dask, {dask_workers} local workers",
                ("--engine", "dask", "--workers", str(dask_workers)),
                dask_workers,
                "dask",
            )
        )
    return configs


def run_pipeline(config: Config, corpus: Path, out: Path, log: Path) -> Measure:
    """One full run of the pipeline (`--full`, into a fresh folder) in its own process."""
    command = [sys.executable, "-m", "pipeline", "run", "-q", "--full", "--input", str(corpus), "--out", str(out)]
    code, seconds, peak = measured([*command, *config.options], log)
    if code != 0:
        return Measure(note=_failure(code, log), peak_bytes=peak)
    import pandas as pd

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    tokens = pd.read_parquet(out / "tokens.parquet", columns=["text"])["text"]
    words = int((tokens.str.strip() != "").sum())
    stages = {str(name): float(value) for name, value in manifest.get("stage_seconds", {}).items()}
    own_peak = {str(name): float(value) for name, value in manifest.get("peak_memory_mib", {}).items()}
    return Measure(seconds=seconds, peak_bytes=peak, words=words, stage_seconds=stages, own_peak_mib=own_peak)


def run_bare_spacy(documents: Path, work: Path, log: Path) -> tuple[Measure, dict[str, Any]]:
    """Bare spaCy in its own process (this script with --bare-spacy) on the pipeline's documents."""
    result = work / "bare-spacy.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--bare-spacy", str(documents), str(result)]
    code, wall, peak = measured(command, log)
    if code != 0:
        return Measure(note=_failure(code, log), peak_bytes=peak), {}
    found = json.loads(result.read_text(encoding="utf-8"))
    measure = Measure(
        seconds=found["pipe_seconds"],
        peak_bytes=peak,
        words=found["words"],
        wall_seconds=wall,
        load_seconds=found["load_seconds"],
    )
    return measure, found


def bare_spacy(documents: Path, result: Path) -> None:
    """The body of the --bare-spacy process: time `nlp.pipe` over the paragraphs the pipeline parses."""
    import pandas as pd
    import spacy

    from pipeline.nlp import load_model
    from pipeline.sentences import _paragraphs  # the pipeline's own split of clean_text into what it parses
    from pipeline.settings import DEFAULT_SETTINGS

    settings = DEFAULT_SETTINGS
    texts = [text for _, _, _, text, _ in _paragraphs(pd.read_parquet(documents))]
    started = time.perf_counter()
    nlp = load_model(settings.model_name)
    loaded = time.perf_counter()
    words = 0
    for doc in nlp.pipe(texts, batch_size=settings.spacy_batch_size):
        words += sum(1 for token in doc if not token.is_space)
    finished = time.perf_counter()
    found = {
        "load_seconds": loaded - started,
        "pipe_seconds": finished - loaded,
        "paragraphs": len(texts),
        "words": words,
        "components": list(nlp.pipe_names),
        "batch_size": settings.spacy_batch_size,
        "model": f"{settings.model_name} {nlp.meta.get('version', '?')}",
        "spacy": spacy.__version__,
    }
    result.write_text(json.dumps(found, indent=2), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The machine


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit() -> str:
    """The checkout's commit, and whether it has uncommitted changes (the figures are of that code)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        changed = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return "commit unknown (no git)"
    if head.returncode != 0:
        return "commit unknown (not a git checkout)"
    return f"commit {head.stdout.strip()}" + (", with uncommitted changes" if changed.stdout.strip() else "")


def _load_average() -> str:
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg()) + " (1 / 5 / 15 min)"
    except OSError:
        return "unknown"


def environment(args: argparse.Namespace) -> Environment:
    cpu = platform.processor() or platform.machine()
    ram: int | None = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.partition(":")[2].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
    except OSError:
        pass
    from pipeline import __version__
    from pipeline.settings import DEFAULT_SETTINGS

    model = DEFAULT_SETTINGS.model_name
    return Environment(
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        command=shlex.join(["python", "scripts/benchmark.py", *sys.argv[1:]]),
        source=_shown_path(args.source),
        seed=args.seed,
        cpu=cpu,
        cores=os.cpu_count() or 0,
        usable_cores=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0,
        ram_bytes=ram,
        load_before=_load_average(),
        python=platform.python_version(),
        spacy=_version("spacy"),
        model=f"{model} {_version(model.replace('_', '-'))}",
        batch_size=DEFAULT_SETTINGS.spacy_batch_size,
        pipeline=f"{__version__}, {_commit()}",
        cli_note="",
    )


def _shown_path(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) + "/" if resolved.is_relative_to(ROOT) else str(resolved)


# ---------------------------------------------------------------------------------------------
# The report


def _number(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _mib(value: int | None) -> str:
    return "—" if value is None else f"{value / 2**20:,.0f} MiB"


def _table(header: list[str], rows: list[list[str]], right_from: int = 1) -> list[str]:
    align = ["---" if column < right_from else "---:" for column in range(len(header))]
    return ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in [header, align, *rows]]


def _speed(result: SizeResult, key: str) -> tuple[float | None, float | None]:
    """Articles/s and words/s of a configuration (words of its own count, else the corpus's)."""
    measure = result.measures.get(key)
    if measure is None or measure.seconds is None or measure.seconds <= 0:
        return None, None
    words = measure.words if measure.words is not None else result.words
    return result.articles / measure.seconds, None if words is None else words / measure.seconds


def _speed_up(result: SizeResult, key: str) -> float | None:
    one, other = result.measures.get(ONE_WORKER), result.measures.get(key)
    if one is None or other is None or one.seconds is None or other.seconds is None or other.seconds <= 0:
        return None
    return one.seconds / other.seconds


def _peak(result: SizeResult, key: str) -> int | None:
    """Peak memory of a configuration that ran to the end."""
    measure = result.measures.get(key)
    return None if measure is None or measure.seconds is None else measure.peak_bytes


def _vs_spacy(result: SizeResult, key: str) -> float | None:
    _, bare = _speed(result, BARE)
    _, words = _speed(result, key)
    return None if bare is None or words is None or bare <= 0 else words / bare


def size_section(result: SizeResult, configs: list[Config]) -> list[str]:
    lines = [f"## {result.articles:,} articles", ""]
    corpus = f"{result.articles:,} articles, {result.corpus_bytes / 1e6:,.1f} MB of text"
    if result.words is not None:
        corpus += f", {result.paragraphs or 0:,} paragraphs parsed, {result.words:,} words"
    lines += [f"Corpus: {corpus}.", ""]
    rows = []
    for config in configs:
        measure = result.measures.get(config.key, Measure(note="not run yet"))
        articles, words = _speed(result, config.key)
        speed_up = "—" if config.key == BARE else _ratio(_speed_up(result, config.key))
        seconds = _number(measure.seconds, 1) if measure.seconds is not None else measure.note or "—"
        rows.append(
            [
                config.label,
                seconds,
                _number(articles, 2),
                _number(words),
                _ratio(_vs_spacy(result, config.key)),
                speed_up,
                _mib(measure.peak_bytes),
            ]
        )
    header = ["configuration", "seconds", "articles/s", "words/s", "× bare spaCy", "× 1 worker", "peak memory"]
    lines += _table(header, rows)
    notes = []
    bare = result.measures.get(BARE)
    if bare is not None and bare.seconds is not None:
        notes.append(
            f"Bare spaCy: `nlp.pipe` time only; its process took {_number(bare.wall_seconds, 1)} s in all "
            f"(start-up, reading the texts, loading the model in {_number(bare.load_seconds, 1)} s, parsing)."
        )
    repeated = [config for config in configs if len(result.measures.get(config.key, Measure()).runs) > 1]
    if repeated:
        runs = "; ".join(
            f"{config.label}: " + ", ".join(_number(run, 1) for run in result.measures[config.key].runs)
            for config in repeated
        )
        notes.append(
            "The configurations ran in turn, several times; the table gives each one's fastest run and the "
            f"largest peak memory of its runs. Seconds of every run, in order: {runs}."
        )
    counted = {
        config.label: result.measures[config.key].words
        for config in configs
        if config.key in result.measures and result.measures[config.key].words is not None
    }
    if len(set(counted.values())) > 1:
        shown = ", ".join(f"{label}: {words:,}" for label, words in counted.items())
        notes.append(f"**The word counts differ** ({shown}); each configuration's words/s uses its own count.")
    elif len(counted) > 1:
        notes.append(f"Every configuration counted the same {result.words or 0:,} words.")
    own = result.measures.get(ONE_WORKER)
    if own is not None and own.own_peak_mib:
        notes.append(
            "The 1-worker run's own process (manifest.json `peak_memory_mib`): peak "
            f"{_number(own.own_peak_mib.get('per_document_stages'))} MiB once the per-document stages were "
            f"done (documents streamed batch by batch); "
            f"{_number(own.own_peak_mib.get('all_stages_and_exports'))} MiB once the cross-document stages "
            "and the exports were done too."
        )
    for note in notes:
        lines += ["", note]
    lines.append("")
    stage_configs = [
        config
        for config in configs
        if config.key != BARE and config.key in result.measures and result.measures[config.key].seconds is not None
    ]
    stages: list[str] = []
    for config in stage_configs:
        stages += [name for name in result.measures[config.key].stage_seconds if name not in stages]
    if stage_configs:
        lines += ["Time per stage (seconds, from each run's manifest.json `stage_seconds`):", ""]
        rows = []
        for stage in stages:
            cells = [result.measures[config.key].stage_seconds.get(stage) for config in stage_configs]
            rows.append([f"`{stage}`", *(_number(cell, 1) for cell in cells)])
        if stages:
            totals = [sum(result.measures[config.key].stage_seconds.values()) for config in stage_configs]
            rows.append(["sum of the stages", *(_number(total, 1) for total in totals)])
        else:
            rows.append(["(no `stage_seconds` in manifest.json)", *("—" for _ in stage_configs)])
        rows.append(["whole process", *(_number(result.measures[config.key].seconds, 1) for config in stage_configs)])
        lines += [*_table(["stage", *(config.label for config in stage_configs)], rows), ""]
    return lines


def targets(results: list[SizeResult], configs: list[Config]) -> list[list[str]]:
    """One row per target and corpus size (results in increasing size): target, size, figure, met / not met."""
    rows: list[list[str]] = []
    memory = f"peak memory at the largest size within {TARGET_MEMORY - 1:.0%} of the smallest"

    def verdict(value: float | None, met: bool) -> str:
        return "not measured" if value is None else "**met**" if met else "**not met**"

    for result in results:
        value = _vs_spacy(result, ONE_WORKER)
        rows.append(
            [
                f"pipeline at 1 worker ≥ {TARGET_VS_SPACY} × bare spaCy's words/s",
                f"{result.articles:,}",
                _ratio(value),
                verdict(value, value is not None and value >= TARGET_VS_SPACY),
            ]
        )
    two = next((config for config in configs if config.engine == "local" and config.workers == 2), None)
    dask = next((config for config in configs if config.engine == "dask"), None)
    for config, label, threshold in [
        (two, "2 workers", TARGET_TWO_WORKERS),
        (dask, "Dask with 2 local workers", TARGET_DASK),
    ]:
        if config is not None and config.workers != 2:
            label += f" (measured with {config.workers})"
        for result in results:
            value = None if config is None else _speed_up(result, config.key)
            rows.append(
                [
                    f"{label} ≥ {threshold} × 1 worker",
                    f"{result.articles:,}",
                    _ratio(value),
                    verdict(value, value is not None and value >= threshold),
                ]
            )
    if len(results) < 2:
        shown = f"{results[0].articles:,}" if results else "—"
        rows.append([memory, shown, "—", "not measured (one corpus size)"])
        return rows
    small, large = results[0], results[-1]
    for phase, label in [
        ("per_document_stages", "per-document stages"),
        ("all_stages_and_exports", "all stages and exports"),
    ]:
        low_own = small.measures.get(ONE_WORKER, Measure()).own_peak_mib.get(phase)
        high_own = large.measures.get(ONE_WORKER, Measure()).own_peak_mib.get(phase)
        value = None if not low_own or high_own is None else high_own / low_own
        rows.append(
            [
                f"{memory}: 1 worker's own process, {label}",
                f"{large.articles:,} vs {small.articles:,}",
                _ratio(value),
                verdict(value, value is not None and value <= TARGET_MEMORY),
            ]
        )
    for config in configs:
        low, high = _peak(small, config.key), _peak(large, config.key)
        value = None if low is None or high is None or low <= 0 else high / low
        rows.append(
            [
                f"{memory}: {config.label}",
                f"{large.articles:,} vs {small.articles:,}",
                _ratio(value),
                verdict(value, value is not None and value <= TARGET_MEMORY),
            ]
        )
    return rows


def report(env: Environment, results: list[SizeResult], configs: list[Config]) -> str:
    ram = "unknown" if env.ram_bytes is None else f"{env.ram_bytes / 2**30:.1f} GiB"
    lines = [
        "# Benchmarks",
        "",
        "Written by `scripts/benchmark.py` (issue #7); rerun it to update this page:",
        "",
        "```sh",
        f".venv/bin/{env.command}",
        "```",
        "",
        "## Machine",
        "",
        *_table(
            ["", ""],
            [
                ["date (UTC)", env.started],
                ["CPU", f"{env.cpu}, {env.cores} logical cores ({env.usable_cores} usable)"],
                ["RAM", ram],
                ["load average before / after", f"{env.load_before}; {env.load_after or '—'}"],
                ["Python", env.python],
                ["spaCy", env.spacy],
                ["model", f"{env.model}; components: {env.components}; batch size {env.batch_size}"],
                ["pipeline", env.pipeline],
                ["corpus", f"paragraphs of {env.source} recombined, seed {env.seed}"],
            ],
            right_from=2,
        ),
        "",
        "## How it is measured",
        "",
        "- Each configuration runs on the same corpus, one after the other, in its own process: the pipeline as "
        "`python -m pipeline run -q --full` into a fresh output folder; bare spaCy as this script's `--bare-spacy` "
        "process.",
        "- Bare spaCy: the pipeline's model, loaded by `pipeline.nlp.load_model` (same components), runs `nlp.pipe` "
        "in 1 process with the pipeline's batch size over exactly the paragraphs the pipeline parses (the "
        "`clean_text` of the 1-worker run's documents, split by `pipeline.sentences`). Its seconds are those of "
        "`nlp.pipe` alone, model loaded; the pipeline's are the wall time of its whole process (start-up, reading, "
        "model load, every stage, exports and writing).",
        "- Words: spaCy tokens that are not white space — counted on bare spaCy's Docs, and as the rows of each "
        "run's `tokens` table whose text is not white space (the same words of the same text).",
        "- Peak memory: the largest sum of the resident memory (VmRSS) of the process and all its descendants "
        f"(the workers), sampled every {MEMORY_INTERVAL} s from /proc. Pages shared between processes count once "
        "per process.",
        "- `× bare spaCy`: words/s over bare spaCy's words/s; `× 1 worker`: the 1-worker run's seconds over this "
        "run's.",
        "- Where a corpus says its configurations ran several times (`--repeat`), they ran in turn (each once, "
        "then each again), and each configuration's figures are those of its fastest run, except the peak "
        "memory, the largest of its runs.",
        "",
    ]
    if env.cli_note:
        lines += [f"Note: {env.cli_note}", ""]
    for result in results:
        lines += size_section(result, configs)
    lines += ["## Targets", "", *_table(["target", "articles", "figure", "result"], targets(results, configs), 1), ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The run


def benchmark(args: argparse.Namespace, work: Path) -> None:
    env = environment(args)
    has_workers, has_engine = pipeline_options()
    dask_workers = None if args.skip_dask else args.dask_workers
    configs = configurations(args.workers_list, dask_workers, has_workers)
    missing = [option for option, present in [("--workers", has_workers), ("--engine", has_engine)] if not present]
    if missing:
        env.cli_note = f"this version of `pipeline run` has no {' or '.join(missing)} option"
    results: list[SizeResult] = []
    print(f"benchmark in {work}; results into {args.output}", file=sys.stderr, flush=True)

    def write() -> None:
        env.load_after = _load_average()
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report(env, results, configs), encoding="utf-8")

    for articles in args.articles:
        folder = work / f"articles-{articles}"
        corpus = folder / "corpus"
        build_corpus(corpus, articles, args.seed, args.source)
        size = sum(path.stat().st_size for path in corpus.iterdir())
        result = SizeResult(articles=articles, corpus_bytes=size)
        results.append(result)
        rounds = args.repeat if args.repeat_up_to is None or articles <= args.repeat_up_to else 1
        for number, config in [(number, config) for number in range(1, rounds + 1) for config in configs]:
            previous = result.measures.get(config.key)
            if previous is not None and previous.seconds is None:
                continue  # failed or not run: reported as it is
            shown_round = f" (run {number} of {rounds})" if rounds > 1 else ""
            print(f"[{articles:,} articles] {config.label}{shown_round} ...", file=sys.stderr, flush=True)
            out = folder / f"out-{config.key}"
            log = folder / f"{config.key}.log"
            if config.key == BARE:
                one = result.measures[ONE_WORKER]
                if one.seconds is None:
                    measure = Measure(note="not run: the 1-worker run failed")
                else:
                    measure, found = run_bare_spacy(folder / f"out-{ONE_WORKER}" / "documents.parquet", folder, log)
                    if found:
                        result.paragraphs, result.words = found["paragraphs"], found["words"]
                        env.components = ", ".join(found["components"])
                        env.model, env.spacy = found["model"], found["spacy"]
                if not args.keep:
                    _remove_output(folder / f"out-{ONE_WORKER}")
            elif config.engine == "dask" and not has_engine:
                measure = Measure(note="skipped: `pipeline run` has no --engine")
            elif config.workers > 1 and not has_workers:
                measure = Measure(note="skipped: `pipeline run` has no --workers")
            elif config.workers > 1 and args.parallel_up_to is not None and articles > args.parallel_up_to:
                measure = Measure(note=f"not run (--parallel-up-to {args.parallel_up_to:,})")
            else:
                measure = run_pipeline(config, corpus, out, log)
                if not args.keep and config.key != ONE_WORKER:
                    _remove_output(out)
            result.measures[config.key] = fastest(previous, measure)
            shown = measure.note if measure.seconds is None else f"{measure.seconds:,.1f} s"
            print(
                f"[{articles:,} articles] {config.label}{shown_round}: {shown}, peak {_mib(measure.peak_bytes)}",
                file=sys.stderr,
            )
            write()
    write()
    print(report(env, results, configs))
    print(f"written to {args.output}", file=sys.stderr)


def _remove_output(out: Path) -> None:
    """An output folder and its working files (the hidden sibling .NAME.pipeline), to save disk space."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.with_name(f".{out.name}.pipeline"), ignore_errors=True)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--bare-spacy":  # the bare spaCy process (internal)
        bare_spacy(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--articles", type=int, nargs="+", default=[1000, 10000], metavar="N", help="corpus sizes (default 1000 10000)"
    )
    parser.add_argument(
        "--source", type=Path, default=SEEDS, metavar="DIR", help="folder whose .txt articles are recombined (seeds/)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed of the corpus (default 1)")
    parser.add_argument(
        "--workers-list",
        type=int,
        nargs="+",
        default=[1, 2],
        metavar="N",
        help="worker counts of the local engine (default 1 2; 1 is always run)",
    )
    parser.add_argument(
        "--dask-workers", type=int, default=2, metavar="N", help="local Dask workers of the Dask run (default 2)"
    )
    parser.add_argument("--skip-dask", action="store_true", help="do not run the Dask engine")
    parser.add_argument(
        "--parallel-up-to",
        type=int,
        metavar="N",
        help="run the configurations of more than 1 worker (and Dask) only on corpora of at most N articles",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="run the configurations N times in turn and report each one's fastest run (default 1)",
    )
    parser.add_argument(
        "--repeat-up-to",
        type=int,
        metavar="N",
        help="repeat only on corpora of at most N articles (default: every corpus)",
    )
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="work in DIR (new or empty) and keep corpora, outputs and logs"
    )
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, metavar="FILE", help="report to write (docs/benchmarks.md)"
    )
    args = parser.parse_args()
    if any(count < 1 for count in [*args.articles, *args.workers_list, args.dask_workers, args.repeat]):
        parser.error("--articles, --workers-list, --dask-workers and --repeat take positive numbers")
    if not args.source.is_dir():
        parser.error(f"--source {args.source} is not a folder")
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep} is not empty")
    args.articles = sorted(set(args.articles))
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="benchmark-"))
    try:
        benchmark(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
