"""The monitor's library: configuration and data model (base), reading, judging, the store,
and the orchestration that ties them to Scrapy and the report (crawl, merge, the CLI)."""
