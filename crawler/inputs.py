"""The command line's inputs, checked before anything runs: one line and an exit code each.

Paths (symlinks followed, folders that must exist, files a report must never hold), the
database (an existing one, opened, under the run lock) and values the options' types let
through. Every problem a user can cause ends here as `Error: <one line>` and the documented
exit code; no traceback reaches a user.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import click

from crawler.config import ConfigError, Fleet, load_fleet
from crawler.lock import LockHeld, run_lock
from crawler.store import Store, StoreError

#: Exit codes (documented in README): cron and monitoring tell outcomes apart by them.
EXIT_OK, EXIT_INCOMPLETE, EXIT_USAGE, EXIT_LOCKED, EXIT_NETWORK = 0, 1, 2, 3, 4
DEFAULT_DB = "data/freshness.db"


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    one_line = " ".join(message.split())
    click.echo(f"Error: {one_line}", err=True)
    sys.exit(code)


def load(config_path: str) -> Fleet:
    try:
        return load_fleet(config_path)
    except ConfigError as exc:
        fail(str(exc))


def write_whole(path: Path, text: str) -> None:
    """Write a file in one step (a temporary file renamed over it): a full disk or a kill
    leaves the previous file, never half of a new one."""
    if path.is_dir():
        fail(f"-o {path} is a folder; give a file name")
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as tmp:
        tmp.write(text)
    try:
        os.replace(tmp.name, path)
    finally:
        Path(tmp.name).unlink(missing_ok=True)


def finite(param: click.Parameter, value: float) -> float:
    # FloatRange lets NaN through: every comparison with NaN is false.
    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds", param=param)
    return value


def existing_store(db_path: str) -> Store:
    """A database that must already hold runs: never made here, not even from an empty
    file (SQLite would take an empty file for a new database and write into it)."""
    check_existing(db_path)
    return open_store(db_path)


def check_existing(db_path: str) -> None:
    real = resolved_path(db_path, "--db")
    if not real.exists():
        fail(f"no database at {db_path}; run `freshness crawl` first, or check --db")
    if real.is_file() and real.stat().st_size == 0:
        fail(f"--db {db_path} is an empty file, not a database of this tool; check --db")


@contextlib.contextmanager
def locked_store(db_path: str) -> Iterator[Store]:
    """An existing database under the run lock. It is checked before the lock file is made
    beside it (a mistyped --db leaves nothing behind), and opened only once the lock is held:
    opening migrates, which must not happen under a running crawl."""
    check_existing(db_path)
    with locked(db_path), open_store(db_path) as store:
        yield store


def database_folder(db_path: str) -> None:
    """The default database's folder is made on the first run; a folder named with --db must
    exist (a mistyped path must not silently grow folders)."""
    if db_path == DEFAULT_DB:
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    existing_folder(str(resolved_path(db_path, "--db")), "--db")


def resolved_path(path: str, option: str) -> Path:
    """The path with symlinks followed, or exit 2 naming it (a loop of links)."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError) as exc:  # RuntimeError before Python 3.13
        fail(f"{option} {path}: {exc}")


def existing_folder(path: str, option: str) -> None:
    folder = Path(path).parent
    if not folder.is_dir():
        fail(f"{option} {path}: the folder {folder} does not exist; create it or fix the path")


def protected_files(db_path: str, config_path: str = "", log_file: str | None = None) -> list[Path]:
    """Files a report folder must never contain: publishing replaces the folder whole."""
    db = Path(db_path)
    files = [db, Path(f"{db}.lock"), Path(f"{db}-wal"), Path(f"{db}-shm")]
    return files + [Path(p) for p in (config_path, log_file) if p]


@contextlib.contextmanager
def locked(db_path: str) -> Iterator[None]:
    """The run lock, or exit 3 with who holds it."""
    try:
        with run_lock(db_path):
            yield
    except LockHeld as exc:
        fail(str(exc), EXIT_LOCKED)


def open_store(db_path: str) -> Store:
    try:
        return Store(db_path)
    except StoreError as exc:
        fail(str(exc))
