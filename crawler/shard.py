"""Split a fleet between machines: `freshness crawl --shard 2/3` crawls a deterministic third.

An agency's shard follows from its registrable domain, so every agency of one regency
(`*.bengkaliskab.go.id`, one server) lands on the same machine and that server is still
probed politely, by one crawler. The split depends only on the URL and N: it is the same
on every machine, every week, whatever order the config lists the agencies in.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from crawler.config import Fleet
from crawler.urls import host_of, registrable_domain

_SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


@dataclass(frozen=True, slots=True)
class Shard:
    index: int  # 1 … count
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`"2/3"` -> Shard(2, 3); a clear ValueError for anything else."""
        match = _SHARD.fullmatch(text)
        if match is None:
            raise ValueError(
                f"{text!r} is not a shard; write i/N, e.g. 2/3 for the second of three"
            )
        index, count = int(match[1]), int(match[2])
        if count < 1 or not 1 <= index <= count:
            raise ValueError(f"shard {text!r}: i must be between 1 and N (N >= 1)")
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, url: str) -> bool:
        return shard_number(url, self.count) == self.index


def shard_number(url: str, count: int) -> int:
    """The shard (1 … count) of the site at `url`: a stable hash of its registrable domain."""
    domain = registrable_domain(host_of(url)) or url
    digest = hashlib.sha256(domain.encode("utf-8")).digest()
    return 1 + int.from_bytes(digest[:8], "big") % count


def shard_fleet(fleet: Fleet, shard: Shard) -> Fleet:
    """The agencies of `fleet` that `shard` crawls, with the same settings."""
    chosen = tuple(a for a in fleet.agencies if shard.holds(a.url))
    return Fleet(chosen, fleet.thresholds, fleet.crawl)
