"""Build the marts with dbt into a fresh file, and publish it over the served one only when green."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest import PARSER_VERSION
from ingest.bounded import die_with_parent
from ingest.settings import DBT_PROJECT_DIR, REPO_ROOT, Settings, dbt_project_arguments


class BuildError(Exception):
    pass


@dataclass
class BuildResult:
    build_path: Path
    log_tail: str
    incremental: bool = False


def clean_build_area(settings: Settings) -> None:
    """Remove what an interrupted refresh left behind: partial builds, half-written raw parts, staged files."""
    for leftover in [
        *settings.build_dir.glob("warehouse.*.duckdb*"),
        *settings.raw_dir.rglob("*.partial"),
        *settings.db_path.parent.glob(settings.db_path.name + ".incoming"),
    ]:
        if leftover.is_dir():  # what DuckDB spilled to disk (<build file>.tmp)
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def build_fingerprint(raw_dir: Path | None = None) -> str:
    """What the published warehouse was built by: the dbt project's files (models, macros, tests, seeds: the code
    labels name the findings of per-document models), the parser version and the raw layer it reads (its staging
    views name it; an incremental build starts by reading them). A warehouse with another fingerprint is never
    built on incrementally."""
    digest = hashlib.sha256(PARSER_VERSION.encode() + b"\0" + str(raw_dir or "").encode())
    for path in sorted(DBT_PROJECT_DIR.glob("*.yml")) + sorted(DBT_PROJECT_DIR.glob("[mst]*/**/*.*")):
        if "target" not in path.relative_to(DBT_PROJECT_DIR).parts[:1]:
            digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def published_fingerprint(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            row = con.execute("select fingerprint from marts.build_info").fetchone()
            return row[0] if row else None
    except duckdb.Error:
        return None


BUILD_FILE = "warehouse.build.duckdb"  # in <data dir>/build/; dbt runs there and names it relatively (below)
SHARED_PARSE_CACHE = DBT_PROJECT_DIR / "target" / "partial_parse.msgpack"
# the dbt process: ingest.warehouse.dbt_driver, from the same source tree as the refresh that starts it
_DRIVER = (
    f"import sys; sys.path.insert(0, {str(REPO_ROOT)!r}); "
    "from ingest.warehouse import dbt_driver, leave; leave(dbt_driver(sys.argv[1]))"
)


@dataclass
class PreparedBuild:
    """A dbt process started ahead of its build: it imports dbt (seconds of a small refresh) while the refresh
    surveys and reads the new files; told that a build will follow (`expect`), it copies the published warehouse
    and parses the project; then it builds when told to (`run`), or leaves (`cancel`)."""

    build_path: Path
    from_published: bool
    process: subprocess.Popen
    output: Path  # what dbt printed
    expected: bool = False

    def expect(self) -> None:
        """A build will follow: the process copies the published warehouse and parses the project now."""
        if not self.expected:
            self.expected = True
            self._tell("prepare")

    def run(self) -> BuildResult:
        self.expect()
        self._tell("build")
        with contextlib.suppress(OSError):
            assert self.process.stdin is not None
            self.process.stdin.close()
        code = self.process.wait()
        tail = "\n".join(self.output.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-40:])
        if code != 0:
            self.build_path.unlink(missing_ok=True)
            raise BuildError(f"dbt build 失败（退出码 {code}）：\n{tail}")
        _keep_parse(self.build_path.parent / "target")
        return BuildResult(self.build_path, tail, incremental=self.from_published)

    def cancel(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.wait()
        self.build_path.unlink(missing_ok=True)

    def _tell(self, order: str) -> None:
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(order + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # the process ended already: its exit code and output say why


def build(settings: Settings, incremental: bool = True) -> BuildResult:
    """`dbt build` (models and tests) into a fresh file of <data dir>/build/ (prepare_build, then run)."""
    return prepare_build(settings, incremental).run()


def prepare_build(settings: Settings, incremental: bool = True) -> PreparedBuild:
    """The build of the raw layer as it will be, started (PreparedBuild: the process imports dbt at once, and copies
    and parses once told a build will follow): into a copy of the published warehouse when it was built
    by the same models and parser (what new documents change: the per-document models compute only the documents
    not built yet and their tests look at those documents, dbt_project/macros/incremental.sql and selectors.yml),
    else into an empty file (everything from scratch, unit tests included).

    dbt parses the project only when it changed: the profile it renders is the same for every data directory
    (the build file is named relative to the build folder dbt runs in), so the parse that dbt keeps in the
    target folder stays valid, and a new data directory starts from the parse last kept beside the project."""
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    build_path = settings.build_dir / BUILD_FILE
    for stale in (build_path, build_path.with_name(build_path.name + ".wal")):
        stale.unlink(missing_ok=True)
    fingerprint = build_fingerprint(settings.raw_dir)
    from_published = incremental and published_fingerprint(settings.db_path) == fingerprint
    target_dir = settings.build_dir / "target"
    _start_from_kept_parse(target_dir)
    env = {
        **os.environ,
        "JIXIAO_RAW_DIR": str(settings.raw_dir),
        "JIXIAO_BUILD_DB": BUILD_FILE,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    common = [
        *dbt_project_arguments(target_dir, settings.log_dir),
        "--no-use-colors",
        "--quiet",
        # the file log without every SQL statement, and no JSON artifacts: writing them costs a build seconds
        "--log-level-file",
        "info",
        "--no-write-json",
        "--vars",
        json.dumps({"build_fingerprint": fingerprint}),
    ]
    # an incremental build selects what new documents change (dbt_project/selectors.yml). Neither runs the unit
    # tests: they prove the models' SQL on fixed rows, whatever the documents (dbt's advice: development and CI, not
    # production); tests/integration/test_dbt_unit_tests.py runs them. At 10,000 documents they were 3-5 s of a build
    build_only = (
        ["--selector", "new_documents"]
        if from_published
        else ["--full-refresh", "--exclude-resource-type", "unit_test"]
    )
    # the published warehouse is copied by the dbt process while it imports dbt, once a build is expected (half a
    # second at 10,000 documents, off the refresh's way); the refresh lock keeps the published file as it is meanwhile
    copy = [str(settings.db_path.resolve()), BUILD_FILE] if from_published else None
    spec = json.dumps({"common": common, "build": build_only, "copy": copy})
    output = settings.log_dir / "dbt_build.out"
    with open(output, "w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", _DRIVER, spec],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=settings.build_dir,
            preexec_fn=die_with_parent,  # the dbt process dies with the refresh
        )
    return PreparedBuild(build_path, from_published, process, output)


def _copy_published(source: str, target: str, outcome: list[str]) -> None:
    """Copy the published warehouse to the build file; `outcome` gets "copied" or the reason it was not."""
    try:
        shutil.copyfile(source, target)
    except BaseException as exc:  # noqa: BLE001 - any failure is reported by the driver, never a half copy kept
        Path(target).unlink(missing_ok=True)
        outcome.append(f"{type(exc).__name__}: {exc}")
        return
    outcome.append("copied")


def dbt_driver(arguments: str) -> int:
    """The dbt process (PreparedBuild): import dbt at once; when the refresh writes "prepare", copy the published
    warehouse (while the import goes on) and parse the project; build when it writes "build" (with the parse: dbt's
    programmatic runner takes it and does not parse again); leave on anything else or at the end of its input."""
    spec = json.loads(arguments)
    first_order: list[str] = []
    copy_outcome: list[str] = []
    # the refresh decides while dbt is imported; a thread takes its word and starts the copy (the kernel copies,
    # sendfile) without waiting for the import
    preparing = threading.Thread(target=_await_prepare, args=(spec.get("copy"), first_order, copy_outcome))
    preparing.start()
    from dbt.cli.main import dbtRunner
    from dbt.contracts.graph.manifest import Manifest

    preparing.join()  # before the parse: it may open the build file
    if first_order != ["prepare"]:
        return 0
    if spec.get("copy") and copy_outcome != ["copied"]:  # only a finished copy is built on
        print(f"无法复制已发布的数据仓库：{copy_outcome[0] if copy_outcome else '复制未完成'}")
        return 2
    parsed = dbtRunner().invoke(["parse", *spec["common"]])
    if sys.stdin.readline().strip() != "build":
        return 0
    if not parsed.success or not isinstance(parsed.result, Manifest):
        print(f"dbt parse 失败：{parsed.exception}")
        return 2
    result = dbtRunner(manifest=parsed.result).invoke(["build", *spec["common"], *spec["build"]])
    _close_build_file()
    if result.exception is not None:
        print(f"{type(result.exception).__name__}: {result.exception}")
    return 0 if result.success else 1


def _close_build_file() -> None:
    """Close dbt's DuckDB database now (DuckDB writes its log into the build file) rather than when the interpreter
    tears dbt down. dbt-duckdb (1.11) holds it in its connection manager's environment; should that change, the
    file stays open and `leave` lets the usual exit close it."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with contextlib.suppress(Exception):
        environment = getattr(DuckDBConnectionManager, "_ENV", None)
        DuckDBConnectionManager.close_all_connections()
        if environment is not None:
            environment.close()


