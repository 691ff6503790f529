"""Judging: a site's observations in, its verdicts out; computed once per agency per run.

Pure functions over `crawler.model` values (no HTML, no SQL, no Scrapy): the freshness
estimate, the site-level spam and PPID verdicts, what `freshness check` explains, the history
of verdicts between runs. May import the base modules (`crawler.model`, `crawler.config`,
`crawler.urls`, `crawler.shard`, `crawler.spamwords`) and each other; never `crawler.read`.
"""
