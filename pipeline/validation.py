"""Validating tables against their pandera schemas, and reporting failures readably."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc
from pandera.engines import pandas_engine
from pandera.errors import SchemaErrors

# How many failing rows a report shows per (column, check).
_REPORT_ROWS = 5


def _text_dtype_checked_whole() -> None:
    """pandera (0.35) checks the dtype of a text column (`Series[str]`) cell by cell: the column's dtype
    is right, so every cell passes, yet it then makes and prints a report of the failing cells, with
    none in it, some 1 ms a column; a table of 20 columns, batch after batch, spends more on this than
    on its own checks. A text column's dtype check that every cell passes is answered as one pass
    (which pandera reports no differently); one that a cell fails is left as pandera made it."""
    check = pandas_engine.STRING.check
    if getattr(check, "checked_whole", False):
        return

    def checked_whole(self: Any, pandera_dtype: Any, data_container: Any = None) -> Any:
        result: Any = check(self, pandera_dtype, data_container)
        return True if not isinstance(result, bool) and bool(np.all(result)) else result

    checked_whole.checked_whole = True  # type: ignore[attr-defined]
    pandas_engine.STRING.check = checked_whole  # type: ignore[method-assign]


_text_dtype_checked_whole()


class ValidationFailed(Exception):
    """One or more tables broke their schema; `failures` has one row per failing value."""

    def __init__(self, failures: pd.DataFrame):
        super().__init__(f"{failures['table'].nunique()} table(s) failed validation")
        self.failures = failures

    def __reduce__(self) -> tuple[type[ValidationFailed], tuple[pd.DataFrame]]:
        # raised in a worker process, it reaches the run with its failures (pickle rebuilds it from them)
        return ValidationFailed, (self.failures,)


def validate(table: str, frame: pd.DataFrame, schema: type[pa.DataFrameModel]) -> pd.DataFrame:
    """Check every column and check at once (lazy); raise ValidationFailed with all failures."""
    try:
        return schema.validate(frame, lazy=True)
    except SchemaErrors as err:
        raise ValidationFailed(_one_row_per_failure(err.failure_cases.assign(table=table))) from None


def check_unique(table: str, frame: pd.DataFrame, schema: type[pa.DataFrameModel]) -> None:
    """Only the schema's unique keys (single columns and column sets): for a table put together from
    parts that were each validated whole. Raises ValidationFailed with one row per duplicate."""
    rows: list[dict[str, object]] = []
    for key in unique_keys(schema):
        repeated = frame.duplicated(key, keep=False)
        check = "field_uniqueness" if len(key) == 1 else f"multiple_fields_uniqueness({', '.join(key)})"
        rows += [
            {"table": table, "column": ", ".join(key), "check": check, "failure_case": str(value), "index": idx}
            for idx, value in zip(frame.index[repeated], frame.loc[repeated, key].itertuples(index=False), strict=True)
        ]
    if rows:
        raise ValidationFailed(pd.DataFrame(rows))


def unique_keys(schema: type[pa.DataFrameModel]) -> list[list[str]]:
    """The schema's unique keys: each unique column alone, and its set of columns unique together."""
    model = schema.to_schema()
    keys = [[name] for name, column in model.columns.items() if column.unique]
    return keys + ([list(model.unique)] if model.unique else [])


def keys_repeat(arrow: pyarrow.Table, schema: type[pa.DataFrameModel]) -> bool:
    """Whether a unique key of the schema repeats in an Arrow table of (at least) the key columns: a
    check in Arrow, with no Python object per row (nulls count as equal, as in check_unique)."""
    return any(_repeats(arrow, key) for key in unique_keys(schema))


def _repeats(arrow: pyarrow.Table, key: list[str]) -> bool:
    """Whether two rows have the same values in the key's columns: the rows sorted by the key, each
    compared with the one before (a sort needs less memory than a hash table of every key)."""
    if arrow.num_rows < 2:
        return False
    order = pc.sort_indices(arrow, sort_keys=[(column, "ascending") for column in key])
    same = None
    for column in key:
        values = arrow[column].combine_chunks().take(order)
        if pyarrow.types.is_null(values.type):  # all null: compared as text that is all null
            values = values.cast(pyarrow.string())
        after, before = values.slice(1), values.slice(0, len(values) - 1)
        equal = pc.or_kleene(pc.equal(after, before), pc.and_(pc.is_null(after), pc.is_null(before)))
        same = equal if same is None else pc.and_kleene(same, equal)
    return bool(pc.any(pc.fill_null(same, False)).as_py())


def _one_row_per_failure(cases: pd.DataFrame) -> pd.DataFrame:
    """pandera lists a failing row of a table-wide check once per column; keep it once, column null."""
    table_wide = cases["schema_context"] == "DataFrameSchema"
    collapsed = cases[table_wide].assign(column=None, failure_case=None).drop_duplicates(["check", "index"])
    return pd.concat([cases[~table_wide], collapsed], ignore_index=True)


def report(failures: pd.DataFrame) -> str:
    """Readable text: one block per table, one line per column and check, with failing rows."""
    lines: list[str] = []
    for table, by_table in failures.groupby("table", sort=True):
        lines.append(f"table '{table}': {len(by_table)} failing value(s)")
        keys = ["column", "check"]
        filled = by_table.assign(column=by_table["column"].fillna("(whole row)"), check=by_table["check"].astype(str))
        for (column, check), group in filled.groupby(keys, sort=True):
            shown = ", ".join(
                f"row {idx}: {case!r}"
                for idx, case in zip(
                    group["index"].head(_REPORT_ROWS), group["failure_case"].head(_REPORT_ROWS), strict=True
                )
            )
            more = f" (+{len(group) - _REPORT_ROWS} more)" if len(group) > _REPORT_ROWS else ""
            lines.append(f"  column '{column}', check {check}: {shown}{more}")
    return "\n".join(lines)


# Cross-table keys: (table, column) must be found in (table, column).
FOREIGN_KEYS = (
    ("removed", "doc_id", "documents", "doc_id"),
    ("sentences", "doc_id", "documents", "doc_id"),
    ("tokens", "sentence_id", "sentences", "sentence_id"),
    ("places", "sentence_id", "sentences", "sentence_id"),
)


def check_keys(tables: dict[str, pd.DataFrame]) -> None:
    """Foreign keys between tables, and sentence text equal to its span of clean_text."""
    rows: list[dict[str, object]] = []
    for child, column, parent, parent_column in FOREIGN_KEYS:
        if child not in tables or parent not in tables:
            continue
        orphans = tables[child].loc[~tables[child][column].isin(tables[parent][parent_column]), column]
        rows += [
            {
                "table": child,
                "column": column,
                "check": f"found in {parent}.{parent_column}",
                "failure_case": value,
                "index": idx,
            }
            for idx, value in orphans.items()
        ]
    if "sentences" in tables and "documents" in tables:
        text_of = dict(zip(tables["documents"]["doc_id"], tables["documents"]["clean_text"], strict=True))
        for row in tables["sentences"].itertuples():
            clean = text_of.get(row.doc_id)
            if clean is not None and clean[row.char_start : row.char_end] != row.text:
                rows.append(
                    {
                        "table": "sentences",
                        "column": "text",
                        "check": "equals clean_text[char_start:char_end]",
                        "failure_case": row.sentence_id,
                        "index": row.Index,
                    }
                )
    if rows:
        raise ValidationFailed(pd.DataFrame(rows))
