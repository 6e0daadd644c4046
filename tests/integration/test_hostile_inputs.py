"""Hostile files cannot stop a refresh (issue 13): each case is generated here (never shipped), put in a
folder beside one good report, and `jixiao refresh` must succeed with its reading done within a minute and
the whole process tree under 2 GB, the good report loaded and the hostile entry quarantined with its reason
(or loaded as partial once bounded). The bounds themselves (time, memory, a crashing reader) are tested on
the worker pool directly, the readers' own limits on each hostile file in process."""

from __future__ import annotations

import faulthandler
import hashlib
import json
import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from ingest.bounded import Limits, run_bounded
from ingest.extraction.document import ReadError
from ingest.extraction.readers import read_document
from ingest.refresh import refresh_lock, run_ingest
from ingest.settings import resolve
from tests import hostile_files as hostile
from tests.conftest import REPO

CLI = [sys.executable, "-m", "ingest.cli"]
SECONDS = 60
TREE_BYTES = 2 * 1024**3


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> list[Path]:
    """Two generated reports (both load as `ok`): the good one, and one for cases that need a valid report."""
    from ingest.samples.generator import write_corpus

    return write_corpus(tmp_path_factory.mktemp("reports"), documents=2, years=1, seed=13)


def _tree_bytes(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(entry.parent.name)] = int(entry.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total


def _refresh_measured(inbox: Path, data_dir: Path) -> tuple[int, str, float, int]:
    """Run `jixiao refresh`; (exit code, output, seconds, peak resident bytes of its process tree)."""
    log = data_dir.with_name(data_dir.name + ".log")
    with open(log, "w") as output:
        started = time.monotonic()
        process = subprocess.Popen(
            [*CLI, "refresh", "--input", str(inbox), "--data-dir", str(data_dir)],
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_bytes(process.pid))
            if time.monotonic() - started > 5 * SECONDS:  # far past any bar: stop it rather than hang
                os.killpg(process.pid, 9)
                process.wait()
                break
            time.sleep(0.05)
        seconds = time.monotonic() - started
    return process.returncode, log.read_text(errors="replace"), seconds, peak


def _write(name: str, make: Callable[[], bytes]) -> Callable[[Path, list[Path]], list[str]]:
    def case(inbox: Path, _reports: list[Path]) -> list[str]:
        (inbox / name).write_bytes(make())
        return [name]

    return case


def _oversized(inbox: Path, _reports: list[Path]) -> list[str]:
    heads = {
        "big.pdf": b"%PDF-1.4\n",
        "big.docx": b"PK\x03\x04",
        "big.xlsx": b"PK\x03\x04",
        "big.html": b"<html>",
    }
    for name, head in heads.items():
        hostile.oversized(inbox / name, head)
    return list(heads)


def _special_files(inbox: Path, _reports: list[Path]) -> list[str]:
    os.mkfifo(inbox / "pipe.txt")  # opening it for reading would block for ever
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(inbox / "socket.txt"))
    listener.close()
    names = ["pipe.txt", "socket.txt"]
    try:
        os.mknod(inbox / "device.txt", stat.S_IFCHR | 0o644, os.makedev(1, 5))  # /dev/zero: endless
        names.append("device.txt")
    except (PermissionError, OSError):
        pass  # no CAP_MKNOD here: pipes and sockets still cover special files
    return names


def _symlinks(inbox: Path, reports: list[Path]) -> list[str]:
    (inbox / "outside.txt").symlink_to(reports[1])  # a report outside the folder: never read, never archived
    (inbox / "broken.txt").symlink_to(inbox / "missing.txt")
    return ["outside.txt", "broken.txt"]


def _unreadable(inbox: Path, reports: list[Path]) -> list[str]:
    target = inbox / "locked.txt"
    target.write_bytes(reports[1].read_bytes())
    target.chmod(0)  # root reads it anyway: then it loads (test_unreadable_file_... covers root)
    return ["locked.txt"]


def _directory_named_like_a_file(inbox: Path, _reports: list[Path]) -> list[str]:
    (inbox / "folder.docx").mkdir()
    return []


