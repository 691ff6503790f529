"""A DNS resolver for crawls of the fleet under host names instead of IP literals.

Scrapy's resolver, with the fleet's names answered from `FLEET_HOSTS` (JSON: name -> IP)
and everything else left to the normal lookup. Used only by tests that need several agency
sites under one registrable domain, as a regency's subdomains are.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer

HOSTS: dict[str, str] = json.loads(os.environ.get("FLEET_HOSTS", "{}"))


class FleetResolver(CachingThreadedResolver):
    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        address = HOSTS.get(name.lower())
        if address is not None:
            return defer.succeed(address)
        return super().getHostByName(name, timeout)
