"""`make bench`: refresh timings on generated corpora, printed as one table.

BENCH_DOCUMENTS (comma-separated sizes, default "30,1000,10000"; BENCH_LARGE=1 adds 100000) and
BENCH_WORKERS (default 2) change the run.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from ingest.refresh import refresh
from ingest.sample import write_corpus
from ingest.settings import resolve


def _peak_rss_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


PAGES = ["overview", "budget", "three_public", "fund_flows", "coverage", "scores", "quality", "document", "sql"]


def page_render_seconds(db_path: Path, repeats: int = 3) -> dict[str, float]:
    """Median AppTest render time of each dashboard page against a warehouse (cache cleared per run)."""
    import statistics

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["JIXIAO_DB"] = str(db_path)
    pages = Path(__file__).resolve().parents[1] / "dashboards" / "app_pages"
    timings = {}
    for page in PAGES:
        runs = []
        for _ in range(repeats):
            st.cache_data.clear()
            start = time.perf_counter()
            at = AppTest.from_file(str(pages / f"{page}.py"), default_timeout=120).run()
            runs.append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"page {page} failed: {at.exception}")
        timings[page] = statistics.median(runs)
    return timings


def bench(documents: int, workers: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"jixiao_bench_{documents}_"))
    try:
        corpus = root / "corpus"
        t0 = time.perf_counter()
        write_corpus(corpus, documents=documents, years=3, seed=documents)
        generate_seconds = time.perf_counter() - t0
        settings = resolve(root / "data")
        first = refresh(settings, corpus, workers=workers)
        t1 = time.perf_counter()
        again = refresh(settings, corpus, workers=workers)
        rerun_seconds = time.perf_counter() - t1
        pages = page_render_seconds(settings.db_path)
        return {
            "documents": documents, "facts": first.facts, "generate_s": generate_seconds,
            "ingest_s": first.ingest_seconds, "docs_per_s": documents / max(first.ingest_seconds, 1e-9),
            "dbt_build_s": first.build_seconds, "publish_s": first.publish_seconds,
            "rerun_total_s": rerun_seconds, "rerun_new_docs": again.documents_loaded,
            "peak_rss_mib": _peak_rss_mib(),
            **{f"page_{name}_s": seconds for name, seconds in pages.items()},
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_DOCUMENTS", "30,1000,10000").split(",") if s]
    if os.environ.get("BENCH_LARGE") == "1":
        sizes.append(100_000)
    workers = int(os.environ.get("BENCH_WORKERS", "2"))
    rows = [bench(n, workers) for n in sizes]
    # one line per measure, one column per corpus size: readable however many measures there are
    print(f"{'measure':<24}" + "".join(f"{r['documents']:>14,} docs" for r in rows))
    for measure in rows[0]:
        if measure == "documents":
            continue
        cells = "".join(f"{r[measure]:>19.2f}" if isinstance(r[measure], float) else f"{r[measure]:>19,}" for r in rows)
        print(f"{measure:<24}{cells}")


if __name__ == "__main__":
    main()
