"""datapackage.json: a Frictionless Data Package describing every CSV table of a run.

Data Package and Table Schema, Frictionless Data (https://specs.frictionlessdata.io/data-package/,
https://specs.frictionlessdata.io/table-schema/). Each table is a resource `<table>.csv` whose schema
is read from its pandera model: field types from the dtypes, `description` from each Field,
`required` from nullability, `constraints` from the column checks, `primaryKey` from the unique
columns (or Config.unique) and `foreignKeys` from FOREIGN_KEYS below.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pandera.pandas as pa

from pipeline import __version__
from pipeline.exports.columns import LIST_SEPARATOR, Column, columns, grain, unique_keys

PACKAGE_NAME = "newsevents"
# Cross-table keys of the written tables: (table, columns) refer to (table, columns).
FOREIGN_KEYS: tuple[tuple[str, tuple[str, ...], str, tuple[str, ...]], ...] = (
    ("removed", ("doc_id",), "documents", ("doc_id",)),
    ("sentences", ("doc_id",), "documents", ("doc_id",)),
    ("tokens", ("sentence_id",), "sentences", ("sentence_id",)),
    ("mentions", ("entity_id",), "entities", ("entity_id",)),
    ("mentions", ("sentence_id",), "sentences", ("sentence_id",)),
    ("roles", ("sentence_id",), "sentences", ("sentence_id",)),
    ("places", ("sentence_id",), "sentences", ("sentence_id",)),
    ("timexes", ("sentence_id",), "sentences", ("sentence_id",)),
    ("facts", ("sentence_id",), "sentences", ("sentence_id",)),
    ("event_mentions", ("event_id",), "events", ("event_id",)),
    ("event_mentions", ("sentence_id",), "sentences", ("sentence_id",)),
    ("event_mentions", ("fact_id",), "facts", ("fact_id",)),
    ("events", ("source_actor_id",), "entities", ("entity_id",)),
    ("events", ("target_actor_id",), "entities", ("entity_id",)),
    ("conflicts", ("sentence_id_a",), "sentences", ("sentence_id",)),
    ("conflicts", ("sentence_id_b",), "sentences", ("sentence_id",)),
    ("timeline", ("event_id",), "events", ("event_id",)),
)


def datapackage(headers: Mapping[str, Sequence[str]], schemas: dict[str, type[pa.DataFrameModel]]) -> bytes:
    """datapackage.json for the tables of a run named in `schemas` (pipeline.registry.SCHEMAS), in that order.

    Fields are listed in the order of the table's columns (`headers`), which is the order of the CSV
    header (a schema does not fix column order). Foreign keys whose tables are not both written are left out.
    """
    descriptor = {
        "name": PACKAGE_NAME,
        "title": "News events: tables from raw news articles, each row traced to its document and sentence",
        "version": __version__,
        "profile": "tabular-data-package",
        "resources": [_resource(name, model, list(headers[name]), schemas) for name, model in schemas.items()],
    }
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _resource(name: str, model: type[pa.DataFrameModel], header: list[str], schemas: dict[str, Any]) -> dict[str, Any]:
    keys = unique_keys(model)
    by_name = {column.name: column for column in columns(model)}
    if set(header) != set(by_name):
        raise ValueError(
            f"table '{name}' has columns {sorted(header)}, its schema {sorted(by_name)}: validate the tables first"
        )
    fields = [by_name[column] for column in header]
    nullable = {column.name for column in fields if column.nullable}
    # A primary key's columns are never null: the first key without nullable columns.
    primary = next((key for key in keys if not nullable & set(key)), None)
    table_schema: dict[str, Any] = {"fields": [_field(column, primary) for column in fields]}
    if primary:
        table_schema["primaryKey"] = primary if len(primary) > 1 else primary[0]
    foreign = [
        {"fields": list(child_columns), "reference": {"resource": parent, "fields": list(parent_columns)}}
        for child, child_columns, parent, parent_columns in FOREIGN_KEYS
        if child == name and parent in schemas
    ]
    if foreign:
        table_schema["foreignKeys"] = foreign
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": grain(model),
        "schema": table_schema,
    }


def _field(column: Column, primary: list[str] | None) -> dict[str, Any]:
    description = column.description
    if column.is_list:
        description += f" In CSV: the items joined with '{LIST_SEPARATOR}'."
    constraints = dict(column.constraints)
    # CSV cannot tell an empty text from a null, so a column that may hold '' cannot be required.
    if not column.nullable and not column.allows_empty_text:
        constraints["required"] = True
    if column.unique and [column.name] != primary:
        constraints["unique"] = True
    field: dict[str, Any] = {"name": column.name, "type": column.type, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field
