"""`make bench`: refresh timings on generated corpora, printed as one table.

BENCH_DOCUMENTS (comma-separated sizes, default "100,1000") and BENCH_WORKERS (default 2) change the run.
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
        return {
            "documents": documents, "facts": first.facts, "generate_s": generate_seconds,
            "ingest_s": first.ingest_seconds, "docs_per_s": documents / max(first.ingest_seconds, 1e-9),
            "dbt_build_s": first.build_seconds, "publish_s": first.publish_seconds,
            "rerun_total_s": rerun_seconds, "rerun_new_docs": again.documents_loaded,
            "peak_rss_mib": _peak_rss_mib(),
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_DOCUMENTS", "100,1000").split(",") if s]
    workers = int(os.environ.get("BENCH_WORKERS", "2"))
    rows = [bench(n, workers) for n in sizes]
    columns = list(rows[0])
    print(" | ".join(f"{c:>14}" for c in columns))
    for row in rows:
        print(" | ".join(f"{row[c]:>14.2f}" if isinstance(row[c], float) else f"{row[c]:>14}" for c in columns))


if __name__ == "__main__":
    main()
