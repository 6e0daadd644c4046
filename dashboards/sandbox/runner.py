"""Ad hoc SQL on the served warehouse (the SQL 查询 page and `jixiao sql`): one read query over `marts`, in a
confined worker process, bounded in time, memory, rows and bytes.

- What may run is decided on DuckDB's parse tree (policy.py): one SELECT, tables of `marts` only, no file,
  setting or system function.
- Where it runs: a worker process (worker.py) that cannot write any file even if a statement slipped through
  (confine.py: Landlock, seccomp, `nobody` when root, RLIMIT_FSIZE).
  It gets the served file as an open read-only descriptor.
- How long and how much: DuckDB's memory_limit and threads; interrupt() at the time limit and, because
  planning and long scalar functions ignore it, the worker killed a grace period later, or as soon as its
  resident memory passes the limit by a margin. Rows and result bytes are capped.

Workers are kept warm (a few per process) so that a query costs a message, not a process start.
"""

from __future__ import annotations

import atexit
import os
import re
import select
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dashboards.sandbox import protocol
from dashboards.sandbox.confine import Confinement
from dashboards.sandbox.protocol import Reply, Request, WorkerConfig

_MIB = 1 << 20
_REPO_ROOT = Path(__file__).resolve().parents[2]
_MAX_IDLE_WORKERS = 2
_STARTUP_SECONDS = 60.0
_POLL_SECONDS = 0.05
# a worker's resident memory beyond DuckDB's limit: Python, DuckDB's code and what DuckDB does not count
_RSS_MARGIN_BYTES = 384 * _MIB


class SandboxError(Exception):
    """A query refused, failed or stopped; the message is for the analyst, in Chinese."""

    def __init__(self, message: str, worker_peak_rss_bytes: int = 0) -> None:
        super().__init__(message)
        self.worker_peak_rss_bytes = worker_peak_rss_bytes


