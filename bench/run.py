"""`make bench`: what a format costs per document, where ingest's time goes, and what a province-sized corpus costs
to refresh and query.

Printed, in order:
- formats: seconds per document to read and extract each format (sample reports rendered as .docx, .xlsx,
  .pdf and .html, plus the seed reports when ../shared/seeds is beside the repository), one process;
- stages: ingest's CPU time per stage (read, table model, form finding, extraction, prose, identity, rows →
  columns, transfer, write: bench/stages.py) on sample reports, and per page on the real PDFs of
  ../shared/real/docs when present;
- scale: for each corpus size, the first (full) refresh split into ingest / dbt build / publish, its CPU seconds
  (this process and its children: the machine may be shared), peak memory (the largest process, and the whole
  process tree sampled during the full refresh), an unchanged re-run, a refresh after adding 100 documents,
  and the p50/p95 of each dashboard page's main query (its slowest query, over repeated uncached renders);
- the bar of issue #20, each figure as measured in this run beside the one recorded before it (the table "Last
  measured" of docs/scaling.md): real PDF ingest ms/page (bench/pdf_pages.py: in this loaded process, the median
  of three, and in a fresh process as a refresh of only those files), the 10,000-document full refresh with its
  facts and peak memory, +100 documents, the slowest page's p95 at 10,000.

BENCH_DOCUMENTS (comma-separated sizes, default "1000,10000"; BENCH_LARGE=1 adds 100000; BENCH_KEEP=1 keeps each
size's corpus and data directory and prints where), BENCH_WORKERS
(default 2), BENCH_QUERY_RUNS (default 20), BENCH_FORMAT_DOCUMENTS (default 20) and BENCH_STAGE_DOCUMENTS
(default 300) change the run.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.stages import STAGES, StageProfile, format_profile, pdf_page_count, profile_ingest
from dashboards.pages import PAGE_NAMES
from ingest.extraction.extract import extract_document
from ingest.extraction.readers import read_document
from ingest.samples.generator import write_corpus
from ingest.samples.render import RENDERERS
from ingest.settings import Settings, resolve

PAGES = PAGE_NAMES
REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
REAL_DOCS = REPO.parent / "shared" / "real" / "docs"
SCALING_NOTE = REPO / "docs" / "scaling.md"
# the section of docs/scaling.md whose table holds the figures measured before this run
LAST_MEASURED = "## Last measured"


@dataclass
class RefreshRun:
    report: dict  # what the refresh logged (ingest.refresh.RefreshReport)
    seconds: float
    cpu_seconds: float  # the refresh process and its children (workers, dbt)
    tree_peak_bytes: int  # the most the refresh process and its children held at once
    largest_mib: float  # the largest single process of those (ru_maxrss)


def refresh_process(settings: Settings, corpus: Path, workers: int) -> RefreshRun:
    """`jixiao refresh` as a user runs it, in a process of its own (its start and imports included): timed, its
    process tree's memory sampled."""
    logs = settings.log_dir
    before = set(logs.glob("refresh_*.json")) if logs.exists() else set()
    command = [sys.executable, "-m", "ingest.cli", "refresh", "--input", str(corpus)]
    command += [
        "--data-dir",
        str(settings.data_dir),
        "--db",
        str(settings.db_path),
        "--workers",
        str(workers),
    ]
    t0, c0 = time.perf_counter(), _children_cpu_seconds()
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    with TreeMemorySampler(root=process.pid) as memory:
        _, error = process.communicate()
    seconds, cpu = time.perf_counter() - t0, _children_cpu_seconds() - c0
    if process.returncode != 0:
        raise RuntimeError(f"jixiao refresh failed ({process.returncode}): {error[-2000:]}")
    (log,) = set(logs.glob("refresh_*.json")) - before
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return RefreshRun(json.loads(log.read_text(encoding="utf-8")), seconds, cpu, memory.peak_bytes, largest)


def _children_cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


