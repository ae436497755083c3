"""Schemas of the documents stage: documents, removed, rejects."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.checks import CALENDAR_DATE, Day, date_columns_match

DOC_ID = r"^[0-9a-f]{16}$"
DATE_BASES = ["dateline", "metadata", "inferred", "unknown"]


class DocumentSchema(pa.DataFrameModel):
    """One row per article read from the input folder, cleaned and dated."""

    doc_id: Series[str] = pa.Field(
        unique=True, str_matches=DOC_ID, description="First 16 hex digits of the SHA-256 of the file's bytes."
    )
    source_name: Series[str] = pa.Field(unique=True, description="The input file's name.")
    content_sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the file's bytes.")
    media_type: Series[str] = pa.Field(isin=["text/plain", "text/html"], description="How the file was read.")
    encoding: Series[str] = pa.Field(description="Character encoding the bytes were decoded with.")
    url: Series[str] = pa.Field(nullable=True, description="Source URL, from metadata.csv.")
    publisher: Series[str] = pa.Field(nullable=True, description="Publisher, from metadata.csv.")
    title: Series[str] = pa.Field(nullable=True, description="The headline; null when the text has none.")
    dateline: Series[str] = pa.Field(
        nullable=True, description="The dateline line kept after the headline (a sentence of its own)."
    )
    clean_text: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="Article text without site furniture; paragraphs split by a blank line.",
    )
    publication_date: Series[str] = pa.Field(
        nullable=True,
        str_matches=CALENDAR_DATE,
        calendar_date=(),
        description="TIMEX3 date: YYYY-MM-DD, YYYY-MM or YYYY; null when unknown.",
    )
    publication_date_basis: Series[str] = pa.Field(
        isin=DATE_BASES,
        description="Where the date comes from: metadata (metadata.csv, the URL or the page's metadata), "
        "dateline, inferred (from the article's own text) or unknown.",
    )
    publication_date_evidence: Series[str] = pa.Field(
        nullable=True,
        description="What the date was read from: 'metadata.csv', the URL, 'page metadata', the dateline "
        "line, or the expression(s) it was inferred from; null when unknown.",
    )
    date_start: Series[Day] = pa.Field(nullable=True, description="The first day publication_date covers.")
    date_end: Series[Day] = pa.Field(nullable=True, description="The last day publication_date covers.")
    raw_char_count: Series[int] = pa.Field(ge=1, description="Characters of decoded raw text.")
    char_count: Series[int] = pa.Field(ge=1, description="Characters of clean_text.")
    word_count: Series[int] = pa.Field(ge=0, description="Words of clean_text.")
    paragraph_count: Series[int] = pa.Field(ge=1, description="Paragraphs of clean_text.")
    removed_count: Series[int] = pa.Field(ge=0, description="Stretches of raw text removed (rows in removed).")

    @pa.dataframe_check(description="date_start and date_end are the first and last day of publication_date")
    @classmethod
    def date_columns(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(date_columns_match(df, "publication_date"))

    @pa.dataframe_check(description="publication_date is null exactly when its basis is 'unknown'")
    @classmethod
    def date_matches_basis(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["publication_date"].isna() == (df["publication_date_basis"] == "unknown"))

    class Config:
        strict = True
        coerce = True


class RemovedSchema(pa.DataFrameModel):
    """One row per stretch of raw text dropped (site furniture, captions, repeats, other stories) or
    repaired (a word split by a stray space) while cleaning."""

    doc_id: Series[str] = pa.Field(str_matches=DOC_ID, description="The document it was removed from.")
    char_start: Series[int] = pa.Field(ge=0, description="Start offset in the decoded raw text.")
    char_end: Series[int] = pa.Field(ge=1, description="End offset (exclusive) in the decoded raw text.")
    text: Series[str] = pa.Field(description="The removed (or repaired) raw text.")
    reason: Series[str] = pa.Field(
        description="Why: a boilerplate.csv reason (byline, breadcrumb, caption, ...), label, caption, "
        "repeated_paragraph, repeated_span, teaser (a related story's headline and summary above the "
        "article), above_headline (other text above it), off_topic (a block about another story) or repair."
    )
    replacement: Series[str] = pa.Field(
        nullable=True,
        description='For a repair, what the stretch reads in clean_text ("Tues day" -> "Tuesday"); null for a removal.',
    )

    @pa.dataframe_check(description="a replacement exactly on the repairs")
    @classmethod
    def replacement_on_repairs(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["replacement"].notna() == (df["reason"] == "repair"))

    @pa.dataframe_check(description="char_start < char_end")
    @classmethod
    def ordered_offsets(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["char_start"] < df["char_end"])

    class Config:
        strict = True
        coerce = True
        unique = ["doc_id", "char_start"]


class FileRejectSchema(pa.DataFrameModel):
    """One row per input file (or metadata.csv row) that could not be used, with the reason: the
    rejects of reading and cleaning."""

    source_name: Series[str] = pa.Field(description="The input file's name.")
    reason: Series[str] = pa.Field(
        description="A short code: empty, binary, undecodable, too_large, ..., or quarantined (a row of the "
        "document failed a check: the columns below say which)."
    )
    detail: Series[str] = pa.Field(description="What is wrong and what to do about it.")

    class Config:
        strict = True
        coerce = True


class RejectSchema(FileRejectSchema):
    """One row per input file (or metadata.csv row) that could not be used, and per check that a
    quarantined document's rows failed (reason `quarantined`): the document is in no other table,
    and the next run tries it again."""

    doc_id: Series[str] = pa.Field(
        nullable=True, str_matches=DOC_ID, description="The quarantined document; null for other rejects."
    )
    stage: Series[str] = pa.Field(nullable=True, description="The stage that made the failing rows.")
    table: Series[str] = pa.Field(nullable=True, description="The table of the failing rows.")
    column: Series[str] = pa.Field(nullable=True, description="The failing column; null for a check over a whole row.")
    check: Series[str] = pa.Field(nullable=True, description="The failed check, as the table's schema names it.")
    value: Series[str] = pa.Field(
        nullable=True,
        description="The failing value of the first failing row (for a check over a whole row, its short "
        "cells); detail counts the other rows.",
    )
