"""Scrapy only: the spider that fetches and routes, its settings, middlewares and pipeline."""
