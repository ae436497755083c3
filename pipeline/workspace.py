"""The output folder's workspace: its lock, staging folders and the one-step switch to a new run.

Every output folder `<parent>/<name>` has a hidden sibling `<parent>/.<name>.pipeline/` on the same
file system, holding:

- `lock`: an flock(2) lock held for the whole run, so two runs on one output folder never interleave;
  the operating system releases it when its holder dies, even by SIGKILL;
- `tmp-*` and `previous-*`: the folder a run is being written into, or the previous run's folder
  once replaced (kept until the next run starts, for readers still reading it);
- `cache/`: the last run's spool of per-document parts, reused by reruns (pipeline.cache, pipeline.parts).

A run's tables are written into a fresh `tmp-*` folder and then swapped with the output folder in
one rename (Linux renameat2 RENAME_EXCHANGE): a reader sees either every file of the previous run
or every file of the new one, and a run killed at any point leaves the previous run complete.
Nothing but the published tables is ever below the output folder, so a scan of `<out>` for
`*.parquet` finds each table once. Where the exchange is not supported (other systems, some file
systems) the switch is two renames, and a run killed between them is put back by the next run.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import logging
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

STATE_SUFFIX = ".pipeline"
LOCK_FILE = "lock"
TEMPORARY_PREFIX = "tmp-"
PREVIOUS_PREFIX = "previous-"
# Seconds between two attempts to take a lock another run holds.
LOCK_POLL_SECONDS = 0.1
# Leftovers of the former layout, where staging folders were made inside the output folder.
LEGACY_STAGING_PREFIX = ".staging-"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class Locked(Exception):
    """Another run holds the output folder's lock and did not release it in time."""


def state_dir(out_dir: Path) -> Path:
    """The hidden sibling of out_dir that holds its lock, staging folders and cache."""
    out = out_dir.resolve()
    if not out.name:
        raise ValueError(f"output folder {out_dir} has no name (want a folder below the file-system root)")
    return out.parent / f".{out.name}{STATE_SUFFIX}"


@contextmanager
def locked(out_dir: Path, wait: float = 0.0) -> Iterator[Path]:
    """Hold out_dir's lock for the block (waiting up to `wait` seconds); yields the state folder.

    Leftovers of runs that were killed are cleared once the lock is held.
    """
    state = state_dir(out_dir)
    state.mkdir(parents=True, exist_ok=True)
    handle = open(state / LOCK_FILE, "a+", encoding="utf-8")  # noqa: SIM115 - held open while the lock is
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown"
                    raise Locked(
                        f"output folder {out_dir} is in use by another run (pid {holder}, lock {state / LOCK_FILE}); "
                        f"waited {wait:g} s (use --wait SECONDS to wait longer)"
                    ) from None
                time.sleep(LOCK_POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        recover(out_dir)
        yield state
    finally:
        handle.close()  # closing the last descriptor releases the flock


def recover(out_dir: Path) -> None:
    """Clear what killed runs left: temporary folders, and an output folder moved aside but not back.

    Call only while holding the lock.
    """
    state = state_dir(out_dir)
    out = out_dir.resolve()
    previous = sorted(state.glob(f"{PREVIOUS_PREFIX}*"), key=lambda path: path.stat().st_mtime)
    if previous and not out.exists():  # killed between the two renames of the fallback switch
        log.warning("restoring %s from %s, left by a run that was stopped", out, previous[-1])
        previous[-1].rename(out)
        previous.pop()
    for leftover in [*state.glob(f"{TEMPORARY_PREFIX}*"), *previous]:
        log.debug("removing %s, left by an earlier run", leftover)
        shutil.rmtree(leftover, ignore_errors=True)
    if out.is_dir():
        for leftover in out.glob(f"{LEGACY_STAGING_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)


def new_folder(state: Path, like: Path | None = None) -> Path:
    """An empty temporary folder in the state folder, with the permissions of `like` when it exists."""
    folder = state / f"{TEMPORARY_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    if like is not None and like.is_dir():
        folder.chmod(like.stat().st_mode & 0o7777)
    return folder


def carry_over(old: Path, new: Path) -> None:
    """Hard-link (or copy) into `new` whatever `old` holds that `new` does not: files the run does not own."""
    if not old.is_dir():
        return
    for entry in old.iterdir():
        target = new / entry.name
        if target.exists() or target.is_symlink() or entry.name.startswith(LEGACY_STAGING_PREFIX):
            continue
        if entry.is_symlink():
            target.symlink_to(entry.readlink())
        elif entry.is_dir():
            shutil.copytree(entry, target, symlinks=True, copy_function=link_or_copy)
        else:
            link_or_copy(str(entry), str(target))


def replace_folder(new: Path, target: Path) -> None:
    """Make the complete folder `new` appear at `target` in one step.

    `new` must be on target's file system (in its state folder), its files synced. The former
    target is left in the state folder until the next run starts (recover), so that a reader
    still holding it open can finish reading the previous run.
    """
    target = target.resolve()
    _fsync_path(new)
    if not target.exists():
        new.rename(target)
    elif not _exchange(new, target):  # `new` now holds the former target when the exchange worked
        previous = new.parent / f"{PREVIOUS_PREFIX}{new.name}"
        target.rename(previous)
        new.rename(target)
        previous.rename(new)  # a `previous-*` folder exists only between the two renames
    _fsync_path(target.parent)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where not supported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:  # a C library without renameat2 (glibc < 2.28, musl)
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, f"cannot swap {first} and {second}: {os.strerror(code)}")


def link_or_copy(source: str, destination: str) -> str:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
    return destination


def _fsync_path(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def fsync_file(path: Path) -> None:
    """Flush a written file (or the entries of a folder) to disk before it is published."""
    _fsync_path(path)
