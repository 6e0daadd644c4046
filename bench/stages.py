"""Where ingest's time goes, stage by stage: read, table model, form finding, extraction, prose, identity,
rows → columns, transfer to the parent, write.

The stages' entry functions are wrapped for the run (every module-level reference to them, and the extractor
tables that hold them) by a clock that charges each moment to the innermost stage running: a stage's time is
its own, without the stages it calls (the table model read from inside an extractor is charged to the table
model), so the stages add up to the whole. One process, the documents one after another, the same calls as
`jixiao refresh` makes (ingest.pipeline.process_file, the pickling the worker pool does, the batch writer).
CPU time of the thread, so the shares stay honest on a busy machine."""

from __future__ import annotations

import functools
import importlib
import pickle
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# stage → the functions whose own time is charged to it, as (module, attribute) or (module, class.method)
STAGE_FUNCTIONS: dict[str, list[tuple[str, str]]] = {
    "read": [
        ("ingest.intake", "read_bounded"),
        ("ingest.extraction.readers", "read_document"),
    ],
    "table model": [
        ("ingest.extraction.readers.layouts", "recover_tables"),
        ("ingest.extraction.forms.header", "read_header"),
        ("ingest.extraction.readers.pdf_tables", "find_tables"),  # ruling lines → cells of a PDF page
        ("ingest.extraction.readers.pdf_tables", "table_texts"),
    ],
    "form finding": [
        ("ingest.extraction.forms.finder", "find_forms"),
        ("ingest.extraction.extract", "_is_budget_disclosure"),
    ],
    "extraction": [
        ("ingest.extraction.forms.basic_data", "extract"),
        ("ingest.extraction.forms.self_eval", "extract"),
        ("ingest.extraction.forms.project_report", "extract"),
        ("ingest.extraction.forms.targets", "extract"),
        ("ingest.extraction.forms.final_accounts", "extract"),
        ("ingest.extraction.forms.disclosure", "extract"),
        ("ingest.extraction.extract", "_cell_coverage"),
    ],
    "prose": [
        ("ingest.extraction.prose.extract", "extract_prose"),
        ("ingest.extraction.prose.disclosure_notes", "read_disclosure_notes"),
    ],
    "identity": [
        ("ingest.extraction.identity", "identify"),
        ("ingest.extraction.identity", "fiscal_year"),
    ],
}
# what process_file does itself (hash, rows and columns of the raw tables) is charged to this stage
OWN_STAGE = "rows → columns"
STAGES = [*STAGE_FUNCTIONS, OWN_STAGE, "transfer", "write"]


class StageClock:
    """Charges CPU time to the innermost running stage (a stack of stages; time before any stage is 'other')."""

    def __init__(self, clock: Callable[[], float] = time.thread_time) -> None:
        self.clock = clock
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack = ["other"]
        self._mark = clock()

    def settle(self) -> None:
        """Charge the time up to now (to the stage running)."""
        self._switch()

    def reset(self) -> None:
        """Forget what was charged so far (a warm-up)."""
        self._switch()
        self.seconds.clear()

    def _switch(self) -> None:
        now = self.clock()
        self.seconds[self._stack[-1]] += now - self._mark
        self._mark = now

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self._switch()
        self._stack.append(name)
        try:
            yield
        finally:
            self._switch()
            self._stack.pop()

    def timed(self, name: str, function: Callable) -> Callable:
        @functools.wraps(function)
        def run(*args, **kwargs):
            with self.stage(name):
                return function(*args, **kwargs)

        return run


@contextmanager
def stage_functions_wrapped(clock: StageClock) -> Iterator[list[str]]:
    """Every stage function replaced by its timed wrapper wherever a module holds it (module attributes and
    module-level dicts such as the extractor table); yields the targets not found (a reader that changed)."""
    undo: list[Callable[[], None]] = []
    missing: list[str] = []
    for stage, targets in STAGE_FUNCTIONS.items():
        for module_name, attribute in targets:
            try:
                module = importlib.import_module(module_name)
                owner_name, _, name = attribute.rpartition(".")
                owner = getattr(module, owner_name) if owner_name else module
                original = getattr(owner, name)
            except (ImportError, AttributeError):
                missing.append(f"{module_name}.{attribute}")
                continue
            wrapper = clock.timed(stage, original)
            if owner_name:  # a method: the class holds the one reference
                setattr(owner, name, wrapper)
                undo.append(functools.partial(setattr, owner, name, original))
                continue
            for holder in [m for n, m in sys.modules.items() if n.startswith("ingest") and m is not None]:
                for key, value in list(vars(holder).items()):
                    if value is original:
                        setattr(holder, key, wrapper)
                        undo.append(functools.partial(setattr, holder, key, original))
                    elif isinstance(value, dict) and original in value.values():
                        for dict_key in [k for k, v in value.items() if v is original]:
                            value[dict_key] = wrapper
                            undo.append(functools.partial(value.__setitem__, dict_key, original))
    # a function cached before (the extractor of a form kind looked up once) would hold the unwrapped one
    for module in [m for n, m in list(sys.modules.items()) if n.startswith("ingest") and m is not None]:
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
    try:
        yield missing
    finally:
        for step in reversed(undo):
            step()