def leave(code: int) -> None:
    """End the dbt process. Once the build file is closed (no write-ahead log beside it) the interpreter's teardown
    of dbt's modules is skipped: most of a second after every build. Otherwise the usual exit closes the file."""
    sys.stdout.flush()
    sys.stderr.flush()
    if not Path(BUILD_FILE + ".wal").exists():
        os._exit(code)
    raise SystemExit(code)


def _await_prepare(copy: list[str] | None, order: list[str], copy_outcome: list[str]) -> None:
    """The refresh's first order to the dbt process; on "prepare", the published warehouse copied (`copy`: source,
    target) when the build is on a copy of it."""
    order.append(sys.stdin.readline().strip())
    if order[0] == "prepare" and copy:
        source, target = copy
        _copy_published(source, target, copy_outcome)


def _start_from_kept_parse(target_dir: Path) -> None:
    """A target folder without a parse of its own starts from the one kept beside the project (dbt checks that
    it matches the project, its variables and profile, and parses again where it does not)."""
    own = target_dir / SHARED_PARSE_CACHE.name
    if own.exists() or not SHARED_PARSE_CACHE.exists():
        return
    target_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        shutil.copyfile(SHARED_PARSE_CACHE, own)


def _keep_parse(target_dir: Path) -> None:
    """Keep the parse of a green build beside the project for the next data directory (written whole, then
    renamed: another build may be reading it). A project folder that cannot be written keeps none."""
    own = target_dir / SHARED_PARSE_CACHE.name
    try:
        if not own.exists() or (
            SHARED_PARSE_CACHE.exists() and SHARED_PARSE_CACHE.read_bytes() == own.read_bytes()
        ):
            return
        SHARED_PARSE_CACHE.parent.mkdir(parents=True, exist_ok=True)
        staged = SHARED_PARSE_CACHE.with_name(f"{SHARED_PARSE_CACHE.name}.{os.getpid()}")
        shutil.copyfile(own, staged)
        os.replace(staged, SHARED_PARSE_CACHE)
    except OSError:
        pass


def publish(settings: Settings, build_path: Path) -> Path:
    """Atomically put the freshly built file in place of the served one (readers keep their open file)."""
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    staged = settings.db_path.with_name(settings.db_path.name + ".incoming")
    os.replace(build_path, staged)
    with open(staged, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(staged, settings.db_path)
    directory = os.open(settings.db_path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return settings.db_path
