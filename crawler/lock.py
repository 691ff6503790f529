"""One crawl at a time per database: an exclusive lock file next to it.

Cron may start a run while last week's is still going (a slow fleet, a hung server). The
second run must stop at once and say who holds the lock, not crawl twice or corrupt history.
The lock is an flock(2) on `<db>.lock`: the kernel releases it when the holder exits, even
after kill -9, so a stale lock never blocks the next run. The file itself is left in place
(removing it would let two runs lock two different files).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crawler.model import now_utc


class LockHeld(RuntimeError):
    """Another process holds the run lock of this database."""


def lock_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.lock")


@contextmanager
def run_lock(db_path: str | Path) -> Iterator[Path]:
    """Hold the database's run lock for the duration of the block, or raise LockHeld."""
    path = lock_path(db_path)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            raise LockHeld(
                f"another run is still going on this database ({holder}; lock file {path}); "
                "this one stops without crawling"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {now_utc().isoformat()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # closing releases the flock
