"""Ingest workers (ingest/bounded.py) do not outlive the refresh that started them, even when it is killed."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended, whoever reaps it


def test_a_worker_dies_with_its_killed_parent(tmp_path: Path) -> None:
    pid_file = tmp_path / "worker.pid"
    script = f"""
import os, time
from ingest.bounded import run_bounded

def slow(job):
    with open({str(pid_file)!r}, "w") as out:
        out.write(str(os.getpid()))
    time.sleep(120)
    return job

list(run_bounded(slow, [1], lambda job, reason: None, workers=1))
"""
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while not (pid_file.exists() and pid_file.read_text()):
            assert time.monotonic() < deadline, "the worker never started"
            assert parent.poll() is None, "the parent ended before its worker started"
            time.sleep(0.05)
        worker = int(pid_file.read_text())
        assert _alive(worker)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(worker), "the worker outlived its SIGKILLed parent"


def test_default_workers_follow_the_cpus_and_the_memory_at_each_workers_bound(monkeypatch) -> None:
    from ingest import bounded
    from ingest.bounded import Limits, default_workers

    gib = 1024**3
    limits = Limits(memory_bytes=gib + gib // 2)

    def machine(cpus: int, memory: int) -> int:
        monkeypatch.setattr(bounded.os, "sched_getaffinity", lambda _pid: set(range(cpus)), raising=False)
        pages = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": memory // 4096}
        monkeypatch.setattr(bounded.os, "sysconf", pages.__getitem__)
        return default_workers(limits)

    assert machine(2, 23 * gib) == 2  # this machine: the CPUs decide
    assert machine(16, 64 * gib) == 16
    assert machine(8, 8 * gib) == 2  # 8 GiB hold two workers at 1.5 GiB in their half
    assert machine(8, 2 * gib) == 1  # never none
    assert machine(1, 64 * gib) == 1