class TreeMemorySampler:
    """The highest sum of resident memory over a process (this one by default) and all its descendants (worker
    pool, dbt), sampled every `interval` seconds from /proc: what the machine must hold at once, not one
    process's share."""

    def __init__(self, interval: float = 0.1, root: int | None = None) -> None:
        self.interval = interval
        self.root = root or os.getpid()
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._page_size = os.sysconf("SC_PAGE_SIZE")

    def __enter__(self) -> TreeMemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _tree_bytes(self) -> int:
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # the command name may hold spaces and parentheses: fields start after the last ")"
                fields = stat.read_text().rsplit(")", 1)[1].split()
                parents[int(stat.parent.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
        tree, frontier = {self.root}, [self.root]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
            tree.update(children)
            frontier.extend(children)
        total = 0
        for pid in tree:
            try:
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self._page_size
            except (OSError, IndexError, ValueError):
                continue  # the process ended between the listing and the read
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._tree_bytes())
            self._stop.wait(self.interval)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def format_seconds_per_document(documents: int) -> list[tuple[str, int, float, float]]:
    """(format, documents, seconds per document, facts per document) for text and every rendered format."""
    root = Path(tempfile.mkdtemp(prefix="jixiao_bench_formats_"))
    try:
        sources = write_corpus(root / "text", documents=documents, years=2, seed=3)
        if SEEDS.is_dir():
            sources += sorted(SEEDS.glob("*.txt"))
        parsed = [read_document(path) for path in sources]
        extract_document(parsed[0])  # warm up (lexicons, gazetteer) so the first format is not charged for it
        rows = []
        for file_format in ("text", *RENDERERS):
            if file_format == "text":
                files = list(sources)
            else:
                (root / file_format).mkdir()
                files = []
                for path, document in zip(sources, parsed, strict=True):
                    target = root / file_format / f"{path.stem}.{file_format}"
                    RENDERERS[file_format](document, target)
                    files.append(target)
            facts = 0
            start = time.perf_counter()
            for path in files:
                facts += len(extract_document(read_document(path)).extraction.facts)
            seconds = time.perf_counter() - start
            rows.append((file_format, len(files), seconds / len(files), facts / len(files)))
        return rows
    finally:
        shutil.rmtree(root, ignore_errors=True)


def page_query_seconds(db_path: Path, runs: int) -> tuple[float, dict[str, list[float]]]:
    """The seconds of opening the published file (once per publish: the pages' connection stays open for it), then
    each page rendered `runs` times with the cache cleared: the seconds of its slowest query, per run. Opened first
    so that the opening is not counted as the first page's query."""
    import streamlit as st
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    # outside a server Streamlit warns on every cached function and every render; AppTest sets the level back to
    # its default on every run, so it is set again after each
    logger.set_log_level("error")
    from dashboards import data

    os.environ["JIXIAO_DB"] = str(db_path)
    st.cache_data.clear()
    data.query_timings = []
    data.query("select 1 as opened")
    opening_seconds = data.query_timings[0][1]
    pages = Path(__file__).resolve().parents[1] / "dashboards" / "app_pages"
    timings: dict[str, list[float]] = {}
    for page in PAGES:
        timings[page] = []
        for _ in range(runs):
            st.cache_data.clear()
            data.query_timings = []
            at = AppTest.from_file(str(pages / f"{page}.py"), default_timeout=120).run()
            logger.set_log_level("error")
            if at.exception:
                raise RuntimeError(f"page {page} failed: {at.exception}")
            timings[page].append(max((seconds for _, seconds in data.query_timings), default=0.0))
    data.query_timings = None
    return opening_seconds, timings


def bench(documents: int, workers: int, query_runs: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"jixiao_bench_{documents}_"))
    try:
        corpus = root / "corpus"
        t0 = time.perf_counter()
        write_corpus(
            corpus / "base", documents=documents, years=10 if documents >= 10_000 else 3, seed=documents
        )
        generate_seconds = time.perf_counter() - t0
        # the warehouse named: JIXIAO_DB, set for the page queries of the size before, must not redirect it
        settings = resolve(root / "data", root / "data" / "warehouse.duckdb")
        load_before = os.getloadavg()[0]
        first = refresh_process(settings, corpus, workers)
        again = refresh_process(settings, corpus, workers)
        write_corpus(corpus / "added", documents=100, years=1, seed=documents + 1, first_year=2031)
        added = refresh_process(settings, corpus, workers)
        opening_seconds, queries = page_query_seconds(settings.db_path, query_runs)
        return {
            "documents": documents,
            "facts": first.report["facts"],
            "generate_s": generate_seconds,
            "load_average_before": load_before,
            "full_refresh_s": first.seconds,
            "full_refresh_cpu_s": first.cpu_seconds,
            "ingest_s": first.report["ingest_seconds"],
            "docs_per_s": documents / max(first.report["ingest_seconds"], 1e-9),
            "dbt_build_s": first.report["build_seconds"],
            "publish_s": first.report["publish_seconds"],
            "peak_rss_mib": first.largest_mib,
            "peak_tree_rss_mib": first.tree_peak_bytes / 2**20,
            "rerun_total_s": again.seconds,
            "rerun_new_docs": again.report["documents_loaded"],
            "add_100_refresh_s": added.seconds,
            "add_100_cpu_s": added.cpu_seconds,
            "add_100_ingest_s": added.report["ingest_seconds"],
            "add_100_dbt_s": added.report["build_seconds"],
            "add_100_incremental": int(added.report["build_incremental"]),
            "add_100_new_docs": added.report["documents_loaded"],
            "open_warehouse_ms": 1000 * opening_seconds,
            **{f"q_{page}_p50_ms": 1000 * statistics.median(values) for page, values in queries.items()},
            **{f"q_{page}_p95_ms": 1000 * _percentile(values, 0.95) for page, values in queries.items()},
        }
    finally:
        if os.environ.get("BENCH_KEEP") == "1":
            print(f"kept: {root} (corpus, raw layer, warehouse)", flush=True)
        else:
            shutil.rmtree(root, ignore_errors=True)


