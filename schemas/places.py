"""Schema of the places stage: every place mention, resolved to a gazetteer entry."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.gazetteer import FEATURE_CLASSES
from pipeline.places import RESOLUTIONS, SOURCES
from schemas.documents import DOC_ID

COUNTRY = r"^[A-Z]{3}$"
# geonames:<GeoNames id>, or iso3166-2:<code> for a first-level division GeoNames ids are not shipped for
GAZETTEER_ID = r"^(geonames:\d+|iso3166-2:[A-Z]{2}-[A-Z0-9]{1,3})$"


class PlaceSchema(pa.DataFrameModel):
    """One row per place mention (a GPE, LOC or FAC name, a country or place of the dictionaries, a
    dateline place), resolved offline to a gazetteer entry (pipeline.places, pipeline.gazetteer)."""

    doc_id: Series[str] = pa.Field(str_matches=DOC_ID, description="The document.")
    sentence_id: Series[str] = pa.Field(description="The sentence.")
    char_start: Series[int] = pa.Field(ge=0, description="Start of the name in clean_text.")
    char_end: Series[int] = pa.Field(ge=1, description="End of the name in clean_text.")
    surface: Series[str] = pa.Field(description="The name as written.")
    source: Series[str] = pa.Field(
        isin=list(SOURCES),
        description="What found it: spaCy's entity label (GPE, LOC, FAC), dictionary (a country or place of the "
        "dictionaries) or dateline (the capitalised place opening a paragraph, missed by the model).",
    )
    is_dateline: Series[bool] = pa.Field(
        description="The article's dateline place ('ISLAMABAD, 21 August 2007 —'): where the story was filed."
    )
    name: Series[str] = pa.Field(nullable=True, description="The gazetteer's name of the place; null if unresolved.")
    feature_class: Series[str] = pa.Field(
        nullable=True,
        isin=list(FEATURE_CLASSES),
        description="country, admin1 (first-level division: state, province), city, or other (a continent).",
    )
    country: Series[str] = pa.Field(
        nullable=True, str_matches=COUNTRY, description="ISO 3166-1 alpha-3 of the country it lies in."
    )
    admin1: Series[str] = pa.Field(
        nullable=True,
        description="Its first-level division: the ISO 3166-2 code where the gazetteer links it (US-TX, PK-PB), "
        "else GeoNames' admin1 key (PK.03); null for a country.",
    )
    latitude: Series[float] = pa.Field(
        nullable=True, ge=-90.0, le=90.0, description="Latitude (WGS84); a country's centre; null where unknown."
    )
    longitude: Series[float] = pa.Field(
        nullable=True, ge=-180.0, le=180.0, description="Longitude (WGS84); null where unknown."
    )
    gazetteer_id: Series[str] = pa.Field(
        nullable=True,
        str_matches=GAZETTEER_ID,
        description="geonames:<GeoNames id>, or iso3166-2:<code> for a division without a shipped GeoNames id.",
    )
    resolution: Series[str] = pa.Field(
        isin=list(RESOLUTIONS),
        description="What chose the entry: only (one candidate), qualifier ('Paris, Texas', 'Washington state'), "
        "context (the article's other places and countries), prominence (country, capital, population), or "
        "unresolved (no entry has the name).",
    )
    locative_cue: Series[str] = pa.Field(
        nullable=True,
        description="The preposition ('in', 'near') or verb ('attacked') that makes it where something happened; "
        "null when it is not in a locative phrase.",
    )
    modifies_predicate: Series[bool] = pa.Field(
        description="Its locative phrase modifies a predicate ('met ... in Abuja': where that clause happened), "
        "not a noun ('the war in Ukraine', 'its office in Lima')."
    )
    attached_starts: Series[object] = pa.Field(
        description="Where its locative phrase attaches: clean_text offsets of the nouns and predicates it belongs "
        "to, nearest first (list; empty when not locative)."
    )

    @pa.dataframe_check(description="the gazetteer columns are null exactly when the mention is unresolved")
    @classmethod
    def resolved_has_entry(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["gazetteer_id"].isna() == (df["resolution"] == "unresolved"))

    class Config:
        strict = True
        coerce = True
        unique = ["doc_id", "char_start"]
