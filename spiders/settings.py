"""Scrapy settings built from the fleet's `crawl:` block.

Explicit on purpose: without a Scrapy project Scrapy's fallbacks would ignore
politeness and open a telnet console and a remote-control server.
"""

from __future__ import annotations

from typing import Any

from scrapy.settings import Settings

from crawler.config import CrawlSettings
from spiders.guard import ALLOW_PRIVATE_HOSTS
from spiders.pipelines import SINK_SETTING, Sink

MIN_DELAY_SECONDS = 0.001


def scrapy_settings(
    crawl: CrawlSettings,
    *,
    log_level: str = "INFO",
    log_file: str | None = None,
    sink: Sink | None = None,
) -> Settings:
    """The crawl's settings; `sink` writes the observations (the store pipeline's writer)."""
    values: dict[str, Any] = {
        "BOT_NAME": "freshness",
        "USER_AGENT": crawl.user_agent,
        "DEFAULT_REQUEST_HEADERS": {
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "id,en;q=0.8",
        },
        # Politeness: requests are slotted per registrable domain by the spider
        # (meta download_slot), so these apply to all agency sites of one regency.
        "CONCURRENT_REQUESTS": crawl.concurrent_requests,
        # Scrapy starts this many asyncio tasks per response to hand its items on; a page
        # yields two or three, so the default 100 costs more than the items do.
        "CONCURRENT_ITEMS": 4,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_host,
        # Never 0: with no delay Scrapy (2.19) starts every queued request of a slot before
        # the first is counted as transferring, so the per-domain concurrency limit does
        # not hold. A millisecond restores it and costs nothing.
        "DOWNLOAD_DELAY": max(crawl.delay_seconds, MIN_DELAY_SECONDS),
        # Scrapy jitters the delay by ±50% by default (the setting that controls it was
        # renamed in 2.19; leaving it at its default works on every supported version).
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle and crawl.delay_seconds > 0,
        "AUTOTHROTTLE_START_DELAY": max(crawl.delay_seconds, 0.1),
        "AUTOTHROTTLE_MAX_DELAY": max(30.0, crawl.delay_seconds),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrency_per_host),
        # Bounds the whole request, name lookup included (the guarded resolver below has no
        # timeout of its own, unlike Scrapy's IPv4-only default and its DNS_TIMEOUT).
        "DOWNLOAD_TIMEOUT": crawl.timeout_seconds,
        # Every address a name resolves to is checked where the connection is made, so no
        # spelling of a host and no DNS answer reaches loopback or the private network.
        "TWISTED_DNS_RESOLVER": "spiders.guard.GuardedResolver",
        ALLOW_PRIVATE_HOSTS: crawl.allow_private_hosts,
        "DOWNLOAD_MAXSIZE": crawl.max_response_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        # A page cut short (the server closed early) still shows what arrived: its dates
        # are real. The fetch is recorded as truncated.
        "DOWNLOAD_FAIL_ON_DATALOSS": False,
        "CLOSESPIDER_TIMEOUT": crawl.max_crawl_minutes * 60,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 1,  # one retry for a flaky host; a dead one costs two timeouts, not three
        # The spider enforces robots.txt itself: it fetches it once per site, records
        # a refusal as an observation and reads its Sitemap: lines.
        "ROBOTSTXT_OBEY": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        # Only http(s) is ever fetched.
        "DOWNLOAD_HANDLERS": {"file": None, "data": None, "ftp": None, "s3": None},
        "ITEM_PIPELINES": {"spiders.pipelines.StorePipeline": 300},
        # Middlewares that do nothing for this spider but cost a call on every request:
        # every status reaches the spider, links are checked for the site by the spider,
        # and no Referer is owed to anyone. Redirects are followed on the site only.
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
            # Where RedirectMiddleware (600) would be: it sees the answer as sent, before
            # HttpCompressionMiddleware (590) and RetryMiddleware (550).
            "spiders.redirects.SiteRedirectMiddleware": 610,
            "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
            "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
            "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
            # Before RetryMiddleware (550) sees an exception: a refusal is not retried.
            "spiders.guard.GuardMiddleware": 600,
        },
        "SPIDER_MIDDLEWARES": {
            "scrapy.spidermiddlewares.httperror.HttpErrorMiddleware": None,
            "scrapy.spidermiddlewares.referer.RefererMiddleware": None,
            "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
            "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
        },
        "LOG_LEVEL": log_level,
        "LOG_FILE": log_file,
        "LOG_FILE_APPEND": True,
        "LOGSTATS_INTERVAL": 60.0,
        "HTTPPROXY_ENABLED": True,  # honours http_proxy / https_proxy / no_proxy
    }
    if sink is not None:
        values[SINK_SETTING] = sink
    return Settings(values)
