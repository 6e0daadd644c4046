"""Figures stated in the report's prose."""

from ingest.prose.extract import extract_prose

__all__ = ["extract_prose"]