@dataclass(frozen=True)
class SandboxSettings:
    """Bounds of one ad hoc query; `from_env` reads JIXIAO_SQL_MEMORY / _THREADS / _TIMEOUT / _MAX_BYTES."""

    memory_bytes: int = 1024 * _MIB
    threads: int = 1
    timeout_seconds: float = 30.0
    max_result_bytes: int = 20 * _MIB
    grace_seconds: float = 2.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SandboxSettings:
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            memory_bytes=_env_bytes(env, "JIXIAO_SQL_MEMORY", defaults.memory_bytes, minimum=64 * _MIB),
            threads=int(_env_number(env, "JIXIAO_SQL_THREADS", defaults.threads, minimum=1)),
            timeout_seconds=_env_number(env, "JIXIAO_SQL_TIMEOUT", defaults.timeout_seconds, minimum=0.1),
            max_result_bytes=_env_bytes(
                env, "JIXIAO_SQL_MAX_BYTES", defaults.max_result_bytes, minimum=_MIB // 16
            ),
        )

    @property
    def rss_limit_bytes(self) -> int:
        """Resident memory at which the parent kills a worker."""
        return self.memory_bytes + self.memory_bytes // 4 + _RSS_MARGIN_BYTES

    @property
    def address_space_bytes(self) -> int:
        """RLIMIT_AS of a worker: allocations past it fail inside DuckDB (its allocator reserves address
        space well beyond what it touches, hence the generous multiple)."""
        return 4 * self.memory_bytes + 2048 * _MIB


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def _env_bytes(env: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    match = _SIZE.match(text)
    value = int(float(match.group(1)) * _UNITS[match.group(2)[:1].lower()]) if match else 0
    if value < minimum:
        raise SandboxError(
            f"环境变量 {name}={text!r} 无法识别或太小（例如 1GB、512MB；至少 {minimum / _MIB:g} MB）"
        )
    return value


def _env_number(env: Mapping[str, str], name: str, default: float, minimum: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value >= minimum:
        raise SandboxError(f"环境变量 {name}={text!r} 无法识别（应为不小于 {minimum:g} 的数）")
    return value


@dataclass
class QueryResult:
    columns: list[str]
    types: list[str]
    rows: list[tuple]
    truncated_by: str = ""  # "" | "rows" | "bytes"
    seconds: float = 0.0
    worker_peak_rss_bytes: int = 0
    walls: Confinement | None = field(default=None, repr=False)

    @property
    def truncated(self) -> bool:
        return bool(self.truncated_by)


class _Worker:
    """One confined worker process and the socket to it."""

    def __init__(self, config: WorkerConfig) -> None:
        self.config = config
        self.peak_rss_bytes = 0
        self.stderr_tail = b""
        parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        boot = (
            f"import sys; sys.path.insert(0, {str(_REPO_ROOT)!r}); "
            f"from dashboards.sandbox.worker import main; main({child_end.fileno()})"
        )
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-B", "-c", boot],
                pass_fds=[child_end.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,  # a pipe, not a file: RLIMIT_FSIZE would kill a writer to a file
                cwd="/",
            )
        finally:
            child_end.close()
        self.channel = parent_end
        try:
            protocol.send(self.channel, config)
            walls = self._receive(time.monotonic() + _STARTUP_SECONDS, rss_limit=None)
        except _Stopped as exc:
            raise SandboxError(f"查询进程未能启动：{self.last_words()}") from exc
        except BaseException:
            self.kill()
            raise
        if not isinstance(walls, Confinement):
            self.kill()
            raise SandboxError("查询进程未能启动")
        self.walls = walls

    def last_words(self) -> str:
        """The last line a dead worker wrote to stderr (a Python traceback's message)."""
        lines = self.stderr_tail.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else f"退出码 {self.process.returncode}"

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.resident_bytes()  # the last reading of its peak
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.channel.close()
        if self.process.stderr is not None and not self.process.stderr.closed:
            self.stderr_tail = self.process.stderr.read()[-4096:]  # the process is gone: read() ends
            self.process.stderr.close()

    def resident_bytes(self) -> int:
        """Current resident memory; also keeps the highest value seen (VmHWM) in `peak_rss_bytes`."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        current, peak = (int(fields.get(k, "0 kB").split()[0]) * 1024 for k in ("VmRSS", "VmHWM"))
        self.peak_rss_bytes = max(self.peak_rss_bytes, peak)
        return current

    def _receive(self, deadline: float, rss_limit: int | None, max_bytes: int = 1 << 30) -> object:
        """The next message, or _Stopped when the deadline passes or memory runs over (worker killed)."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                raise _Stopped("timeout")
            readable, _, _ = select.select([self.channel], [], [], min(_POLL_SECONDS, remaining))
            if readable:
                self.channel.settimeout(max(remaining, 1.0))
                try:
                    return protocol.receive(self.channel, max_bytes)
                except Exception as exc:  # closed, cut short or malformed: the worker is done for
                    self.kill()
                    raise _Stopped("crashed") from exc
                finally:
                    if self.channel.fileno() != -1:
                        self.channel.settimeout(None)
            if rss_limit is not None and self.resident_bytes() > rss_limit:
                self.kill()
                raise _Stopped("memory")
            if not self.alive():
                self.kill()
                raise _Stopped("crashed")

    def ask(self, request: Request, fd: int, rss_limit: int, max_bytes: int) -> Reply:
        try:
            protocol.send_request(self.channel, request, fd)
        except OSError as exc:
            self.kill()
            raise _Stopped("crashed") from exc
        deadline = time.monotonic() + request.timeout_seconds + request.grace_seconds
        reply = self._receive(deadline, rss_limit, max_bytes)
        if not isinstance(reply, Reply):
            self.kill()
            raise _Stopped("crashed")
        return reply


class _Stopped(Exception):
    """The worker was killed or died: timeout | memory | crashed."""


_idle: dict[WorkerConfig, list[_Worker]] = {}
_idle_lock = threading.Lock()


def _take_worker(config: WorkerConfig) -> _Worker:
    with _idle_lock:
        pool = _idle.get(config, [])
        while pool:
            worker = pool.pop()
            if worker.alive():
                return worker
            worker.kill()
    return _Worker(config)


def _give_back(worker: _Worker) -> None:
    with _idle_lock:
        pool = _idle.setdefault(worker.config, [])
        if worker.alive() and len(pool) < _MAX_IDLE_WORKERS:
            pool.append(worker)
            return
    worker.kill()


@atexit.register
def shutdown_workers() -> None:
    """End every idle worker (a busy one ends with its query or at its deadline)."""
    with _idle_lock:
        workers = [w for pool in _idle.values() for w in pool]
        _idle.clear()
    for worker in workers:
        worker.kill()


def worker_config(db_fd: int, settings: SandboxSettings) -> WorkerConfig:
    # `nobody` must be able to read the file through the passed descriptor: only then is root given up
    readable_by_others = bool(os.fstat(db_fd).st_mode & stat.S_IROTH)
    return WorkerConfig(
        memory_bytes=settings.memory_bytes,
        threads=settings.threads,
        address_space_bytes=settings.address_space_bytes,
        drop_privileges=os.geteuid() == 0 and readable_by_others,
    )


def run_query(
    db_path: Path,
    sql: str,
    row_limit: int = 10_000,
    timeout_seconds: float | None = None,
    settings: SandboxSettings | None = None,
    *,
    _config: WorkerConfig | None = None,
    _checked: bool = True,
) -> QueryResult:
    """Run one analyst query on the served warehouse; SandboxError with a Chinese message otherwise.

    (`_config` / `_checked` exist for the tests that probe each operating-system wall on its own.)"""
    settings = settings or SandboxSettings.from_env()
    timeout = float(timeout_seconds or settings.timeout_seconds)
    try:
        fd = os.open(db_path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError as exc:
        raise SandboxError(f"数据仓库文件不存在：{db_path}（请先运行 jixiao refresh）") from exc
    except OSError as exc:
        raise SandboxError(f"无法打开数据仓库文件：{db_path}（{exc.strerror}）") from exc
    try:
        config = _config or worker_config(fd, settings)
        request = Request(
            sql=sql,
            row_limit=max(int(row_limit), 0),
            byte_limit=settings.max_result_bytes,
            timeout_seconds=timeout,
            grace_seconds=settings.grace_seconds,
            checked=_checked,
        )
        worker = _take_worker(config)
        try:
            reply = worker.ask(
                request, fd, settings.rss_limit_bytes, settings.max_result_bytes * 4 + 64 * _MIB
            )
        except _Stopped as stop:
            message = _stopped_message(str(stop), timeout, settings)
            raise SandboxError(message, worker.peak_rss_bytes) from stop
        except BaseException:  # Ctrl+C or a failure here: the query must not run on unattended
            worker.kill()
            raise
    finally:
        os.close(fd)
    _give_back(worker)
    if reply.kind != "ok":
        raise SandboxError(_reply_message(reply, timeout, settings), reply.peak_rss_bytes)
    return QueryResult(
        columns=reply.columns,
        types=reply.types,
        rows=reply.rows,
        truncated_by=reply.truncated,
        seconds=reply.seconds,
        worker_peak_rss_bytes=reply.peak_rss_bytes,
        walls=worker.walls,
    )


def _memory_text(settings: SandboxSettings) -> str:
    return f"{settings.memory_bytes / _MIB:,.0f} MB"


def _stopped_message(reason: str, timeout: float, settings: SandboxSettings) -> str:
    if reason == "timeout":
        return f"查询超过时间限制 {timeout:g} 秒，已中止（可缩小范围或增加 JIXIAO_SQL_TIMEOUT）"
    if reason == "memory":
        return f"查询超过内存限制 {_memory_text(settings)}，已中止（可缩小范围或增加 JIXIAO_SQL_MEMORY）"
    return f"查询进程异常退出（多半是超过内存限制 {_memory_text(settings)}），已中止"


def _reply_message(reply: Reply, timeout: float, settings: SandboxSettings) -> str:
    if reply.kind == "refused":
        return reply.message
    if reply.kind == "timeout":
        return _stopped_message("timeout", timeout, settings)
    if reply.kind == "memory":
        return f"查询超过内存限制 {_memory_text(settings)}，已中止：{reply.message}"
    return f"查询被拒绝或出错：{reply.message}"
