"""`make bench`: what a format costs per document, and what a province-sized corpus costs to refresh and query.

Two tables are printed:
- formats: seconds per document to read and extract each format (sample reports rendered as .docx, .xlsx,
  .pdf and .html, plus the seed reports when ../shared/seeds is beside the repository), one process;
- scale: for each corpus size, the first (full) refresh split into ingest / dbt build / publish, peak memory
  (the largest process, and the whole process tree sampled during the full refresh),
  an unchanged re-run, a refresh after adding 100 documents, and the p50/p95 of each dashboard page's main
  query (its slowest query, over repeated uncached renders).

BENCH_DOCUMENTS (comma-separated sizes, default "1000,10000"; BENCH_LARGE=1 adds 100000), BENCH_WORKERS
(default 2), BENCH_QUERY_RUNS (default 20) and BENCH_FORMAT_DOCUMENTS (default 20) change the run.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from dashboards.pages import PAGE_NAMES
from ingest.extraction.extract import extract_document
from ingest.extraction.readers import read_document
from ingest.refresh import refresh
from ingest.samples.generator import write_corpus
from ingest.samples.render import RENDERERS
from ingest.settings import resolve

PAGES = PAGE_NAMES
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _peak_rss_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


class TreeMemorySampler:
    """The highest sum of resident memory over this process and all its descendants (worker pool, dbt),
    sampled every `interval` seconds from /proc: what the machine must hold at once, not one process's share."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
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
        tree, frontier = {os.getpid()}, [os.getpid()]
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


def page_query_seconds(db_path: Path, runs: int) -> dict[str, list[float]]:
    """Each page rendered `runs` times with the cache cleared: the seconds of its slowest query, per run."""
    import streamlit as st
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    from dashboards import data

    logger.set_log_level("error")  # clearing the cache outside a server warns on every run

    os.environ["JIXIAO_DB"] = str(db_path)
    pages = Path(__file__).resolve().parents[1] / "dashboards" / "app_pages"
    timings: dict[str, list[float]] = {}
    for page in PAGES:
        timings[page] = []
        for _ in range(runs):
            st.cache_data.clear()
            data.query_timings = []
            at = AppTest.from_file(str(pages / f"{page}.py"), default_timeout=120).run()
            if at.exception:
                raise RuntimeError(f"page {page} failed: {at.exception}")
            timings[page].append(max((seconds for _, seconds in data.query_timings), default=0.0))
    data.query_timings = None
    return timings


def bench(documents: int, workers: int, query_runs: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"jixiao_bench_{documents}_"))
    try:
        corpus = root / "corpus"
        t0 = time.perf_counter()
        write_corpus(
            corpus / "base", documents=documents, years=10 if documents >= 10_000 else 3, seed=documents
        )
        generate_seconds = time.perf_counter() - t0
        settings = resolve(root / "data")
        t1 = time.perf_counter()
        with TreeMemorySampler() as tree_memory:
            first = refresh(settings, corpus, workers=workers)
        full_seconds = time.perf_counter() - t1
        peak = _peak_rss_mib()
        t2 = time.perf_counter()
        again = refresh(settings, corpus, workers=workers)
        rerun_seconds = time.perf_counter() - t2
        write_corpus(corpus / "added", documents=100, years=1, seed=documents + 1, first_year=2031)
        t3 = time.perf_counter()
        added = refresh(settings, corpus, workers=workers)
        added_seconds = time.perf_counter() - t3
        queries = page_query_seconds(settings.db_path, query_runs)
        return {
            "documents": documents,
            "facts": first.facts,
            "generate_s": generate_seconds,
            "full_refresh_s": full_seconds,
            "ingest_s": first.ingest_seconds,
            "docs_per_s": documents / max(first.ingest_seconds, 1e-9),
            "dbt_build_s": first.build_seconds,
            "publish_s": first.publish_seconds,
            "peak_rss_mib": peak,
            "peak_tree_rss_mib": tree_memory.peak_bytes / 2**20,
            "rerun_total_s": rerun_seconds,
            "rerun_new_docs": again.documents_loaded,
            "add_100_refresh_s": added_seconds,
            "add_100_dbt_s": added.build_seconds,
            "add_100_new_docs": added.documents_loaded,
            **{f"q_{page}_p50_ms": 1000 * statistics.median(values) for page, values in queries.items()},
            **{f"q_{page}_p95_ms": 1000 * _percentile(values, 0.95) for page, values in queries.items()},
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    format_documents = int(os.environ.get("BENCH_FORMAT_DOCUMENTS", "20"))
    print("formats — read + extract, one process")
    print(f"{'format':<8}{'documents':>10}{'s/document':>12}{'facts/document':>16}")
    for file_format, count, seconds, facts in format_seconds_per_document(format_documents):
        print(f"{file_format:<8}{count:>10}{seconds:>12.3f}{facts:>16.1f}")
    print()

    sizes = [int(s) for s in os.environ.get("BENCH_DOCUMENTS", "1000,10000").split(",") if s]
    if os.environ.get("BENCH_LARGE") == "1":
        sizes.append(100_000)
    workers = int(os.environ.get("BENCH_WORKERS", "2"))
    query_runs = int(os.environ.get("BENCH_QUERY_RUNS", "20"))
    rows = [bench(n, workers, query_runs) for n in sizes]
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
