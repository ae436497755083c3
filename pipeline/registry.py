"""The stage registry: which function makes which tables from which inputs, and their schemas.

Per-document stages run on batches of documents (their rows never depend on another document);
cross-document stages run once on the whole corpus. I/O happens only in pipeline.run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandera.pandas as pa

from pipeline.documents import documents
from pipeline.rejects import rejects
from pipeline.sentences import sentences
from schemas import DocumentSchema, RejectSchema, RemovedSchema, SentenceSchema, TokenSchema

# Inputs that are not tables: supplied by the runner.
RESOURCES = ("raw_documents", "source_rejects", "boilerplate_patterns", "nlp", "settings")


@dataclass(frozen=True)
class Stage:
    name: str
    function: Callable[..., Any]
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    per_document: bool


STAGES: tuple[Stage, ...] = (
    Stage(
        "documents",
        documents,
        ("raw_documents", "boilerplate_patterns", "settings"),
        ("documents", "removed", "document_rejects"),
        per_document=True,
    ),
    Stage("sentences", sentences, ("documents", "nlp", "settings"), ("sentences", "tokens"), per_document=True),
    Stage("rejects", rejects, ("source_rejects", "document_rejects"), ("rejects",), per_document=False),
)

# The tables a run writes, in order, with the schema each is validated against.
SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "documents": DocumentSchema,
    "removed": RemovedSchema,
    "sentences": SentenceSchema,
    "tokens": TokenSchema,
    "rejects": RejectSchema,
}
# Intermediate tables validated like the written ones.
INTERMEDIATE_SCHEMAS: dict[str, type[pa.DataFrameModel]] = {"document_rejects": RejectSchema}


def check_chain(stages: tuple[Stage, ...] = STAGES) -> None:
    """Every stage's inputs are resources or outputs of an earlier stage; every written table is made."""
    available = set(RESOURCES)
    for stage in stages:
        missing = [name for name in stage.inputs if name not in available]
        if missing:
            raise RuntimeError(f"stage '{stage.name}' needs {', '.join(missing)}, which nothing before it makes")
        available.update(stage.outputs)
    unmade = set(SCHEMAS) - available
    if unmade:
        raise RuntimeError(f"no stage makes {', '.join(sorted(unmade))}")