# case → (how to make it, what its quarantine reason says; None: quarantined for any reason or loaded partial)
CASES: dict[str, tuple[Callable[[Path, list[Path]], list[str]], str | None]] = {
    "html_colspan_10e12": (_write("colspan.html", hostile.html_colspan_loop), None),
    "html_spans_100000": (_write("spans.html", hostile.html_spans), "网页表格"),
    "xlsx_far_cell": (_write("far.xlsx", hostile.xlsx_far_cell), None),
    "xlsx_whole_sheet_merge": (_write("merge.xlsx", hostile.xlsx_whole_sheet_merge), None),
    "xlsx_far_cell_and_merge": (
        _write("farmerge.xlsx", hostile.xlsx_far_cell_and_whole_sheet_merge),
        "合并单元格",
    ),
    "docx_zip_bomb": (_write("bomb.docx", hostile.docx_zip_bomb), "压缩炸弹"),
    "pdf_flate_bomb": (_write("bomb.pdf", hostile.pdf_flate_bomb), "压缩炸弹"),
    "oversized_every_format": (_oversized, "过大"),
    "fifo_socket_device": (_special_files, "不是普通文件"),
    "symlinks_out_and_broken": (_symlinks, "符号链接"),
    "unreadable": (_unreadable, "无法读取"),
    "directory_named_like_a_file": (_directory_named_like_a_file, None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_cannot_stop_the_refresh(tmp_path: Path, reports: list[Path], case: str):
    make, reason_says = CASES[case]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = inbox / reports[0].name
    good.write_bytes(reports[0].read_bytes())
    hostile_names = make(inbox, reports)

    code, output, seconds, peak = _refresh_measured(inbox, tmp_path / "data")
    assert code == 0, output
    # the minute bounds the reading, which the hostile file can stretch; the dbt build after it takes what
    # the machine gives it (about 20 s idle, over a minute on a shared, loaded one) whatever the files were
    [log] = (tmp_path / "data" / "logs").glob("refresh_*.json")
    ingest_seconds = json.loads(log.read_text(encoding="utf-8"))["ingest_seconds"]
    assert ingest_seconds < SECONDS, (
        f"reading took {ingest_seconds:.0f} s (refresh {seconds:.0f} s)\n{output}"
    )
    assert peak < TREE_BYTES, f"process tree peaked at {peak / 2**30:.2f} GB"
    print(f"{case}: refresh {seconds:.1f} s, reading {ingest_seconds:.1f} s, tree peak {peak / 2**20:.0f} MB")

    con = duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True)
    documents = dict(con.execute("select source_file, status from marts.dim_document").fetchall())
    quarantine = dict(con.execute("select source_file, reason from marts.quarantine").fetchall())
    con.close()
    assert documents.get(good.name) == "ok", (documents, quarantine)
    for name in hostile_names:
        if name in quarantine:
            assert quarantine[name].strip()
            assert reason_says is None or reason_says in quarantine[name], quarantine[name]
        elif case == "unreadable" and os.geteuid() == 0:
            assert documents.get(name) == "ok"  # root may read a mode-000 file: it is an ordinary report
        else:
            assert reason_says is None and documents.get(name) == "partial", (name, documents, quarantine)
    if case == "symlinks_out_and_broken":  # the report outside was neither loaded nor archived
        archived = [json.loads(m.read_text()) for m in (tmp_path / "data" / "archive").glob("*/*.json")]
        assert [entry["source_file"] for names in archived for entry in names] == [good.name]


@pytest.mark.parametrize(
    ("name", "make", "reason_says"),
    [
        ("colspan.html", hostile.html_colspan_loop, None),
        ("spans.html", hostile.html_spans, "网页表格"),
        ("far.xlsx", hostile.xlsx_far_cell, None),
        ("merge.xlsx", hostile.xlsx_whole_sheet_merge, None),
        ("farmerge.xlsx", hostile.xlsx_far_cell_and_whole_sheet_merge, "合并单元格"),
        ("bomb.docx", hostile.docx_zip_bomb, "压缩炸弹"),
        ("bomb.pdf", hostile.pdf_flate_bomb, "压缩炸弹"),
    ],
)
def test_each_reader_bounds_its_hostile_file_itself(tmp_path: Path, name: str, make, reason_says: str | None):
    """The readers refuse (or clamp) before any worker bound is needed: in seconds, in this process."""
    path = tmp_path / name
    path.write_bytes(make())
    started = time.monotonic()
    try:
        document = read_document(path)
    except ReadError as exc:
        assert reason_says is not None and reason_says in str(exc), str(exc)
    else:
        assert reason_says is None, f"{name} was read: {document.lines[:5]}"
        assert len(document.lines) < 100  # a clamped span or range: the few cells there are
    assert time.monotonic() - started < 10


def test_a_report_whose_name_is_not_utf8_loads_under_a_readable_name(tmp_path: Path, reports: list[Path]):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / reports[0].name).write_bytes(reports[0].read_bytes())
    with open(os.path.join(os.fsencode(inbox), b"report\xff\xfe.txt"), "wb") as handle:
        handle.write(reports[1].read_bytes())

    code, output, seconds, _ = _refresh_measured(inbox, tmp_path / "data")
    assert code == 0, output
    con = duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True)
    documents = dict(con.execute("select source_file, status from marts.dim_document").fetchall())
    con.close()
    # the bytes that are not UTF-8 are kept as escapes: readable, and the name can be told from any other
    assert documents == {reports[0].name: "ok", "report\\xff\\xfe.txt": "ok"}
    # the archive keeps the same name, so a rebuild from the archive alone names it the same way
    manifests = [json.loads(m.read_text()) for m in (tmp_path / "data" / "archive").glob("*/*.json")]
    assert "report\\xff\\xfe.txt" in {entry["source_file"] for names in manifests for entry in names}


