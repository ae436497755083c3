"""README.md for the output folder: the data dictionary, generated from the pandera models.

Written from the same schemas that validate the tables, so it cannot drift from them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandera.pandas as pa

from pipeline.exports.columns import LIST_SEPARATOR, Column, columns, grain, table_rules, unique_keys

DICTIONARY_COLUMNS = ("column", "type", "nullable", "description")


def data_dictionary(headers: Mapping[str, Sequence[str]], schemas: dict[str, type[pa.DataFrameModel]]) -> bytes:
    """Markdown: one section per table (its grain, keys, rules) with one row per column, in CSV order
    (`headers`: each table's columns in order)."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from the schemas that validate these tables (`schemas/`); do not edit by hand.",
        f"Every table is `<table>.parquet` (typed) and `<table>.csv` (UTF-8; list cells joined with "
        f"`{LIST_SEPARATOR}`). `datapackage.json` describes the CSV files for Frictionless tools.",
        "",
        "| table | one row per |",
        "| --- | --- |",
        *(f"| [`{name}`](#{name}) | {_cell(grain(model))} |" for name, model in schemas.items()),
        "",
    ]
    for name, model in schemas.items():
        by_name = {column.name: column for column in columns(model)}
        header = headers.get(name)
        order = [c for c in header if c in by_name] if header is not None else list(by_name)
        lines += [f"## {name}", "", grain(model), ""]
        keys = unique_keys(model)
        if keys:
            lines += ["Unique: " + "; ".join(", ".join(f"`{c}`" for c in key) for key in keys) + "."]
        rules = table_rules(model)
        if rules:
            lines += ["Rules: " + "; ".join(rules) + "."]
        if keys or rules:
            lines.append("")
        lines += [
            "| " + " | ".join(DICTIONARY_COLUMNS) + " |",
            "| " + " | ".join("---" for _ in DICTIONARY_COLUMNS) + " |",
            *(_row(by_name[column]) for column in order),
            "",
        ]
    return "\n".join(lines).encode("utf-8")


def _row(column: Column) -> str:
    kind = f"list of {column.type}" if column.is_list else column.type
    nullable = "yes" if column.nullable else "no"
    return f"| `{column.name}` | {kind} | {nullable} | {_cell(column.description)} |"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")
