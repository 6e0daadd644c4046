"""Ingest milliseconds per page for a folder of PDFs: what `jixiao refresh` spends before its dbt build (read,
extract, archive, write the raw layer), over the PDFs' pages.

Only the folder's `.pdf` files are copied into a fresh inbox and data directory, so other files beside them
(PDF-extracted text twins) are not charged to the PDFs. Run `python -m bench.pdf_pages ../shared/real/docs`.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from ingest.refresh import refresh_lock, run_ingest
from ingest.settings import resolve


def count_pages(pdfs: list[Path]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for path in pdfs:
        document = pdfium.PdfDocument(path)
        try:
            pages += len(document)
        finally:
            document.close()
    return pages


def pdf_ms_per_page(pdf_dir: Path, workers: int = 1) -> tuple[float, int]:
    """(ingest milliseconds per page, pages) for the PDFs of `pdf_dir`, ingested as `jixiao refresh` ingests
    them (worker processes, archive, raw Parquet); a PDF quarantined instead of loaded is an error."""
    pdfs = sorted(p for p in Path(pdf_dir).iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    if not pdfs:
        raise ValueError(f"no PDF in {pdf_dir}")
    pages = count_pages(pdfs)
    root = Path(tempfile.mkdtemp(prefix="jixiao_bench_pdf_"))
    try:
        inbox = root / "inbox"
        inbox.mkdir()
        for path in pdfs:
            shutil.copyfile(path, inbox / path.name)
        settings = resolve(root / "data")
        with refresh_lock(settings):
            start = time.perf_counter()
            summary, _, _ = run_ingest(settings, inbox, workers=workers)
            seconds = time.perf_counter() - start
        if summary.quarantined:
            raise RuntimeError(f"PDFs quarantined instead of loaded: {summary.quarantined}")
        return seconds * 1000 / pages, pages
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    folder = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/real/docs"
    )
    ms, pages = pdf_ms_per_page(folder)
    print(f"PDF ingest: {ms:.1f} ms/page over {pages} pages ({folder})")


if __name__ == "__main__":
    main()
