"""Refresh as a product feature: bad input quarantined, rebuild from the archive, kill -9 at any point,
readers undisturbed while refreshes run."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from tests.conftest import REPO, refresh

CLI = [sys.executable, "-m", "ingest.cli"]


def _marts_snapshot(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
            ).fetchall()
        ]
        return {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def _figures(db: Path) -> set[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return set(
            con.execute("""select d.source_file, b.scope, b.project_name, b.line_item, b.executed_yuan
                                  from marts.fct_budget_execution b join marts.dim_document d using (document_id)
                                  """).fetchall()
        )
    finally:
        con.close()


def test_bad_input_corpus(tmp_path, sample_corpus):
    corpus, _ = sample_corpus
    reports = sorted(corpus.glob("*.txt"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    text = reports[0].read_text(encoding="utf-8")
    good = {
        "plain.txt": reports[1].read_bytes(),
        "gbk.txt": reports[2].read_text(encoding="utf-8").encode("gbk"),
        "utf16.txt": reports[3].read_text(encoding="utf-8").encode("utf-16"),
        "bom.txt": b"\xef\xbb\xbf" + reports[4].read_bytes(),
        "twin_a.txt": reports[5].read_bytes(),
    }
    encoded = text.encode("utf-8")
    cut = len(encoded) // 2
    while (encoded[cut] & 0xC0) != 0x80:  # cut inside a multi-byte character, as a broken copy does
        cut += 1
    bad = {
        "zero_bytes.txt": b"",
        "empty.txt": "\n　\n".encode(),
        "random.bin": os.urandom(4096),
        "photo.txt": b"\x89PNG\r\n\x1a\n" + os.urandom(512),
        "truncated.txt": encoded[:cut],
        "notes.txt": "会议通知：请各股室负责人周五下午参加例会。\n".encode(),
        "huge.txt": b"x" * (50 * 1024 * 1024),
        "twin_b.txt": reports[5].read_bytes(),
    }
    for name, data in {**good, **bad}.items():
        (inbox / name).write_bytes(data)
    result = refresh(inbox, tmp_path / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    con = duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True)
    loaded = {r[0] for r in con.execute("select source_file from marts.dim_document").fetchall()}
    reasons = dict(con.execute("select source_file, reason from marts.quarantine").fetchall())
    assert loaded == set(good)
    assert set(reasons) == set(bad)
    assert all(reasons.values())
    assert (
        "截断" in reasons["truncated.txt"]
        and "过大" in reasons["huge.txt"]
        and "重复" in reasons["twin_b.txt"]
    )
    # the decoded GBK / UTF-16 / BOM copies hold the same figures as their UTF-8 originals would
    units = dict(
        con.execute("""select d.source_file, u.unit_name from marts.dim_document d
                                join marts.dim_unit u using (unit_id)""").fetchall()
    )
    assert units["gbk.txt"] in reports[2].read_text(encoding="utf-8")
    assert units["utf16.txt"] in reports[3].read_text(encoding="utf-8")
    for name, reason in reasons.items():
        assert name in result.stderr or name in result.stdout, f"{name} was not reported: {reason}"


def test_rebuild_from_the_archive_alone(tmp_path, sample_corpus):
    corpus, _ = sample_corpus
    data = tmp_path / "data"
    assert refresh(corpus, data).returncode == 0
    before = _figures(data / "warehouse.duckdb")
    import shutil

    shutil.rmtree(data / "raw")
    rebuilt = subprocess.run(
        [*CLI, "rebuild", "--data-dir", str(data)], capture_output=True, text=True, cwd=REPO
    )
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert _figures(data / "warehouse.duckdb") == before


def test_a_renamed_file_keeps_its_figures_under_the_new_name(tmp_path, sample_corpus):
    corpus, _ = sample_corpus
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    original = sorted(corpus.glob("*.txt"))[6]
    (inbox / "old_name.txt").write_bytes(original.read_bytes())
    data = tmp_path / "data"
    assert refresh(inbox, data).returncode == 0
    (inbox / "old_name.txt").rename(inbox / "new_name.txt")
    assert refresh(inbox, data).returncode == 0
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    assert con.execute("select source_file, status from marts.dim_document").fetchall() == [
        ("new_name.txt", "ok")
    ]
    assert con.execute("select count(*) from marts.quarantine").fetchone()[0] == 0


def test_rerunning_an_unchanged_folder_changes_nothing(tmp_path, sample_corpus):
    corpus, _ = sample_corpus
    data = tmp_path / "data"
    assert refresh(corpus, data).returncode == 0
    raw_files = sorted(p.name for p in (data / "raw").rglob("*.parquet"))
    published = (data / "warehouse.duckdb").stat().st_mtime_ns
    again = refresh(corpus, data)
    assert again.returncode == 0
    assert "入库 0 个文档" in again.stdout
    assert sorted(p.name for p in (data / "raw").rglob("*.parquet")) == raw_files
    assert (data / "warehouse.duckdb").stat().st_mtime_ns == published


def test_kill_9_at_twenty_points_leaves_a_good_warehouse(tmp_path, sample_corpus):
    """SIGKILL a refresh at 20 moments spread over ingest, dbt and publish: the published warehouse stays
    readable with either the old or the new contents, and the next refresh completes."""
    corpus, _ = sample_corpus
    reports = sorted(corpus.glob("*.txt"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = tmp_path / "data"
    for path in reports[:5]:
        (inbox / path.name).write_bytes(path.read_bytes())
    assert refresh(inbox, data).returncode == 0
    db = data / "warehouse.duckdb"
    timings = _time_phases(tmp_path, reports)
    total = timings["total"]
    # from the first file read to past the publish: the last rounds may finish and publish before the kill
    delays = [total * (0.03 + 1.3 * i / 19) for i in range(20)]
    published_documents = _marts_snapshot(db)["dim_document"]
    added = 5
    outcomes = []
    tested: set[str] = set()  # published files (by content) whose dbt tests passed here
    for round_number, delay in enumerate(delays):
        # each round brings one new report, so "old" and "new" contents differ
        (inbox / reports[added].name).write_bytes(reports[added].read_bytes())
        added += 1
        process = subprocess.Popen(
            [*CLI, "refresh", "--input", str(inbox), "--data-dir", str(data)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        documents = _marts_snapshot(db)["dim_document"]  # opens and reads every mart
        # old contents, or the new ones (every report in the inbox) when the kill came after the publish
        assert documents in (published_documents, added), (round_number, delay, documents)
        outcomes.append("new" if documents != published_documents else "old")
        published_documents = documents
        digest = hashlib.sha256(db.read_bytes()).hexdigest()
        if digest not in tested:  # a byte-identical file already passed; any other one is tested now
            _dbt_test_copy(db, data, tmp_path / f"check{round_number}")
            tested.add(digest)
    finished = refresh(inbox, data)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert _marts_snapshot(db)["dim_document"] == added
    _dbt_test_copy(db, data, tmp_path / "final")
    print("kill outcomes:", outcomes)
    assert "old" in outcomes


def _dbt_test_copy(db: Path, data: Path, work: Path) -> None:
    """`dbt test` on a copy of the published warehouse (the served file itself stays read-only)."""
    import shutil

    work.mkdir()
    copy = work / "warehouse.duckdb"
    shutil.copyfile(db, copy)
    env = {**os.environ, "JIXIAO_BUILD_DB": str(copy), "JIXIAO_RAW_DIR": str(data / "raw")}
    tested = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "test",
            "--project-dir",
            "dbt_project",
            "--profiles-dir",
            "dbt_project",
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert tested.returncode == 0, tested.stdout[-3000:]


def _time_phases(tmp_path: Path, reports: list[Path]) -> dict[str, float]:
    inbox = tmp_path / "timing_inbox"
    inbox.mkdir()
    for path in reports[:6]:
        (inbox / path.name).write_bytes(path.read_bytes())
    start = time.perf_counter()
    assert refresh(inbox, tmp_path / "timing_data").returncode == 0
    return {"total": time.perf_counter() - start}


def test_readers_see_no_error_while_refreshes_run(tmp_path, sample_corpus):
    corpus, _ = sample_corpus
    reports = sorted(corpus.glob("*.txt"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = tmp_path / "data"
    for path in reports[:3]:
        (inbox / path.name).write_bytes(path.read_bytes())
    assert refresh(inbox, data).returncode == 0
    db = data / "warehouse.duckdb"
    reader_script = tmp_path / "reader.py"
    reader_script.write_text(
        "import sys, time, duckdb\n"
        "db, stop = sys.argv[1], sys.argv[2]\n"
        "import os\n"
        "errors = queries = 0\n"
        "while not os.path.exists(stop):\n"
        "    try:\n"
        "        con = duckdb.connect(db, read_only=True)\n"
        "        con.execute('select count(*) from marts.fct_budget_execution b join marts.dim_document d "
        "using (document_id)').fetchone()\n"
        "        con.close()\n"
        "        queries += 1\n"
        "    except Exception as exc:\n"
        "        errors += 1\n"
        "        print(repr(exc), file=sys.stderr)\n"
        "    time.sleep(0.1)\n"
        "print(queries, errors)\n",
        encoding="utf-8",
    )
    stop = tmp_path / "stop"
    readers = [
        subprocess.Popen(
            [sys.executable, str(reader_script), str(db), str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    for path in reports[3:8]:
        (inbox / path.name).write_bytes(path.read_bytes())
        assert refresh(inbox, data).returncode == 0
    stop.write_text("stop")
    totals = [tuple(map(int, r.communicate(timeout=60)[0].split())) for r in readers]
    assert all(queries > 0 for queries, _ in totals)
    assert sum(errors for _, errors in totals) == 0, [r for r in totals]
