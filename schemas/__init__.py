"""pandera models of every table the pipeline writes: one DataFrameModel per table."""

from schemas.documents import DocumentSchema, RejectSchema, RemovedSchema
from schemas.sentences import SentenceSchema, TokenSchema

__all__ = ["DocumentSchema", "RejectSchema", "RemovedSchema", "SentenceSchema", "TokenSchema"]
