"""Per-document rows on disk, batch by batch: a run's spool, kept afterwards as the cache.

The per-document stages' tables of each batch are written as one *part*, a folder `part-NNNNNN`
with one Arrow IPC file per table (LZ4-compressed: quicker to write and read than Parquet, which
matters as the run's own process writes them while workers parse), each row carrying its
document's key (`_doc_key`). Parts are written as batches finish, in corpus order, so a run never
holds more than a few batches of per-document rows in memory: the cross-document stages read only
the tables they take (`PartStore.read`), and the written per-document tables that no
cross-document stage takes (tokens, removed) go from the parts to the output files part by part
(`PartTable`).
"""

from __future__ import annotations

import shutil
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather
import pyarrow.ipc as ipc

from pipeline import workspace
from schemas.timex3 import DATE_DTYPE

KEY_COLUMN = "_doc_key"
# Arrow types read into pandas as the stages make them (to_frame).
_DATES = {pa.date32(): DATE_DTYPE}
PART_PREFIX = "part-"
SUFFIX = ".arrow"
# Parts of the cache kept in memory once read (CachedParts.rows).
KEEP_READ = 2


class PartStore:
    """The parts in `folder`, in the order they were added."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.parts: list[str] = []

    def add(self, tables: dict[str, pa.Table | pd.DataFrame]) -> str:
        """A new last part holding these tables (each with KEY_COLUMN); returns its name."""
        name = f"{PART_PREFIX}{len(self.parts):06d}"
        part = self.folder / name
        part.mkdir()
        for table, rows in tables.items():
            arrow = rows if isinstance(rows, pa.Table) else pa.Table.from_pandas(rows, preserve_index=False)
            feather.write_feather(arrow, part / f"{table}{SUFFIX}", compression="lz4")
        self.parts.append(name)
        return name

    def add_copy(self, source: Path) -> str:
        """A new last part with the files of the part folder `source` (hard-linked where possible)."""
        name = f"{PART_PREFIX}{len(self.parts):06d}"
        shutil.copytree(source, self.folder / name, copy_function=workspace.link_or_copy)
        self.parts.append(name)
        return name

    def sync(self) -> None:
        """Flush every part's files and folder to disk (before the spool is kept as the cache)."""
        for part in self.parts:
            for path in (self.folder / part).iterdir():
                workspace.fsync_file(path)
            workspace.fsync_file(self.folder / part)

    def read(self, table: str, columns: list[str] | None = None) -> pd.DataFrame:
        """The table's rows of every part (only `columns`, when given), in part order, without KEY_COLUMN."""
        frames = [read_part_table(self.folder / part, table, columns) for part in self.parts]
        present = [frame for frame in frames if len(frame)] or frames[:1]
        if not present:
            raise ValueError(f"no part holds table '{table}'")
        joined = pd.concat(present, ignore_index=True) if len(present) > 1 else present[0]
        return joined.drop(columns=[KEY_COLUMN], errors="ignore").reset_index(drop=True)

    def read_part(self, index: int, table: str, columns: list[str] | None = None) -> pd.DataFrame:
        """The table's rows of the part at `index` (only `columns`, when given), without KEY_COLUMN."""
        frame = read_part_table(self.folder / self.parts[index], table, columns)
        return frame.drop(columns=[KEY_COLUMN], errors="ignore")

    def withhold(self, keys: set[str]) -> None:
        """Leave the rows of the documents `keys` out of every part. A file with such rows is written anew
        and renamed over the old one, never changed in place: it may be a link to a file of the cache."""
        value_set = pa.array(sorted(keys), pa.string())
        for part in self.parts:
            for path in sorted((self.folder / part).glob(f"*{SUFFIX}")):
                table = feather.read_table(path)
                kept = pc.invert(pc.is_in(table[KEY_COLUMN], value_set=value_set))
                if table.num_rows == 0 or pc.all(kept).as_py():
                    continue
                written = path.with_name(f"{path.name}.new")
                feather.write_feather(table.filter(kept), written, compression="lz4")
                written.replace(path)

    def rows(self, index: int, table: str) -> int:
        """The number of rows of the table in the part at `index`."""
        return part_rows(self.folder / self.parts[index] / f"{table}{SUFFIX}")

    def table(self, name: str) -> PartTable:
        return PartTable(self, name)


