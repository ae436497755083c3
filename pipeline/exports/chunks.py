"""Byte chunks of an export made piece by piece, for the writer to put in its file as they come."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

# Encoded bytes gathered before a chunk is given (one write each): enough to keep the writes few,
# small against the tables. A chunk is this size or more, by less than its last piece.
CHUNK_BYTES = 1 << 20


def encoded_chunks(pieces: Iterable[str]) -> Iterator[bytes]:
    """The pieces of text encoded as UTF-8 and gathered, in order, into chunks of CHUNK_BYTES or a
    little more (the last may be smaller; a piece is never split): joined, the bytes of the text."""
    gathered: list[bytes] = []
    size = 0
    for piece in pieces:
        encoded = piece.encode("utf-8")
        gathered.append(encoded)
        size += len(encoded)
        if size >= CHUNK_BYTES:
            yield b"".join(gathered)
            gathered, size = [], 0
    if gathered:
        yield b"".join(gathered)
