"""Presentation only: the report's view model, wording, chart, rendering, exports, check's text."""
