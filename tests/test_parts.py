"""The spool of parts: per-document rows written batch by batch, read back whole or part by part."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.parts import KEY_COLUMN, CachedParts, PartStore, concat_tables
from pipeline.tables import write_tables
from schemas.timex3 import DATE_DTYPE

PARTS = [
    pd.DataFrame({"doc_id": ["a", "a"], "text": ["=1+1", "plain"], "count": [1, 2]}),
    pd.DataFrame({"doc_id": pd.Series([], dtype="str"), "text": pd.Series([], dtype="str"), "count": []}),
    pd.DataFrame({"doc_id": ["b"], "text": pd.Series([None], dtype="str"), "count": [3]}),
]


def _store(folder: Path) -> PartStore:
    folder.mkdir(exist_ok=True)
    store = PartStore(folder)
    for number, frame in enumerate(PARTS):
        store.add({"rows": frame.assign(**{KEY_COLUMN: f"key-{number}"})})
    return store


def test_a_table_read_whole_is_its_parts_in_order_without_keys(tmp_path: Path) -> None:
    whole = _store(tmp_path).read("rows")
    assert whole["doc_id"].tolist() == ["a", "a", "b"]
    assert list(whole.columns) == ["doc_id", "text", "count"]
    assert whole["text"].isna().tolist() == [False, False, True]


def test_a_table_written_part_by_part_equals_it_written_whole(tmp_path: Path) -> None:
    for folder in ("spool", "parts", "whole"):
        (tmp_path / folder).mkdir()
    store = _store(tmp_path / "spool")
    write_tables({"rows": store.table("rows")}, {}, tmp_path / "parts", {})
    write_tables({"rows": store.read("rows")}, {}, tmp_path / "whole", {})
    assert (tmp_path / "parts" / "rows.csv").read_bytes() == (tmp_path / "whole" / "rows.csv").read_bytes()
    assert (tmp_path / "parts" / "rows.csv").read_text() == "doc_id,text,count\na,'=1+1,1\na,plain,2\nb,,3\n"
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "parts" / "rows.parquet"), pd.read_parquet(tmp_path / "whole" / "rows.parquet")
    )
    assert store.table("rows").num_rows == 3


def test_a_column_null_in_the_first_part_takes_the_type_of_the_others(tmp_path: Path) -> None:
    (tmp_path / "spool").mkdir()
    (tmp_path / "out").mkdir()
    store = PartStore(tmp_path / "spool")
    store.add({"rows": pd.DataFrame({"doc_id": ["a"], "name": [None], KEY_COLUMN: ["key-0"]})})
    store.add({"rows": pd.DataFrame({"doc_id": ["b"], "name": ["BlackBerry"], KEY_COLUMN: ["key-1"]})})
    assert str(store.table("rows").schema().field("name").type) == "large_string"  # pandas text, not null
    write_tables({"rows": store.table("rows")}, {}, tmp_path / "out", {})
    assert pd.read_parquet(tmp_path / "out" / "rows.parquet")["name"].tolist()[1] == "BlackBerry"
    assert (tmp_path / "out" / "rows.csv").read_text() == "doc_id,name\na,\nb,BlackBerry\n"


def test_dates_keep_their_type_through_the_spool_and_into_parquet_and_csv(tmp_path: Path) -> None:
    (tmp_path / "spool").mkdir()
    (tmp_path / "out").mkdir()
    store = PartStore(tmp_path / "spool")
    days = pd.Series([date(2018, 3, 19), None], dtype=DATE_DTYPE)
    store.add({"rows": pd.DataFrame({"doc_id": ["a", "a"], "date_start": days, KEY_COLUMN: "key-0"})})
    none = pd.Series([None], dtype=DATE_DTYPE)  # a part whose dates are all null: still dates
    store.add({"rows": pd.DataFrame({"doc_id": ["b"], "date_start": none, KEY_COLUMN: "key-1"})})
    read = store.read("rows")
    assert read["date_start"].dtype == DATE_DTYPE
    assert read["date_start"].tolist() == [date(2018, 3, 19), pd.NA, pd.NA]
    write_tables({"rows": store.table("rows")}, {}, tmp_path / "out", {})
    assert str(pq.read_schema(tmp_path / "out" / "rows.parquet").field("date_start").type) == "date32[day]"
    assert (tmp_path / "out" / "rows.csv").read_text() == "doc_id,date_start\na,2018-03-19\na,\nb,\n"


def test_parts_joined_leave_out_empty_ones_and_widen_types() -> None:
    with_text = pa.table({"text": ["x"], "count": pa.array([1], pa.int64())})
    all_null = pa.table({"text": pa.array([None], pa.null()), "count": pa.array([2.5], pa.float64())})
    empty = pa.table({"text": pa.array([], pa.null()), "count": pa.array([], pa.int64())})
    joined = concat_tables([empty, with_text, all_null])
    assert joined.schema.field("text").type == pa.string()
    assert joined.schema.field("count").type == pa.float64()
    assert joined.to_pydict() == {"text": ["x", None], "count": [1.0, 2.5]}
    assert concat_tables([empty]).num_rows == 0


def test_cached_rows_are_those_of_the_documents_asked_for_with_their_keys(tmp_path: Path) -> None:
    store = _store(tmp_path)
    cached = CachedParts(tmp_path, {part: [f"key-{n}"] for n, part in enumerate(store.parts)}, {"key-0", "key-2"})
    rows = cached.rows(["key-2", "key-0"], ["rows"])["rows"]
    # parts in the order first asked for (the run puts rows in corpus order), keys kept, key-1 left out
    assert rows.column("doc_id").to_pylist() == ["b", "a", "a"]
    assert rows.column(KEY_COLUMN).to_pylist() == ["key-2", "key-0", "key-0"]


def test_withheld_documents_leave_every_part_and_a_linked_file_keeps_its_rows(tmp_path: Path) -> None:
    """A part copied from the cache links its files: withholding a document writes new files, so the
    cache's files keep their rows (the next run may still reuse them)."""
    cached = _store(tmp_path / "cache")
    (tmp_path / "spool").mkdir()
    spool = PartStore(tmp_path / "spool")
    for part in cached.parts:
        spool.add_copy(cached.folder / part)
    spool.withhold({"key-0"})
    assert spool.read("rows")["doc_id"].tolist() == ["b"]
    assert [spool.rows(index, "rows") for index in range(3)] == [0, 0, 1]
    assert cached.read("rows")["doc_id"].tolist() == ["a", "a", "b"]
    assert (spool.folder / spool.parts[2] / "rows.arrow").samefile(cached.folder / cached.parts[2] / "rows.arrow")
