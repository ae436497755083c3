"""pandera models of every table the pipeline writes: one DataFrameModel per table."""

from schemas.documents import DocumentSchema, RejectSchema, RemovedSchema
from schemas.entities import EntitySchema, MentionSchema, RoleSchema
from schemas.events import ConflictSchema, EventMentionSchema, EventSchema, TimelineSchema
from schemas.facts import FactSchema, QuantitySchema
from schemas.places import PlaceSchema
from schemas.reviews import DroppedEventSchema, ReviewSchema
from schemas.sentences import SentenceSchema, TokenSchema
from schemas.timexes import TimexSchema

__all__ = [
    "ConflictSchema",
    "DocumentSchema",
    "DroppedEventSchema",
    "EntitySchema",
    "EventMentionSchema",
    "EventSchema",
    "FactSchema",
    "MentionSchema",
    "PlaceSchema",
    "QuantitySchema",
    "RejectSchema",
    "RemovedSchema",
    "ReviewSchema",
    "RoleSchema",
    "SentenceSchema",
    "TimelineSchema",
    "TimexSchema",
    "TokenSchema",
]
