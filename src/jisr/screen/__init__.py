"""Screening use cases: one name in milliseconds, a file of millions in bulk."""

from jisr.screen.bulk import BulkReport, screen_file
from jisr.screen.screener import Hit, Screener, ScreenResult

__all__ = ["BulkReport", "Hit", "ScreenResult", "Screener", "screen_file"]