def stage_profiles(documents: int) -> list[tuple[str, StageProfile]]:
    """Ingest per stage: sample reports (one process), and the real PDFs per page when ../shared is there."""
    root = Path(tempfile.mkdtemp(prefix="jixiao_bench_stages_"))
    try:
        files = write_corpus(root / "corpus", documents=documents, years=10, seed=20)
        profiles = [("sample", profile_ingest(files))]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    pdfs = sorted(REAL_DOCS.glob("*.pdf")) if REAL_DOCS.is_dir() else []
    if pdfs:
        profiles.append(("real_pdf", profile_ingest(pdfs, pdf_page_count(pdfs))))
    return profiles


def real_pdf_ms_per_page(workers: int, runs: int = 3) -> tuple[float, int] | None:
    """(ms per page, pages) through `jixiao refresh`'s ingest for the real PDFs (bench/pdf_pages.py), when both
    the module and ../shared/real/docs are there; the median of `runs` in this process, which has loaded what the
    refresh loads once before its workers fork (what each page costs in a large batch)."""
    try:
        from bench.pdf_pages import pdf_ms_per_page
    except ImportError:
        return None
    if not REAL_DOCS.is_dir():
        return None
    measured = [pdf_ms_per_page(REAL_DOCS, workers=workers) for _ in range(runs)]
    return statistics.median(ms for ms, _ in measured), measured[0][1]


def real_pdf_cold_ms_per_page(runs: int = 3) -> float | None:
    """The same in a fresh process each time (`python -m bench.pdf_pages`): a refresh of only these files, the
    one-off loading before the workers fork (pandas, the gazetteer: ≈ 0.3–0.5 s) charged to their pages."""
    if not REAL_DOCS.is_dir():
        return None
    measured = []
    for _ in range(runs):
        printed = subprocess.run(
            [sys.executable, "-m", "bench.pdf_pages", str(REAL_DOCS)],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        ).stdout
        measured.append(float(re.search(r"([\d.]+) ms/page", printed).group(1)))  # type: ignore[union-attr]
    return statistics.median(measured)


def last_measured(note: Path = SCALING_NOTE) -> dict[str, float]:
    """The figures of the "Last measured" table of docs/scaling.md: | key | value | … |, one row per figure."""
    figures: dict[str, float] = {}
    if not note.exists():
        return figures
    in_section = False
    for line in note.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_section = line.startswith(LAST_MEASURED)
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if in_section and len(cells) >= 2 and cells[0].replace("_", "").isalnum():
            try:
                figures[cells[0]] = float(cells[1].replace(",", ""))
            except ValueError:
                continue
    return figures


BAR = [  # (key in docs/scaling.md, what, bar)
    ("pdf_ms_per_page", "real PDFs: ingest ms per page (jixiao refresh)", "≤ 10"),
    ("pdf_cold_ms_per_page", "real PDFs: the same, a fresh process (only them)", ""),
    ("full_refresh_10000_s", "10,000 documents: full refresh, s", "≤ 45"),
    ("full_refresh_10000_cpu_s", "10,000 documents: full refresh, CPU s", ""),
    ("facts_10000", "10,000 documents: facts", "≥ 2,590,132"),
    ("peak_tree_10000_gib", "10,000 documents: peak memory, process tree, GiB", "≤ 3"),
    ("add_100_10000_s", "+100 documents on 10,000: refresh, s", "≤ 10"),
    ("add_100_10000_cpu_s", "+100 documents on 10,000: refresh, CPU s", ""),
    ("page_p95_10000_ms", "10,000 documents: slowest page, p95 ms", "≤ 100"),
    ("open_warehouse_10000_ms", "10,000 documents: opening the warehouse (once), ms", ""),
]


