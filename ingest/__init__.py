"""jixiao ingest: report files → raw facts with provenance."""

from __future__ import annotations

import hashlib
from pathlib import Path


def code_fingerprint(root: Path | None = None) -> str:
    """A hash of the ingest code (ingest/**/*.py) and the lexicons (ingest/lexicon/*.yaml): any change to how
    documents are read changes it, and a refresh then reads every document again (no version to bump by hand)."""
    root = root or Path(__file__).resolve().parent
    files = [p for p in root.rglob("*.py") if "__pycache__" not in p.parts] + list(
        (root / "lexicon").glob("*.yaml")
    )
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


PARSER_VERSION = code_fingerprint()
