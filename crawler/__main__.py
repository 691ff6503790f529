"""`python -m crawler` is the `freshness` command."""

from crawler.cli import main

main()