class PartTable:
    """One table of a PartStore, read part by part: for writing a table too large to hold."""

    def __init__(self, store: PartStore, name: str):
        self.store = store
        self.name = name

    def paths(self) -> list[Path]:
        return [self.store.folder / part / f"{self.name}{SUFFIX}" for part in self.store.parts]

    @property
    def num_rows(self) -> int:
        return sum(part_rows(path) for path in self.paths())

    def schema(self) -> pa.Schema:
        """The table's Arrow schema over the parts with rows, KEY_COLUMN dropped: a column all null in one
        part (Arrow's null type there) takes the type the other parts give it."""
        schemas, with_rows = [], []
        for path in self.paths():
            with pa.memory_map(str(path)) as source:
                reader = ipc.open_file(source)
                schemas.append(reader.schema)
                if any(reader.get_batch(number).num_rows for number in range(reader.num_record_batches)):
                    with_rows.append(reader.schema)
        # parts without rows say nothing of a column's type (an empty frame's may be float or object)
        unified = pa.unify_schemas(with_rows or schemas[:1], promote_options="permissive")
        return unified.remove(unified.get_field_index(KEY_COLUMN)) if KEY_COLUMN in unified.names else unified

    def read(self) -> pd.DataFrame:
        """The whole table."""
        return self.store.read(self.name)

    def empty(self) -> pd.DataFrame:
        """No rows, the table's columns and types."""
        return to_frame(self.schema().empty_table())

    def arrow_parts(self) -> Iterator[pa.Table]:
        """Each part's rows as Arrow in the table's schema, KEY_COLUMN dropped; parts without rows left
        out (one kept if all are)."""
        empty = None
        yielded = False
        schema = self.schema()
        for path in self.paths():
            table = feather.read_table(path)
            table = table.drop_columns([KEY_COLUMN]) if KEY_COLUMN in table.column_names else table
            table = table if table.schema.equals(schema) else table.cast(schema)
            if table.num_rows:
                yielded = True
                yield table
            elif empty is None:
                empty = table
        if not yielded and empty is not None:
            yield empty


class CachedParts:
    """Parts of an earlier run (`parts`: each part's document keys), for the documents in `wanted`:
    the rows of documents that need no processing."""

    def __init__(
        self, folder: Path | None = None, parts: dict[str, list[str]] | None = None, wanted: set[str] | None = None
    ):
        self.folder = folder
        self.parts = parts or {}
        self.part_of = {key: part for part, keys in self.parts.items() for key in keys if key in (wanted or set())}
        self.keys = frozenset(self.part_of)  # the documents whose rows are here
        self._read: OrderedDict[str, dict[str, pa.Table]] = OrderedDict()

    def whole_part(self, keys: list[str]) -> Path | None:
        """The folder of the part that holds exactly the documents `keys`, in that order, if one does."""
        part = self.part_of.get(keys[0]) if keys else None
        if part is None or self.parts[part] != keys or self.folder is None:
            return None
        return self.folder / part

    def rows(self, keys: list[str], tables: list[str]) -> dict[str, pa.Table]:
        """Each table's rows of the documents `keys` (any order), KEY_COLUMN kept."""
        wanted = pa.array(sorted(set(keys)), pa.string())
        found: dict[str, list[pa.Table]] = {name: [] for name in tables}
        for part in dict.fromkeys(self.part_of[key] for key in keys):
            arrows = self._part(part, tables)
            for name in tables:
                arrow = arrows[name]
                found[name].append(arrow.filter(pc.is_in(arrow[KEY_COLUMN], value_set=wanted)))
        return {name: concat_tables(parts) for name, parts in found.items()}

    def _part(self, part: str, tables: list[str]) -> dict[str, pa.Table]:
        """A part's tables; the last KEEP_READ parts are kept, as consecutive batches mostly read the same ones."""
        if part not in self._read:
            assert self.folder is not None
            self._read[part] = {name: feather.read_table(self.folder / part / f"{name}{SUFFIX}") for name in tables}
            while len(self._read) > KEEP_READ:
                self._read.popitem(last=False)
        self._read.move_to_end(part)
        return self._read[part]


def read_part_table(part: Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A table of one part as the stage made it (only `columns`, when given): list cells as Python lists
    (pyarrow gives numpy arrays)."""
    return to_frame(feather.read_table(part / f"{table}{SUFFIX}", columns=columns))


def part_rows(path: Path) -> int:
    """The rows of a part's table file (raises pyarrow.ArrowInvalid when it is not one)."""
    with pa.memory_map(str(path)) as source:
        reader = ipc.open_file(source)
        return sum(reader.get_batch(number).num_rows for number in range(reader.num_record_batches))


def concat_tables(tables: list[pa.Table]) -> pa.Table:
    """Tables one after the other (one at least); those without rows left out, so that a column all null
    in one of them cannot change its type, and types widened where the others differ (int to float)."""
    with_rows = [table for table in tables if table.num_rows] or tables[:1]
    return with_rows[0] if len(with_rows) == 1 else pa.concat_tables(with_rows, promote_options="permissive")


def to_frame(arrow: pa.Table) -> pd.DataFrame:
    """An Arrow table as pandas, list cells as Python lists (pyarrow's to_pandas gives numpy arrays), dates
    as the stages make them (Arrow-backed date32, not Python objects: schemas.timex3.DATE_DTYPE)."""
    lists = [field.name for field in arrow.schema if pa.types.is_list(field.type) or pa.types.is_large_list(field.type)]
    if not lists:
        return arrow.to_pandas(types_mapper=_DATES.get)
    frame = arrow.drop_columns(lists).to_pandas(types_mapper=_DATES.get)
    for name in lists:
        frame[name] = pd.Series(arrow[name].to_pylist(), index=frame.index, dtype=object)
    return frame[arrow.column_names]
