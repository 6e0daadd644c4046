"""Every ingested original, kept content-addressed under <data dir>/archive, so the warehouse can be rebuilt
from the archive alone (`jixiao rebuild`)."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass
class ArchivedFile:
    path: Path  # the archived copy
    source_file: str
    source_path: str


def archive_file(archive_dir: Path, original: Path, sha256: str) -> Path:
    """Copy the original to archive/<sha[:2]>/<sha><suffix> (once) with a manifest of the names it came under."""
    folder = archive_dir / sha256[:2]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{sha256}{original.suffix.lower()}"
    if not target.exists():
        partial = target.with_name(target.name + ".partial")
        shutil.copyfile(original, partial)
        os.replace(partial, target)
    manifest = folder / f"{sha256}.json"
    names = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else []
    entry = {"source_file": original.name, "source_path": str(original)}
    if entry not in [{k: n[k] for k in entry} for n in names]:
        names.append({**entry, "archived_at": datetime.now().isoformat(timespec="seconds")})
        partial = manifest.with_name(manifest.name + ".partial")
        partial.write_text(json.dumps(names, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(partial, manifest)
    return target


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
