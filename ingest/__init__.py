"""jixiao ingest: report files → raw facts with provenance.

The data's way through the package:
- extraction/ — a file's bytes → the Document model (readers/) → forms found and read (forms/), prose figures
  (prose/), normalised values (normalise.py), wording in lexicon/*.yaml;
- raw/ — one batch's rows written to the raw layer as Parquet parts (parquet.py, batch.py), originals archived;
- top-level modules — operations: intake, bounded workers, pipeline, refresh, warehouse build and publish,
  PostgreSQL load, score, settings, the `jixiao` CLI;
- samples/ — the sample-corpus generator and the renderers into .docx / .xlsx / .pdf / .html."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path


def code_fingerprint(root: Path | None = None) -> str:
    """A hash of the ingest code (ingest/**/*.py) and the lexicons (ingest/extraction/lexicon/*.yaml): any change
    to how documents are read changes it, and a refresh then reads every document again (no version to bump by
    hand)."""
    root = root or Path(__file__).resolve().parent
    files = [p for p in root.rglob("*") if p.suffix in {".py", ".yaml"} and "__pycache__" not in p.parts]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@cache
def parser_version() -> str:
    """This code's fingerprint, computed once per process when first asked for (the dashboards, which import
    ingest.settings, never pay for it)."""
    return code_fingerprint()


def __getattr__(name: str) -> str:
    if name == "PARSER_VERSION":
        return parser_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
