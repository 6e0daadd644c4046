"""Where a corpus's state lives: one data directory per corpus, so two corpora never mix."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


def dbt_project_arguments(target_dir: Path, log_dir: Path) -> list[str]:
    """The arguments that point dbt at this project, its profile, and where its artifacts and logs go."""
    return [
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target_dir),
        "--log-path",
        str(log_dir),
    ]


def dbt_command(*arguments: str, work_dir: Path) -> list[str]:
    """`dbt <arguments>` on this project with its artifacts and logs under `work_dir` (the environment's dbt)."""
    dbt = Path(sys.executable).with_name("dbt")
    return [
        str(dbt) if dbt.exists() else "dbt",
        *arguments,
        *dbt_project_arguments(work_dir / "target", work_dir / "logs"),
    ]


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_path: Path

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def build_dir(self) -> Path:
        return self.data_dir / "build"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "refresh.lock"


def resolve(data_dir: Path | str | None = None, db: Path | str | None = None) -> Settings:
    """Flags win over JIXIAO_DATA_DIR / JIXIAO_DB, which win over ./data and <data dir>/warehouse.duckdb."""
    data = Path(data_dir or os.environ.get("JIXIAO_DATA_DIR") or "data").resolve()
    db_path = Path(db or os.environ.get("JIXIAO_DB") or data / "warehouse.duckdb").resolve()
    return Settings(data, db_path)
