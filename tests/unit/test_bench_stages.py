"""The bench's stage clock charges each moment to the innermost stage (the stages add up to the whole), the
profile covers a real ingest, and the figures recorded in docs/scaling.md are read back as "before"."""

from __future__ import annotations

from pathlib import Path

from bench.run import last_measured
from bench.stages import STAGES, StageClock, profile_ingest
from ingest.samples.generator import write_corpus


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_nested_stages_are_charged_their_own_time_only():
    time = FakeClock()
    clock = StageClock(clock=time)
    with clock.stage("extraction"):
        time.now += 3
        with clock.stage("table model"):  # called from inside an extractor
            time.now += 2
        time.now += 1
    time.now += 0.5
    clock.settle()
    assert clock.seconds == {"extraction": 4, "table model": 2, "other": 0.5}


def test_a_profile_of_sample_reports_names_where_the_time_went(tmp_path: Path):
    files = write_corpus(tmp_path, documents=4, years=1, seed=3)
    profile = profile_ingest(files)
    assert profile.documents == 4 and profile.facts > 100
    assert not profile.missing  # every stage function was found and timed
    for stage in ("read", "form finding", "extraction", "prose", "write"):
        assert profile.seconds[stage] > 0, stage
    assert set(profile.seconds) <= {*STAGES, "other"}


def test_the_last_measured_figures_are_read_from_their_section(tmp_path: Path):
    note = tmp_path / "scaling.md"
    note.write_text(
        "## Measured here\n| full_refresh_10000_s | 1 |\n"
        "## Last measured (read by make bench)\n"
        "| figure | value | when |\n|---|---:|---|\n"
        "| `full_refresh_10000_s` | 96.0 | 2026-11-30 |\n| facts_10000 | 2,590,132 | |\n| note | n/a | |\n"
        "## Next\n| add_100_10000_s | 5 |\n",
        encoding="utf-8",
    )
    assert last_measured(note) == {"full_refresh_10000_s": 96.0, "facts_10000": 2590132.0}
