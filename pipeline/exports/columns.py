"""What the pandera models say of each column, in the terms the exports need.

Read by the data package and the data dictionary, so both follow the schemas and cannot drift.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pandera.pandas as pa

# How pipeline.tables joins list cells in CSV (kept equal to it by a test).
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    """One column of a table as its schema defines it."""

    name: str
    type: str  # Frictionless type: string, integer, number, boolean, date
    is_list: bool  # cells are lists (joined with LIST_SEPARATOR in CSV)
    nullable: bool
    unique: bool
    description: str
    # Table Schema constraints from the pandera checks (enum, pattern, minimum, maximum, minLength).
    constraints: dict[str, Any] = field(default_factory=dict)
    # A non-null text that may be empty: CSV cannot tell it from a null.
    allows_empty_text: bool = False


def grain(model: type[pa.DataFrameModel]) -> str:
    """The model's docstring on one line: 'One row per ...'."""
    return " ".join((inspect.getdoc(model) or "").split())


@functools.cache
def columns(model: type[pa.DataFrameModel]) -> tuple[Column, ...]:
    """Every column of the model, in order; worked out once per model (the data package and the data
    dictionary both read every model, and running the checks on an empty text takes a while)."""
    schema = model.to_schema()
    result = []
    for name, column in schema.columns.items():
        is_list = str(column.dtype) == "object"
        frictionless_type = "string" if is_list else _frictionless_type(str(column.dtype))
        constraints = {} if is_list else _constraints(column.checks)
        result.append(
            Column(
                name=str(name),
                type=frictionless_type,
                is_list=is_list,
                nullable=bool(column.nullable),
                unique=bool(column.unique),
                description=column.description or "",
                constraints=constraints,
                allows_empty_text=frictionless_type == "string" and _allows_empty_text(column.checks),
            )
        )
    return tuple(result)


def unique_keys(model: type[pa.DataFrameModel]) -> list[list[str]]:
    """The model's keys: each single unique column, then the compound key of Config.unique."""
    schema = model.to_schema()
    keys = [[str(name)] for name, column in schema.columns.items() if column.unique]
    compound = schema.unique
    if compound:
        keys.append([compound] if isinstance(compound, str) else list(compound))
    return keys


def table_rules(model: type[pa.DataFrameModel]) -> list[str]:
    """Descriptions of the model's table-wide checks ('char_start < char_end')."""
    return [check.description or check.name for check in model.to_schema().checks]


def _frictionless_type(dtype: str) -> str:
    """Frictionless Table Schema type (https://specs.frictionlessdata.io/table-schema/#types-and-formats)
    of a pandas dtype name; object columns hold lists, written to CSV as joined text; Arrow dates are
    written as ISO 8601 (YYYY-MM-DD), Frictionless' default date format."""
    if dtype.startswith("date32"):
        return "date"
    if dtype == "object" or pd.api.types.is_string_dtype(dtype):
        return "string"
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "number"
    return "string"


def _constraints(checks: list[pa.Check]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for check in checks:
        stats = check.statistics or {}
        if check.name == "isin":
            found["enum"] = [value for value in stats["allowed_values"] if value != ""]
        elif check.name == "str_matches":
            # Table Schema patterns are anchored already (XML Schema regular expressions).
            found["pattern"] = str(stats["pattern"]).removeprefix("^").removesuffix("$")
        elif check.name == "greater_than_or_equal_to":
            found["minimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to":
            found["maximum"] = stats["max_value"]
        elif check.name == "str_length" and stats.get("min_value") is not None:
            found["minLength"] = stats["min_value"]
    return found


def _allows_empty_text(checks: list[pa.Check]) -> bool:
    """Whether '' passes every column check (custom checks included)."""
    empty = pd.Series([""], dtype="str")
    return all(bool(check(empty).check_passed) for check in checks)
