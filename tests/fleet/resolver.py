"""A DNS resolver for crawls of the fleet under host names instead of IP literals.

The crawler's guarded resolver, with the fleet's names answered from `FLEET_HOSTS` (JSON:
name -> IP) and everything else left to the normal lookup. Used by tests that need several
agency sites under one registrable domain, as a regency's subdomains are, and by tests of
names that resolve to loopback. Its answers pass through the same private-address check as
real ones: a subclass changes the lookup, never the check.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from scrapy.resolver import HostResolution
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IAddress, IHostResolution, IResolutionReceiver

from crawler.urls import normal_host
from spiders.guard import GuardedResolver

HOSTS: dict[str, str] = {
    normal_host(name): address
    for name, address in json.loads(os.environ.get("FLEET_HOSTS", "{}")).items()
}


class FleetResolver(GuardedResolver):
    def lookup(
        self,
        receiver: IResolutionReceiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        address = HOSTS.get(normal_host(hostName))
        if address is None:
            return super().lookup(receiver, hostName, portNumber, addressTypes, transportSemantics)
        resolution = HostResolution(hostName)
        receiver.resolutionBegan(resolution)
        family = IPv6Address if ":" in address else IPv4Address
        receiver.addressResolved(family("TCP", address, portNumber))
        receiver.resolutionComplete()
        return resolution


#: Python source that swaps Scrapy's resolver for one that knows the fleet's host names
#: (FLEET_HOSTS), for the real CLI or a crawl run in a subprocess: `python -c FLEET_DNS + …`.
FLEET_DNS = """
import sys
import spiders.settings as settings

plain = settings.scrapy_settings

def with_fleet_dns(*args, **kwargs):
    values = plain(*args, **kwargs)
    values.set("TWISTED_DNS_RESOLVER", "tests.fleet.resolver.FleetResolver")
    return values

settings.scrapy_settings = with_fleet_dns
"""
#: `python -c CLI_WITH_FLEET_DNS <command> …`: the real CLI under the fleet's names.
CLI_WITH_FLEET_DNS = FLEET_DNS + "from crawler.cli import main\nmain(sys.argv[1:])\n"
