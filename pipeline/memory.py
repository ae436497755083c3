"""This process' memory: its peak so far, giving freed memory back to the operating system, and keeping
long-lived objects out of the garbage collector's passes.

A run's own process parses (with one worker) and then runs the cross-document stages: what the
parse held (the spaCy model, its vocabulary, freed batch after batch) must not stay resident under
them, nor the memory each stage freed, or the run's peak grows with every stage. Python, Arrow and
glibc keep freed memory for reuse unless asked to return it; `give_back_memory` asks all three.

The model, the gazetteer and the dictionaries are some 250,000 Python objects that live as long as
the run. Each full pass of the cyclic garbage collector traverses every tracked object (about 0.12 s
here), and a run makes dozens of passes while it parses, each freeing nothing of those: 300 articles
spent 3.9 s in them. `keep_long_lived` moves what is alive out of the collector's sight (1.1 s).
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import resource
import sys
from collections.abc import Callable
from functools import lru_cache

import pyarrow as pa


def peak_memory_mib() -> float:
    """The peak resident memory of this process so far, in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def give_back_memory() -> None:
    """Collect unreachable objects and return the memory that Arrow's pool and the C allocator keep
    free to the operating system (glibc's malloc_trim; elsewhere only the first two)."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


# At exit the objects kept out are collected like the others (extension modules that find theirs
# uncollected report them as leaks).
atexit.register(gc.unfreeze)


def keep_long_lived() -> None:
    """Collect what is garbage now, then keep every object still alive out of the collector's later
    passes (gc.freeze): call it once what lives as long as a phase of the run is loaded. Objects kept
    out are still freed when nothing refers to them; only unreachable cycles among them wait for
    `release_long_lived`."""
    gc.collect()
    gc.freeze()


# Allocations (less frees) between two collections of the youngest generation: Python's 700 makes a run
# of 300 articles collect some 2,000 times (and 26 full collections), most of them while spaCy and the
# stages make and drop many small objects that form no cycle; 5,000 leaves a seventh of those passes and
# 15 full ones (0.35 s less a run, the same peak memory).
YOUNG_COLLECTION_THRESHOLD = 5000


def collect_less_often() -> None:
    """Collect the youngest generation every YOUNG_COLLECTION_THRESHOLD allocations (the older
    generations' thresholds as they are): a run's process and its workers call it once, first."""
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, middle, oldest)


def release_long_lived() -> None:
    """Put the objects `keep_long_lived` kept out back under the collector (before letting them go)."""
    gc.unfreeze()


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        # by glibc's soname: ctypes.util.find_library would start a process (ldconfig) to look it up
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
        return trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim and another soname)
        return None
