"""Schemas of the mentions and entities stages: mentions, entities, roles."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.documents import DOC_ID

# Kinds of named thing; the first four can be actors of an event, the others never are (a place, a product
# or service, a work such as a book or programme, a law or treaty, a named event: a storm, a war, a contest,
# an outbreak's disease).
ACTOR_KINDS = ["ORG", "PERSON", "GOV", "COUNTRY", "PLACE", "PRODUCT", "WORK", "LAW", "EVENT"]
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MENTION_METHODS = ["dictionary", "ticker", "country", "demonym", "fuzzy", "descriptor", "role", "government", "model"]
ALPHA3 = r"^[A-Z]{3}$"
# Where an actor's country comes from: the dictionary or the country itself (known), a statement of the
# article ("the Brazilian judge", "Zambian President X": text), or the country the article is about (context).
COUNTRY_BASES = ["known", "text", "context"]
ENTITY_ID = r"^[a-z]+-[a-z0-9-]*[0-9a-f]{6}$"


class MentionSchema(pa.DataFrameModel):
    """One row per mention of an actor in a document: clean_text[char_start:char_end] == surface."""

    mention_id: Series[str] = pa.Field(unique=True, description="doc_id, char_start and a hash of the offsets.")
    doc_id: Series[str] = pa.Field(str_matches=DOC_ID, description="The document.")
    sentence_id: Series[str] = pa.Field(description="The sentence the mention is in.")
    char_start: Series[int] = pa.Field(ge=0, description="Start offset in clean_text.")
    char_end: Series[int] = pa.Field(ge=1, description="End offset (exclusive) in clean_text.")
    surface: Series[str] = pa.Field(str_length={"min_value": 1}, description="The mention exactly as in the text.")
    entity_id: Series[str] = pa.Field(str_matches=ENTITY_ID, description="The entity it refers to (entities table).")
    method: Series[str] = pa.Field(isin=MENTION_METHODS, description="How it was found and resolved.")
    score: Series[float] = pa.Field(ge=0.0, le=1.0, description="Confidence of the resolution, 0..1.")

    @pa.dataframe_check(description="char_start < char_end and char_end - char_start == len(surface)")
    @classmethod
    def span_fits_surface(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(
            (df["char_start"] < df["char_end"]) & (df["char_end"] - df["char_start"] == df["surface"].str.len())
        )

    class Config:
        strict = True
        coerce = True
        unique = ["doc_id", "char_start", "char_end"]


class EntitySchema(pa.DataFrameModel):
    """One row per actor of the corpus: a dictionary actor, a country, a government, a group actor, or a
    cluster of names the dictionary does not know. A canonical name and kind name one actor, but for actors
    known only inside one document (a group of no country, an office whose holder it does not name): one per
    document."""

    entity_id: Series[str] = pa.Field(
        unique=True,
        str_matches=ENTITY_ID,
        description="Kind, slug of the canonical name, hash of both (and of the document, for an actor known only "
        "inside one).",
    )
    canonical_name: Series[str] = pa.Field(str_length={"min_value": 1}, description="The name events use.")
    kind: Series[str] = pa.Field(
        isin=ACTOR_KINDS,
        description="ORG (organisation, or a group of people: 'Kyrgyz protesters'), PERSON, GOV (a government or "
        "state body), COUNTRY, PLACE, PRODUCT (a product or service), WORK (a book, film, programme), LAW (a law "
        "or treaty), EVENT (a named event: a storm, a war, a contest, an outbreak's disease); the last five are never "
        "the actors of events.",
    )
    country: Series[str] = pa.Field(nullable=True, str_matches=ALPHA3, description="ISO 3166-1 alpha-3; null if none.")
    country_basis: Series[str] = pa.Field(
        nullable=True,
        isin=COUNTRY_BASES,
        description="Where the country comes from: known (the dictionary, or the country itself), text (stated in "
        "an article: a demonym, an X-based place, a title such as 'Zambian President'), context (the country "
        "the article is about, for an actor named without one); null when country is null.",
    )
    valid_from: Series[str] = pa.Field(
        nullable=True,
        str_matches=DATE,
        description="First day (or month, year) the canonical name is in force, as the actor dictionary says; "
        "an article of an earlier date names the actor by its earlier name. Null when open or not known.",
    )
    valid_until: Series[str] = pa.Field(
        nullable=True,
        str_matches=DATE,
        description="Last day (or month, year) the canonical name is in force; null when it still is or is not known.",
    )
    successor: Series[str] = pa.Field(
        nullable=True,
        description="The canonical name the actor bears after valid_until (a renaming: Facebook -> Meta Platforms).",
    )
    parent: Series[str] = pa.Field(
        nullable=True,
        description="The organisation that owns it (a relation, never one of its names: Google -> Alphabet).",
    )
    aliases: Series[object] = pa.Field(description="The distinct surfaces seen, a sorted list of strings.")
    mention_count: Series[int] = pa.Field(ge=1, description="Mentions of it in the corpus.")
    document_count: Series[int] = pa.Field(ge=1, description="Documents that mention it.")

    @pa.check("aliases", name="list_of_strings", description="a non-empty list of strings")
    @classmethod
    def list_of_strings(cls, aliases: Series[object]) -> Series[bool]:
        return Series(aliases.map(lambda v: len(v) > 0 and all(isinstance(a, str) for a in v)).astype(bool))

    @pa.dataframe_check(description="country_basis is null exactly when country is null")
    @classmethod
    def basis_with_country(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["country"].isna() == df["country_basis"].isna())

    @pa.dataframe_check(description="document_count <= mention_count")
    @classmethod
    def counts_agree(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["document_count"] <= df["mention_count"])

    class Config:
        strict = True
        coerce = True


class RoleSchema(pa.DataFrameModel):
    """One row per person-role-organisation statement ("Marty Beard, chief operating officer of BlackBerry");
    statements that disagree across documents are all kept, for a later stage to flag."""

    doc_id: Series[str] = pa.Field(str_matches=DOC_ID, description="The document.")
    sentence_id: Series[str] = pa.Field(description="The sentence making the statement.")
    person_entity_id: Series[str] = pa.Field(str_matches=ENTITY_ID, description="The person (entities table).")
    role: Series[str] = pa.Field(description="Normalised role, e.g. 'chief operating officer'.")
    organisation_entity_id: Series[str] = pa.Field(
        nullable=True, str_matches=ENTITY_ID, description="Where the role is held; null when the text does not say."
    )
    surface: Series[str] = pa.Field(str_length={"min_value": 1}, description="The statement's text.")

    class Config:
        strict = True
        coerce = True
        unique = ["sentence_id", "person_entity_id", "role", "organisation_entity_id"]
