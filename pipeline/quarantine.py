"""Per-document quarantine: which document a failed check is the fault of, and the rejects that say so.

A check that fails for rows that come from one document (a bad value, bad offsets, a reference to
that document's own rows that is broken, a key repeated within the document) is that document's
fault: the run withholds the document from every table, records each failed check in `rejects`
and goes on with the other documents. A check that no single document explains (a key repeated
across documents, a row that comes from several documents, a column missing from a whole table)
stops the run (ValidationFailed), as any failure did before.

Three steps, one place each:
- `with_documents` finds the document of each failing row, where the table was validated
  (pipeline.engines.run_stage, and the keys of a batch), from the row's `doc_id`, `sentence_id`
  or the document behind its event, entity or conflict;
- `quarantined` decides: the reject rows of the documents to withhold, or ValidationFailed (so does
  the run when every document would be withheld: then the fault is the run's, not the articles');
- the documents are withheld by running again without them: a batch of the per-document stages
  without their raw rows (pipeline.engines.process_batch), the cross-document stages on the spool
  without their parts' rows (pipeline.run). A withheld document is never cached as good, so the
  next run tries it again.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from pipeline.registry import INTERMEDIATE_SCHEMAS, SCHEMAS
from pipeline.rejects import REJECT_COLUMNS
from pipeline.validation import ValidationFailed, unique_keys

log = logging.getLogger(__name__)

# The reason of a quarantined document's reject rows.
QUARANTINED = "quarantined"
# A whole-row failure's value shows the row's cells up to this many characters each (texts are longer).
_CELL_CHARS = 80
_UNIQUENESS_CHECKS = ("field_uniqueness", "multiple_fields_uniqueness")


def with_documents(failures: pd.DataFrame, tables: Mapping[str, Any]) -> pd.DataFrame:
    """The failures (pipeline.validation) with the `doc_id` each failing row comes from: null when the
    row comes from no document or from several, or when the failure names no row. `tables` holds the
    failing tables as they were validated, by name, and the tables beside them (event_mentions,
    mentions: the documents behind an event or an entity). A failure of a whole row (a check across
    its columns) gets the row's short cells as its `failure_case`.
    """
    documents: list[object] = []
    cases: list[object] = []
    of_rows: dict[tuple[str, object, object], pd.Series] = {}  # by table (and uniqueness check)
    for failure in failures.itertuples(index=False):
        frame = tables.get(str(failure.table))
        index = _label(failure.index)
        if not isinstance(frame, pd.DataFrame) or index is None or index not in frame.index:
            documents.append(None)
            cases.append(failure.failure_case)
            continue
        unique = failure.check in _UNIQUENESS_CHECKS
        key = (str(failure.table), failure.column if unique else None, failure.check if unique else None)
        if key not in of_rows:
            of_rows[key] = _row_documents(frame, tables)
            if unique:
                of_rows[key] = _unless_across_documents(of_rows[key], frame, str(failure.table), failure.column)
        at = frame.index.get_indexer_for(pd.Index([index]))  # one row, or several in a table made without a fresh index
        documents.append(_one(of_rows[key].iloc[at]))
        cases.append(_row_text(frame.iloc[at].iloc[0]) if _missing(failure.column) else failure.failure_case)
    return failures.assign(
        doc_id=pd.Series(documents, index=failures.index, dtype=object),
        failure_case=pd.Series(cases, index=failures.index, dtype=object),
    )


def quarantined(failures: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The reject rows of the documents whose rows failed (failures from `with_documents`, with the
    `stage` that made each table), one per document, stage, table, column and check, in the order of
    the failures; `documents` are the candidates (doc_id, source_name).

    Raises ValidationFailed with every failure when one is no document's fault: a failing row that
    no candidate document explains, or a failure of no row (a missing column, a check that could not
    run) in a table where no row is some document's fault. (A check that could not run because of a
    document's bad value is checked again once the document is withheld.)
    """
    named = failures["doc_id"].isin(documents["doc_id"]) if "doc_id" in failures else pd.Series(False, failures.index)
    no_row = failures["index"].isna()
    unexplained = ~named & (~no_row | ~failures["table"].isin(failures.loc[named, "table"]))
    if unexplained.any() or not named.any():
        raise ValidationFailed(failures)
    source_of = dict(zip(documents["doc_id"], documents["source_name"], strict=True))
    rows = []
    keys = ["doc_id", "stage", "table", "column", "check"]
    for key, group in failures[named].groupby(keys, dropna=False, sort=False):
        doc_id, stage, table, column, check = (None if _missing(part) else str(part) for part in key)
        first = group["failure_case"].iloc[0]
        value = None if _missing(first) else str(first)
        more = f" (and {len(group) - 1} more row(s))" if len(group) > 1 else ""
        made = f"{table}.{column} {value!r}" if column else f"a {table} row ({value})"
        rows.append(
            {
                "source_name": source_of[doc_id],
                "reason": QUARANTINED,
                "detail": f"stage '{stage}' made {made}, which fails check {check}{more}: the document's rows "
                "are withheld from every table; the next run tries it again",
                "doc_id": doc_id,
                "stage": stage,
                "table": table,
                "column": column,
                "check": check,
                "value": value,
            }
        )
    return pd.DataFrame(rows, columns=REJECT_COLUMNS)


