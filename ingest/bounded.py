"""Run a function over jobs in worker processes, each job bounded in wall-clock time and in memory.

A file can make a reader loop for ever or ask for gigabytes. Each job runs in a worker process; a watchdog
thread of the parent kills a worker whose current job passes its time or whose resident memory passes its
bound, that job fails with the reason and the worker is replaced; the jobs it held but had not started are
run again by the others. Results come back in job order, so what follows (duplicates: the first file wins)
does not depend on timing.

Memory is bounded by resident memory, polled: libraries reserve address space they never touch (the
gazetteer's allocator reserves 1 GB on first use), so an address-space or data-segment limit at the bound would
refuse ordinary work. A data-segment limit well above the bound (MEMORY_HEADROOM) stays in place as a
backstop for growth faster than the polling."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Generic, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")

POLL_SECONDS = 0.05
IN_FLIGHT = 2  # jobs sent to a worker at once: it starts the next while the parent takes the last result
AHEAD = 256  # jobs run ahead of the first unfinished one (results held back to keep job order)
MEMORY_HEADROOM = 1024 * 1024 * 1024
_OUT_OF_MEMORY_EXIT = 86  # a worker that caught MemoryError exits with this code after reporting it

TIMEOUT_ENV = "JIXIAO_READ_TIMEOUT"  # seconds per file
MEMORY_ENV = "JIXIAO_READ_MEMORY_MB"  # resident memory per worker, MB


@dataclass(frozen=True)
class Limits:
    seconds: float = 60.0
    memory_bytes: int = 1536 * 1024 * 1024

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, or JIXIAO_READ_TIMEOUT (seconds) / JIXIAO_READ_MEMORY_MB when set."""
        default = cls()
        seconds = os.environ.get(TIMEOUT_ENV)
        memory = os.environ.get(MEMORY_ENV)
        return cls(
            seconds=float(seconds) if seconds else default.seconds,
            memory_bytes=int(float(memory) * 1024 * 1024) if memory else default.memory_bytes,
        )

    def timeout_reason(self) -> str:
        return f"读取超时：超过 {self.seconds:g} 秒仍未读完，已终止读取"

    def memory_reason(self) -> str:
        return f"超出内存上限：读取时占用超过 {self.memory_bytes // 1024 // 1024} MB 内存，已终止读取"


