"""Raw news articles to validated, analysis-ready event tables."""

__version__ = "0.1.0"