def failures(rejects: pd.DataFrame) -> pd.DataFrame:
    """The failed checks of quarantined documents' reject rows, as pipeline.validation lists failures
    (one row per document, stage, table, column and check; the row index is not kept)."""
    return pd.DataFrame(
        {
            "table": rejects["table"],
            "column": rejects["column"],
            "check": rejects["check"],
            "failure_case": rejects["value"],
            "index": None,
        }
    ).reset_index(drop=True)


def warn(rejects: pd.DataFrame) -> None:
    """One warning per quarantined document, with its first failed check."""
    for row in rejects.drop_duplicates("doc_id").itertuples(index=False):
        log.warning("%s quarantined: %s (see rejects)", row.source_name, row.detail)


def _row_documents(frame: pd.DataFrame, tables: Mapping[str, Any]) -> pd.Series:
    """The document each row comes from (None when none or several): its doc_id; the document part of
    its sentence_id; for a conflict, the document of both sides; for an event or an entity, the one
    document of its mentions."""
    if "doc_id" in frame.columns:
        return frame["doc_id"].astype(object)
    if "sentence_id" in frame.columns:
        return frame["sentence_id"].astype(object).map(lambda value: str(value).split("-")[0], na_action="ignore")
    if {"doc_id_a", "doc_id_b"} <= set(frame.columns):
        return frame["doc_id_a"].astype(object).where(frame["doc_id_a"] == frame["doc_id_b"], None)
    for column, beside in (("event_id", "event_mentions"), ("entity_id", "mentions")):
        mentions = tables.get(beside)
        if column in frame.columns and isinstance(mentions, pd.DataFrame) and {column, "doc_id"} <= set(mentions):
            documents = mentions.groupby(column)["doc_id"].unique()
            only = documents[documents.map(len) == 1].map(lambda found: found[0])
            return frame[column].map(only).astype(object)
    return pd.Series(None, index=frame.index, dtype=object)


def _unless_across_documents(of_rows: pd.Series, frame: pd.DataFrame, table: str, column: object) -> pd.Series:
    """The rows' documents, None for the rows whose key (a unique column, or the schema's unique
    columns together) is shared with a row of another document."""
    schema = SCHEMAS.get(table) or INTERMEDIATE_SCHEMAS.get(table)
    key = None if _missing(column) else [str(column)]
    if key is None and schema is not None:
        key = next((columns for columns in unique_keys(schema) if len(columns) > 1), None)
    if not key or not set(key) <= set(frame.columns):
        return pd.Series(None, index=frame.index, dtype=object)
    labelled = frame[key].assign(_document=of_rows.fillna("").to_numpy())
    spread = labelled.groupby(key, dropna=False)["_document"].transform("nunique")
    return of_rows.where(spread == 1, None)


def _one(documents: pd.Series) -> str | None:
    """The one document of these rows (one index label may name several rows), else None."""
    found = set(documents.tolist())
    value = found.pop() if len(found) == 1 else None
    return value if isinstance(value, str) else None


def _row_text(row: pd.Series) -> str:
    """A row's short cells as `column=value` (texts quoted), for the value of a check over a whole row."""
    return ", ".join(
        f"{name}={value!r}" if isinstance(value, str) else f"{name}={value}"
        for name, value in row.items()
        if not isinstance(value, str) or len(value) <= _CELL_CHARS
    )


def _label(index: object) -> object:
    """A failure's row label as the table has it (a column of labels with nulls is float), None for none."""
    if _missing(index):
        return None
    return int(index) if isinstance(index, float) and index.is_integer() else index


def _missing(value: object) -> bool:
    """None, NaN or pandas' NA: a cell of a failures column that holds nothing."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