def default_workers(limits: Limits | None = None) -> int:
    """The workers a refresh runs when not told: one per CPU this process may use, but no more than half the
    machine's memory holds at each worker's bound (a worker may grow to it before the watchdog stops it)."""
    limits = limits or Limits.from_environment()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not reported: the CPUs decide
        return max(1, cpus)
    return max(1, min(cpus, memory // 2 // limits.memory_bytes))


@dataclass(eq=False)  # a worker is itself: compared by identity
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    tasks: deque[int] = field(default_factory=deque)  # job indexes sent, oldest (the running one) first
    started: float = 0.0  # when the oldest task started (as near as the parent can tell)
    killed: tuple[int, str] | None = None  # (job index, reason) the watchdog killed it for


def run_bounded(
    function: Callable[[Job], Result],
    jobs: Sequence[Job],
    failed: Callable[[Job, str], Result],
    workers: int = 1,
    limits: Limits | None = None,
) -> Iterator[Result]:
    """function(job) for every job, in job order, each run in a worker process within `limits`; a job that
    fails (time, memory, a crash, an exception) gives failed(job, reason) instead."""
    limits = limits or Limits.from_environment()
    if not jobs:
        return
    pool = _Pool(function, limits, max(1, min(workers, len(jobs))))
    try:
        yield from pool.results(jobs, failed)
    finally:
        pool.close()


class _Pool(Generic[Job, Result]):
    def __init__(self, function: Callable[[Job], Result], limits: Limits, size: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        # fork: a worker starts in milliseconds with the parent's modules and lexicons already loaded
        self.context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.function = function
        self.limits = limits
        self.lock = threading.Lock()
        self.workers: list[_Worker] = [self._start() for _ in range(size)]
        self.stopping = threading.Event()
        self.watchdog = threading.Thread(target=self._watch, name="jixiao-watchdog", daemon=True)
        self.watchdog.start()

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(
            target=_worker_main,
            args=(child_end, self.function, self.limits.memory_bytes, os.getpid()),
            daemon=True,
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def results(self, jobs: Sequence[Job], failed: Callable[[Job, str], Result]) -> Iterator[Result]:
        pending: deque[int] = deque(range(len(jobs)))
        done: dict[int, Result] = {}
        next_out = 0
        while next_out < len(jobs):
            self._dispatch(jobs, pending, limit=next_out + AHEAD)
            with self.lock:
                waitables = [w.connection for w in self.workers] + [w.process.sentinel for w in self.workers]
            for ready in wait(waitables, timeout=POLL_SECONDS):
                worker = self._owner(ready)
                if worker is None:
                    continue
                if ready is worker.connection:
                    self._receive(worker, jobs, failed, done)
                elif not worker.process.is_alive():
                    self._bury(worker, jobs, failed, done, pending)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1

    def _dispatch(self, jobs: Sequence[Job], pending: deque[int], limit: int) -> None:
        with self.lock:
            for worker in self.workers:
                while pending and pending[0] < limit and len(worker.tasks) < IN_FLIGHT:
                    index = pending.popleft()
                    if not worker.tasks:
                        worker.started = time.monotonic()
                    worker.tasks.append(index)
                    try:
                        worker.connection.send((index, jobs[index]))
                    except OSError:  # the worker died meanwhile: its sentinel reports it
                        break

    def _owner(self, ready: object) -> _Worker | None:
        with self.lock:
            return next(
                (w for w in self.workers if ready is w.connection or ready == w.process.sentinel), None
            )

    def _receive(self, worker: _Worker, jobs, failed, done) -> bool:
        """Take every result the worker has sent; False when its pipe is closed (it died)."""
        try:
            while worker.connection.poll():
                index, ok, payload = worker.connection.recv()
                with self.lock:
                    if worker.tasks and worker.tasks[0] == index:
                        worker.tasks.popleft()
                        worker.started = time.monotonic()
                done[index] = payload if ok else failed(jobs[index], payload)
        except (EOFError, OSError):
            return False
        return True

    def _bury(self, worker: _Worker, jobs, failed, done, pending: deque[int]) -> None:
        """A worker ended: results it sent are kept, the job it was running fails with the reason, the jobs
        waiting behind it go back to the front of the queue, and a new worker takes its place."""
        self._receive(worker, jobs, failed, done)
        worker.process.join(timeout=1)
        with self.lock:
            outstanding = [i for i in worker.tasks if i not in done]
            if outstanding:
                running = outstanding[0]
                if worker.killed is not None and worker.killed[0] == running:
                    reason = worker.killed[1]
                elif worker.killed is not None:
                    reason = None  # killed for a job that had just finished: this one is run again
                elif worker.process.exitcode == _OUT_OF_MEMORY_EXIT:
                    reason = self.limits.memory_reason()
                else:
                    reason = _exit_reason(worker.process.exitcode)
                retry = outstanding[1:] if reason is not None else outstanding
                if reason is not None:
                    done[running] = failed(jobs[running], reason)
                pending.extendleft(reversed(retry))
            worker.connection.close()
            self.workers[self.workers.index(worker)] = self._start()

    def _watch(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self.stopping.wait(POLL_SECONDS):
            now = time.monotonic()
            with self.lock:
                for worker in self.workers:
                    if not worker.tasks or worker.killed is not None:
                        continue
                    reason = None
                    if now - worker.started > self.limits.seconds:
                        reason = self.limits.timeout_reason()
                    elif _resident_pages(worker.process.pid) * page > self.limits.memory_bytes:
                        reason = self.limits.memory_reason()
                    if reason is not None:
                        worker.killed = (worker.tasks[0], reason)
                        _kill(worker.process.pid)

    def close(self) -> None:
        self.stopping.set()
        self.watchdog.join(timeout=5)
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.connection.send(None)
        deadline = time.monotonic() + 5
        for worker in self.workers:
            worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                _kill(worker.process.pid)
                worker.process.join(timeout=5)
            worker.connection.close()


def die_with_parent(parent_pid: int | None = None) -> None:
    """In a child process: be killed when the process that started it dies, even by SIGKILL (Linux's
    PR_SET_PDEATHSIG); with `parent_pid`, a child whose parent is gone already leaves at once."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


def _worker_main(connection: Connection, function: Callable, memory_bytes: int, parent_pid: int) -> None:
    """A worker: jobs in, (index, ok, result or reason) out, until told to stop or the parent goes away.

    A worker would outlive a refresh killed by SIGKILL otherwise: blocked for ever on a full pipe whose reading
    end it (and every worker forked after it) also holds."""
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    _fresh_stdio()
    _backstop_memory(memory_bytes)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, job = message
        try:
            reply = (index, True, function(job))
        except MemoryError:
            reply = None
        except Exception as exc:  # noqa: BLE001 - reported as the job's failure, the worker goes on
            reply = (index, False, f"读取失败：{type(exc).__name__}: {exc}")
        if reply is None:
            os._exit(_OUT_OF_MEMORY_EXIT)  # its heap may be in pieces: the parent starts a fresh worker
        try:
            connection.send(reply)
        except MemoryError:
            os._exit(_OUT_OF_MEMORY_EXIT)
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
            connection.send((index, False, f"读取失败：结果无法传回（{type(exc).__name__}）"))


def _fresh_stdio() -> None:
    """New stdout / stderr objects over the same descriptors: a parent thread (the progress bar) may have held
    their locks when the worker was forked, and a library's warning would then wait for them for ever."""
    for name, descriptor in (("stdout", 1), ("stderr", 2)):
        with contextlib.suppress(OSError, ValueError):
            setattr(
                sys, name, os.fdopen(os.dup(descriptor), "w", buffering=1, encoding="utf-8", errors="replace")
            )


def _backstop_memory(memory_bytes: int) -> None:
    """A data-segment limit above the polled bound, for growth faster than the watchdog polls."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            data_kb = next(int(line.split()[1]) for line in status if line.startswith("VmData:"))
        limit = data_kb * 1024 + memory_bytes + MEMORY_HEADROOM
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (OSError, ValueError, StopIteration):
        pass  # no /proc or no limit to set: the watchdog alone bounds the worker


def _resident_pages(pid: int | None) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def _kill(pid: int | None) -> None:
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _exit_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        if -exitcode == signal.SIGKILL:
            return "读取进程被系统终止（SIGKILL，可能是内存不足），已隔离此文件"
        return f"读取进程异常退出（{name}），已隔离此文件"
    return f"读取进程异常退出（退出码 {exitcode}），已隔离此文件"
