"""Judging: a site's observations in, its verdicts out; computed once per agency per run.

Pure functions over `crawler.model` values (no HTML, no SQL, no Scrapy): the freshness
estimate, the site-level spam and PPID verdicts, the history of verdicts between runs. May
import `crawler.model`, `crawler.config`, `crawler.urls` and each other; never `crawler.read`.
"""
