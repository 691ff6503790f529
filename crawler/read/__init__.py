"""Reading: one fetched document in, evidence out; never a verdict.

Pure functions over bytes and text (no Scrapy, no SQL, no clock of their own): page structure,
date text, bylines, the page-date cascade, listings, links, feeds and sitemaps, the WordPress
API, PPID documents, a page's spam signals, parked pages and TLS facts. May import
`crawler.model`, `crawler.config`, `crawler.urls` and each other; nothing else of the project.
"""
