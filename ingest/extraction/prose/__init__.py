"""Figures stated in the report's prose."""

from ingest.extraction.prose.extract import extract_prose

__all__ = ["extract_prose"]
