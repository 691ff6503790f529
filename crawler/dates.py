"""`from crawler.dates import page_date`: the page-date cascade's public entry point.

The cascade lives in `crawler.read.cascade`; this name stays for scripts that import it.
"""

from crawler.read.cascade import PageDate, page_date

__all__ = ["PageDate", "page_date"]
