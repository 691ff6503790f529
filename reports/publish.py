"""Where a report may be published, and the swap that publishes it in one step.

`--out` is replaced as a whole, so it must never be a folder holding anything this tool did
not write: the operator's web root with a blog in it, the project folder, the folder of the
database. A report carries a marker file; `--out` is replaced only when it is missing, empty,
holds a report with the marker, or holds exactly the files of a report written before the
marker existed. Symlinks are followed first, so a link cannot lead the swap elsewhere.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

#: Written into every report; its presence says "this folder is ours to replace".
MARKER = ".freshness-report"
MARKER_TEXT = "A report of the agency website freshness monitor; `freshness report` replaces\n"
#: The files of a report, for folders written before the marker existed.
REPORT_ENTRIES = frozenset(
    {"index.html", "agencies", "assets", "results.csv", "results.json", "changes.atom"}
)
STAGING_INFIX = "-new-"


class PublishError(ValueError):
    """`--out` is not a place a report may be written to; the message says what to do."""


def checked_out_dir(out: Path, protected: Iterable[Path] = ()) -> Path:
    """The resolved report folder, or PublishError when replacing it could lose a file that
    this tool did not write. `protected` are files that must never be inside it (the
    database, its lock, the config, the log)."""
    shown = f"--out {out}"
    target = _resolved(Path(out), shown)
    if target == Path(target.anchor) or target == Path.home().resolve():
        raise PublishError(f"{shown} is {target}: give a folder of its own, e.g. public/")
    for path in protected:
        held = _resolved(Path(path), str(path))
        if held == target or held.is_relative_to(target):
            raise PublishError(
                f"{shown} holds {path}, which publishing would delete; give a folder of its "
                "own for the report, e.g. public/"
            )
    if not target.exists():
        return target
    if not target.is_dir():
        raise PublishError(f"{shown} is a file, not a folder; give a folder for the report")
    if not _ours_to_replace(target):
        names = sorted(p.name for p in target.iterdir())
        listed = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        raise PublishError(
            f"{shown} holds files this tool did not write ({listed}); publishing replaces the "
            "folder as a whole, so give an empty or new folder, or one holding an earlier report"
        )
    return target


def _resolved(path: Path, shown: str) -> Path:
    try:
        return path.expanduser().resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop (RuntimeError before 3.13)
        raise PublishError(f"{shown}: {exc}; check the path") from None


def _ours_to_replace(folder: Path) -> bool:
    entries = {p.name for p in folder.iterdir()}
    if not entries or MARKER in entries:
        return True
    # A report written before the marker existed: its own files, and nothing else.
    return entries <= REPORT_ENTRIES and "index.html" in entries and _only_pages(folder)


def _only_pages(folder: Path) -> bool:
    agencies = folder / "agencies"
    if agencies.is_dir() and any(p.suffix != ".html" for p in agencies.iterdir()):
        return False
    assets = folder / "assets"
    return not assets.is_dir() or {p.name for p in assets.iterdir()} <= {"style.css", "report.js"}


def publish(out: Path, write: Callable[[Path], None]) -> None:
    """Write a report with `write(folder)` into a staging folder beside `out` (already
    checked), then put it in place of `out` in one step: a web server, or a kill at any
    moment, sees the old report or the new one, never a mix."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}{STAGING_INFIX}", dir=out.parent))
    try:
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        write(staging)
        os.chmod(staging, 0o755)  # mkdtemp's 0700 would hide the report from a web server
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after a swap: the previous report


def _remove_leftovers(out: Path) -> None:
    """Staging folders of publications that were killed; only ones bearing the marker."""
    for folder in out.parent.glob(f".{out.name}{STAGING_INFIX}*"):
        if folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file():
            shutil.rmtree(folder, ignore_errors=True)


def _swap_in(staging: Path, out: Path) -> None:
    """Put `staging` at `out`; what was at `out` ends up at `staging` (to be deleted)."""
    if not out.exists():
        os.rename(staging, out)
        staging.mkdir()  # the caller removes it
        return
    if _exchange(staging, out):
        return
    # No atomic exchange on this system: two renames, a moment without a report (never a
    # half-written one).
    old = staging.with_name(staging.name + "-old")
    os.rename(out, old)
    os.rename(staging, out)
    os.rename(old, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return done == 0