def test_an_unreadable_file_is_quarantined_and_the_batch_goes_on(
    tmp_path: Path, reports: list[Path], monkeypatch
):
    """Root reads a mode-000 file, so unreadability is simulated where files are opened; files that turn into a
    folder or disappear between the listing and the reading are quarantined the same way."""
    import ingest.refresh

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / reports[0].name).write_bytes(reports[0].read_bytes())
    for name in ("locked.txt", "now_a_folder.txt", "deleted.txt"):
        (inbox / name).write_bytes(reports[1].read_bytes())
    real_open, real_survey = os.open, ingest.refresh.survey

    def refusing_open(path, flags, *args, **kwargs):
        if Path(os.fsdecode(path)).name == "locked.txt":
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    def survey_then_change(folder: Path):
        listed = real_survey(folder)
        (inbox / "now_a_folder.txt").unlink()
        (inbox / "now_a_folder.txt").mkdir()
        (inbox / "deleted.txt").unlink()
        return listed

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.setattr(ingest.refresh, "survey", survey_then_change)
    summary, seen, _ = run_ingest(resolve(tmp_path / "data"), inbox, workers=2)
    assert seen == 4 and summary.documents == 1
    assert sorted(summary.quarantined) == [
        ("deleted.txt", "无法读取：文件已不存在（刷新过程中被删除或改名）"),
        ("locked.txt", "无法读取：没有读取权限"),
        ("now_a_folder.txt", "不是普通文件（文件夹），不读取"),
    ]


def test_a_file_replaced_while_it_is_read_is_archived_as_it_was_read(
    tmp_path: Path, reports: list[Path], monkeypatch
):
    """Hash, parse and archive use the bytes read once: a copy made later would be the new content."""
    import ingest.pipeline

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    report = inbox / "report.txt"
    first, second = reports[0].read_bytes(), reports[1].read_bytes()
    report.write_bytes(first)
    real_read = ingest.pipeline.read_bounded

    def read_then_replace(path: Path, *args) -> bytes:
        data = real_read(path, *args)
        path.write_bytes(second)  # replaced by another report right after the worker read it
        return data

    monkeypatch.setattr(ingest.pipeline, "read_bounded", read_then_replace)
    settings = resolve(tmp_path / "data")
    summary, _, _ = run_ingest(settings, inbox, workers=1)
    assert summary.documents == 1 and report.read_bytes() == second
    [row] = [
        r
        for part in (settings.raw_dir / "documents").rglob("*.parquet")
        for r in pq.read_table(part).to_pylist()
    ]
    assert row["file_sha256"] == hashlib.sha256(first).hexdigest()
    [copy] = [p for p in settings.archive_dir.glob("*/*") if p.suffix == ".txt"]
    assert copy.read_bytes() == first and copy.stem == row["file_sha256"]


def _misbehaving_job(job: int) -> int:
    """Job 3 never ends, job 5 grows past any bound, job 7 crashes; the others return job × 10."""
    if job == 3:
        time.sleep(3600)
    if job == 5:
        blocks = []
        for _ in range(64):  # up to 4 GB, each block written (resident), a little at a time
            blocks.append(b"x" * (64 * 1024 * 1024))
            time.sleep(0.02)
        return len(blocks)
    if job == 7:
        faulthandler.disable()  # pytest's handler would print the crash; the crash itself is the test
        os.abort()
    return job * 10


def test_the_pool_stops_a_job_past_its_bounds_and_the_others_go_on():
    started = time.monotonic()
    results = list(
        run_bounded(
            _misbehaving_job,
            list(range(12)),
            lambda job, reason: (job, reason),
            workers=2,
            limits=Limits(seconds=2, memory_bytes=300 * 1024 * 1024),
        )
    )
    assert time.monotonic() - started < 30
    failures = {r[0]: r[1] for r in results if isinstance(r, tuple)}
    assert set(failures) == {3, 5, 7}
    assert "超时" in failures[3] and "内存上限" in failures[5] and "异常退出" in failures[7]
    # results in job order; every other job done once, by a worker that replaced a killed one if need be
    assert [r for r in results if not isinstance(r, tuple)] == [
        j * 10 for j in range(12) if j not in (3, 5, 7)
    ]


@pytest.mark.parametrize("command", [["build"], ["ingest", "--input", "."]])
def test_build_and_ingest_refuse_while_a_refresh_holds_the_lock(tmp_path: Path, command):
    settings = resolve(tmp_path / "data")
    with refresh_lock(settings):
        result = subprocess.run(
            [*CLI, *command, "--data-dir", str(settings.data_dir)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 3, result.stdout + result.stderr
    assert "另一个刷新正在进行" in result.stderr
