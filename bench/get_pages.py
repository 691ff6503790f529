"""Materialise the third-party pages of every set under bench/labelled/ from local git mirrors.

    python bench/get_pages.py [--mirrors DIR] [--sets fundus,idgov]

Each `bench/labelled/<set>/gold.json` names, per page, its `file` and its `source`:
"owner/name path @ commit". The page is read from the mirror of that repository
(`<mirrors>/owner+name/repo`, made by the project's `fetch github:owner/name` tool) with
`git show commit:path`, gunzipped when the path ends in `.gz`, and written to
`bench/labelled/<set>/pages/<file>`. The pages are copies of third-party sites kept for
evaluation only: the pages/ folders are git-ignored and never enter this repository.
A missing mirror is named, with the `fetch` to run, and its pages are skipped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

LABELLED = Path(__file__).resolve().parent / "labelled"
MIRRORS = Path("/work/.mirror")


@dataclass(frozen=True, slots=True)
class Source:
    repo: str  # owner/name
    path: str
    commit: str

    @classmethod
    def parse(cls, text: str) -> Source:
        """'owner/name path @ commit' (a path has no spaces in the sets we keep)."""
        where, _, commit = text.rpartition(" @ ")
        repo, _, path = where.partition(" ")
        return cls(repo, path, commit.strip())

    def mirror(self, mirrors: Path) -> Path:
        return mirrors / self.repo.replace("/", "+") / "repo"


def page_bytes(source: Source, mirror: Path) -> bytes:
    shown = subprocess.run(
        ["git", "--git-dir", str(mirror), "show", f"{source.commit}:{source.path}"],
        capture_output=True,
        check=True,
    )
    return gzip.decompress(shown.stdout) if source.path.endswith(".gz") else shown.stdout


def materialise(folder: Path, mirrors: Path) -> tuple[int, set[str]]:
    """Write the set's pages; the number written and the repositories with no mirror."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    pages = folder / "pages"
    pages.mkdir(exist_ok=True)
    written, missing = 0, set()
    for entry in gold.values():
        source = Source.parse(entry["source"])
        mirror = source.mirror(mirrors)
        if not mirror.is_dir():
            missing.add(source.repo)
            continue
        (pages / entry["file"]).write_bytes(page_bytes(source, mirror))
        written += 1
    return written, missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=MIRRORS, help="where the mirrors are")
    parser.add_argument("--sets", default="", help="comma-separated set names (default: all)")
    args = parser.parse_args()
    wanted = {name.strip() for name in args.sets.split(",") if name.strip()}
    folders = sorted(p.parent for p in LABELLED.glob("*/gold.json"))
    missing_any = False
    for folder in folders:
        if wanted and folder.name not in wanted:
            continue
        written, missing = materialise(folder, args.mirrors)
        print(f"{folder.name}: {written} pages written to {folder / 'pages'}")
        for repo in sorted(missing):
            missing_any = True
            print(
                f"  MISSING mirror {args.mirrors / repo.replace('/', '+') / 'repo'}:"
                f" run `fetch github:{repo}`, then this script again",
                file=sys.stderr,
            )
    sys.exit(1 if missing_any else 0)


if __name__ == "__main__":
    main()