@dataclass
class StageProfile:
    documents: int
    pages: int | None  # PDF pages, when the files are PDFs
    facts: int
    seconds: dict[str, float]  # CPU seconds per stage
    missing: list[str]

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


def profile_ingest(files: Sequence[Path], pages: int | None = None) -> StageProfile:
    """The ingest of `files` (one process, in order), CPU seconds per stage. The first file is read once before
    the clock counts, so that loading the lexicons and libraries is not charged to a stage (and after the stage
    functions are wrapped: a cached lookup of an extractor then holds the wrapper)."""
    from ingest.pipeline import process_file
    from ingest.raw.batch import RawBatchWriter
    from ingest.raw.parquet import unpack

    raw_dir = Path(tempfile.mkdtemp(prefix="jixiao_stages_"))
    clock = StageClock()
    facts = 0
    try:
        with stage_functions_wrapped(clock) as missing:
            process_file(files[0])  # warm-up: lexicons, gazetteer, the format's library
            clock.reset()
            writer = RawBatchWriter(raw_dir, "stages")
            for path in files:
                with clock.stage(OWN_STAGE):
                    result = process_file(path)
                with clock.stage("transfer"):  # what the worker pool and the collecting parent do with it
                    result = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
                    large = {name: unpack(data) for name, data in result.packed.items()}
                with clock.stage("write"):
                    if result.error is None:
                        writer.add_document(result.fiscal_year, result.tables, large)
                        facts += large["facts"].num_rows
            with clock.stage("write"):
                writer.flush(final=True)
            clock.settle()
    finally:
        shutil.rmtree(raw_dir, ignore_errors=True)
    seconds = {stage: clock.seconds.get(stage, 0.0) for stage in STAGES}
    if clock.seconds.get("other", 0.0) > 0.0005:
        seconds["other"] = clock.seconds["other"]
    return StageProfile(len(files), pages, facts, seconds, missing)


def pdf_page_count(paths: Sequence[Path]) -> int:
    import pypdfium2

    total = 0
    for path in paths:
        document = pypdfium2.PdfDocument(str(path))
        total += len(document)
        document.close()
    return total


def format_profile(title: str, profile: StageProfile, previous: dict[str, float] | None = None) -> list[str]:
    """The profile as table lines: ms per document (and per page for PDFs), share of the whole."""
    per = "page" if profile.pages else "document"
    count = profile.pages or profile.documents
    lines = [
        f"{title}: {profile.documents:,} documents"
        + (f", {profile.pages:,} pages" if profile.pages else "")
        + f", {profile.facts:,} facts; CPU ms per {per}, one process"
        + (" (before: the previously recorded figure)" if previous else ""),
        f"{'stage':<18}{'ms/' + per:>12}{'share':>8}" + (f"{'before':>10}" if previous else ""),
    ]
    for stage, seconds in profile.seconds.items():
        before = (
            f"{previous[stage]:>10.2f}"
            if previous and stage in previous
            else ("" if not previous else " " * 10)
        )
        lines.append(f"{stage:<18}{1000 * seconds / count:>12.2f}{seconds / profile.total:>8.1%}{before}")
    total_before = f"{previous['total']:>10.2f}" if previous and "total" in previous else ""
    lines.append(f"{'total':<18}{1000 * profile.total / count:>12.2f}{1:>8.0%}{total_before}")
    if profile.missing:
        lines.append("not found (not timed): " + ", ".join(profile.missing))
    return lines


def main(arguments: list[str]) -> None:
    """python -m bench.stages DIR [LIMIT]: the per-stage profile of the files of DIR."""
    folder = Path(arguments[0])
    files = sorted(p for p in folder.rglob("*") if p.is_file())[
        : int(arguments[1]) if len(arguments) > 1 else None
    ]
    pdfs = [p for p in files if p.suffix.lower() == ".pdf"]
    pages = pdf_page_count(pdfs) if pdfs and len(pdfs) == len(files) else None
    print("\n".join(format_profile(str(folder), profile_ingest(files, pages))))


if __name__ == "__main__":
    main(sys.argv[1:])
