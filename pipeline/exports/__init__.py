"""Analyst-facing exports of a run: files made from the tables, with no knowledge of where they go.

`export_files(tables, schemas)` returns {file name: bytes}; the writer puts them beside the tables.
"""

from __future__ import annotations

from collections.abc import Mapping

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


def export_files(tables: Mapping[str, pd.DataFrame], schemas: dict[str, type[pa.DataFrameModel]]) -> dict[str, bytes]:
    """Every export of a run, by file name relative to the output folder.

    `tables` are the validated tables of the run (at least those named in `schemas`, which is
    pipeline.registry.SCHEMAS); the same tables give the same bytes.
    """
    files = {
        "datapackage.json": datapackage(tables, schemas),
        "events.plover.jsonl": plover_events(
            tables["events"], tables["event_mentions"], tables["sentences"], tables["documents"], tables["entities"]
        ),
        "review.xlsx": review_workbook(tables),
        "report.html": report_html(tables),
        "README.md": data_dictionary(tables, schemas),
    }
    return {name: files[name] for name in EXPORT_FILES}
