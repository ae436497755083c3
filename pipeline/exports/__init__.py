"""Analyst-facing exports of a run: files made from the tables, with no knowledge of where they go.

`export_files(tables, schemas)` returns {file name: iterator of byte chunks}, each file made only as
its chunks are taken; the writer (pipeline.tables.write_tables) takes the files one after the other
and puts each chunk in its file beside the tables as it comes, so one export is made at a time and
the big ones (report.html, events.plover.jsonl) are never held whole in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import pandas as pd
import pandera.pandas as pa

from pipeline.exports.data_dictionary import data_dictionary
from pipeline.exports.datapackage import datapackage
from pipeline.exports.plover_events import plover_events
from pipeline.exports.report import report_html
from pipeline.exports.review_workbook import ReviewInvalid, read_reviews, review_workbook
from pipeline.exports.spreadsheet import spreadsheet_safe

# The files export_files makes, by name.
EXPORT_FILES = ("datapackage.json", "events.plover.jsonl", "review.xlsx", "report.html", "README.md")

__all__ = [
    "EXPORT_FILES",
    "ReviewInvalid",
    "data_dictionary",
    "datapackage",
    "export_files",
    "plover_events",
    "read_reviews",
    "report_html",
    "review_workbook",
    "spreadsheet_safe",
]


def export_files(
    tables: Mapping[str, pd.DataFrame],
    schemas: dict[str, type[pa.DataFrameModel]],
    headers: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Iterator[bytes]]:
    """Every export of a run, by file name relative to the output folder (in EXPORT_FILES order), as
    the file's bytes in chunks: joined, the file.

    Lazy: no file is made, and no table read from `tables`, until its chunks are taken; then each
    table it needs is indexed once (`tables` may be a mapping that reads a table from disk each time).
    `tables` are the validated tables of the run (at least those named in `schemas`, which is
    pipeline.registry.SCHEMAS); the same tables give the same bytes. `headers`, each table's columns
    in order, spare reading every table (tokens, say) for the files that describe the columns only.
    """

    def columns() -> Mapping[str, Sequence[str]]:
        return headers if headers is not None else {name: list(tables[name].columns) for name in schemas}

    files = {
        "datapackage.json": _made_when_taken(lambda: [datapackage(columns(), schemas)]),
        "events.plover.jsonl": _made_when_taken(
            lambda: plover_events(
                tables["events"], tables["event_mentions"], tables["sentences"], tables["documents"], tables["entities"]
            )
        ),
        "review.xlsx": _made_when_taken(lambda: [review_workbook(tables)]),
        "report.html": _made_when_taken(lambda: report_html(tables)),
        "README.md": _made_when_taken(lambda: [data_dictionary(columns(), schemas)]),
    }
    return {name: files[name] for name in EXPORT_FILES}


def _made_when_taken(make: Callable[[], Iterable[bytes]]) -> Iterator[bytes]:
    """The chunks `make` gives, called when the first chunk is asked for."""
    yield from make()