def bar_figures(
    rows: list[dict],
    pdf: tuple[float, int] | None,
    pdf_cold: float | None,
    stages: list[tuple[str, StageProfile]],
) -> dict:
    figures: dict[str, float] = {}
    if pdf is not None:
        figures["pdf_ms_per_page"] = pdf[0]
    if pdf_cold is not None:
        figures["pdf_cold_ms_per_page"] = pdf_cold
    for row in rows:
        if row["documents"] != 10_000:
            continue
        figures |= {
            "full_refresh_10000_s": row["full_refresh_s"],
            "full_refresh_10000_cpu_s": row["full_refresh_cpu_s"],
            "facts_10000": row["facts"],
            "peak_tree_10000_gib": row["peak_tree_rss_mib"] / 1024,
            "add_100_10000_s": row["add_100_refresh_s"],
            "add_100_10000_cpu_s": row["add_100_cpu_s"],
            "page_p95_10000_ms": max(
                v for k, v in row.items() if k.startswith("q_") and k.endswith("_p95_ms")
            ),
            "open_warehouse_10000_ms": row["open_warehouse_ms"],
        }
    for name, profile in stages:
        count = profile.pages or profile.documents
        figures |= {
            f"stage_{name}_{_key(stage)}_ms": 1000 * s / count for stage, s in profile.seconds.items()
        }
    return figures


def _key(stage: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", stage).strip("_")


def _cell(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.2f}"


def main() -> None:
    previous = last_measured()
    format_documents = int(os.environ.get("BENCH_FORMAT_DOCUMENTS", "20"))
    print("formats — read + extract, one process")
    print(f"{'format':<8}{'documents':>10}{'s/document':>12}{'facts/document':>16}")
    for file_format, count, seconds, facts in format_seconds_per_document(format_documents):
        print(f"{file_format:<8}{count:>10}{seconds:>12.3f}{facts:>16.1f}")
    print()

    workers = int(os.environ.get("BENCH_WORKERS", "2"))
    stages = stage_profiles(int(os.environ.get("BENCH_STAGE_DOCUMENTS", "300")))
    for name, profile in stages:
        count = profile.pages or profile.documents
        before = {
            stage: previous[f"stage_{name}_{_key(stage)}_ms"]
            for stage in [*STAGES, "other"]
            if f"stage_{name}_{_key(stage)}_ms" in previous
        }
        if before:
            before["total"] = sum(before.values())
        print("\n".join(format_profile(f"stages — {name}", profile, before or None)))
        print(f"(ms per {'page' if profile.pages else 'document'}: {1000 * profile.total / count:.2f})\n")
    pdf = real_pdf_ms_per_page(workers=1)
    pdf_cold = real_pdf_cold_ms_per_page() if pdf is not None else None
    if pdf is None:
        print("real PDFs: bench/pdf_pages.py or ../shared/real/docs missing, not measured\n")

    sizes = [int(s) for s in os.environ.get("BENCH_DOCUMENTS", "1000,10000").split(",") if s]
    if os.environ.get("BENCH_LARGE") == "1":
        sizes.append(100_000)
    query_runs = int(os.environ.get("BENCH_QUERY_RUNS", "20"))
    rows = [bench(n, workers, query_runs) for n in sizes]
    if rows:
        print_scale(rows, workers)
    figures = bar_figures(rows, pdf, pdf_cold, stages)
    print(f"\nissue #20 — this run beside the figure before it ({SCALING_NOTE.name}, {LAST_MEASURED[3:]})")
    print(f"{'figure':<52}{'now':>12}{'before':>12}{'bar':>14}")
    for key, what, bar in BAR:
        print(f"{what:<52}{_cell(figures.get(key)):>12}{_cell(previous.get(key)):>12}{bar:>14}")
    print("\nfor the table of docs/scaling.md:")
    for key, value in figures.items():
        print(f"| {key} | {_cell(value)} |")


def print_scale(rows: list[dict], workers: int) -> None:
    print(
        f"scale — {workers} workers; peak_rss_mib: the largest single process (ru_maxrss); "
        "peak_tree_rss_mib: the most this process and its children held at once (sampled every 0.1 s)"
    )
    # one line per measure, one column per corpus size: readable however many measures there are
    print(f"{'measure':<26}" + "".join(f"{r['documents']:>14,} docs" for r in rows))
    for measure in rows[0]:
        if measure == "documents":
            continue
        cells = "".join(
            f"{r[measure]:>19.2f}" if isinstance(r[measure], float) else f"{r[measure]:>19,}" for r in rows
        )
        print(f"{measure:<26}{cells}")


if __name__ == "__main__":
    main()
