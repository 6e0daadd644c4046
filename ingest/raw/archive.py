"""Every ingested original, kept content-addressed under <data dir>/archive, so the warehouse can be rebuilt
from the archive alone (`jixiao rebuild`)."""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")  # the original's extension, kept on the copy (formats sniff by it)


@dataclass
class ArchivedFile:
    path: Path  # the archived copy
    source_file: str
    source_path: str


def archive_file(archive_dir: Path, content: bytes, sha256: str, source_file: str, source_path: str) -> Path:
    """Write the bytes that were read (and hashed, and parsed) to archive/<sha[:2]>/<sha><suffix> (once), with
    a manifest of the names they came under. The bytes, not the file: a file replaced since it was read must
    not be archived under the first content's hash."""
    folder = archive_dir / sha256[:2]
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(source_file).suffix.lower()
    target = folder / f"{sha256}{suffix if _SUFFIX.match(suffix) else ''}"
    if not target.exists():
        _write_atomically(target, content)
    manifest = folder / f"{sha256}.json"
    names = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else []
    entry = {"source_file": source_file, "source_path": source_path}
    if entry not in [{k: n[k] for k in entry} for n in names]:
        names.append({**entry, "archived_at": datetime.now().isoformat(timespec="seconds")})
        _write_atomically(manifest, json.dumps(names, ensure_ascii=False, indent=1).encode("utf-8"))
    return target


def _write_atomically(target: Path, content: bytes) -> None:
    partial = target.with_name(f"{target.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        partial.write_bytes(content)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def archived_files(archive_dir: Path) -> list[ArchivedFile]:
    """Every archived original with the last name it was ingested under."""
    files = []
    for manifest in sorted(archive_dir.glob("*/*.json")):
        names = json.loads(manifest.read_text(encoding="utf-8"))
        copies = [
            p for p in manifest.parent.glob(manifest.stem + "*") if p.suffix not in (".json", ".partial")
        ]
        if names and copies:
            files.append(ArchivedFile(copies[0], names[-1]["source_file"], names[-1]["source_path"]))
    return files
