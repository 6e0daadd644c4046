"""Sentence-level extraction of figures from the 自评报告 prose (grown in issue 3)."""

from __future__ import annotations

from ingest.document import Document
from ingest.forms.common import Context


def extract_prose(doc: Document, ctx: Context) -> None:
    return None
