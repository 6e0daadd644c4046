"""The `jixiao` command: refresh, ingest, build, rebuild, status, findings, score, sql, dashboard, schedule, sample."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest.settings import REPO_ROOT, Settings, resolve

app = typer.Typer(help="jixiao 绩效自评报告数据仓库", no_args_is_help=True, add_completion=False)
console = Console()
err = Console(stderr=True)

DataDir = Annotated[Path | None, typer.Option("--data-dir", help="数据目录（默认 data/ 或 JIXIAO_DATA_DIR）")]
DbPath = Annotated[
    Path | None, typer.Option("--db", help="数据仓库文件（默认 <数据目录>/warehouse.duckdb 或 JIXIAO_DB）")
]
Workers = Annotated[
    int | None,
    typer.Option(
        min=1, help="并行采集的进程数（默认：可用的 CPU 数，且每个进程按读取内存上限计不超过内存的一半）"
    ),
]


def _workers(asked: int | None) -> int:
    from ingest.bounded import default_workers

    return asked or default_workers()


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def _report_quarantine(quarantined: list[tuple[str, str]]) -> None:
    from ingest.terminal import line

    for name, reason in quarantined:  # file names and reasons printed verbatim, control characters escaped
        err.print(line(("已隔离", "yellow"), " ", name, ": ", reason))


@app.command()
def refresh(
    input: Annotated[Path, typer.Option("--input", "-i", help="报告文件夹")],
    data_dir: DataDir = None,
    db: DbPath = None,
    full: Annotated[bool, typer.Option(help="重新采集全部文件（忽略已采集的）")] = False,
    workers: Workers = None,
) -> None:
    """采集新增或变更的文件，构建数据集市，通过全部测试后发布。"""
    from ingest.refresh import RefreshLocked
    from ingest.refresh import refresh as run_refresh

    settings = resolve(data_dir, db)
    if not input.is_dir():
        err.print(f"[red]输入文件夹不存在：{input}[/red]")
        raise typer.Exit(2)
    with _progress() as progress:
        task = progress.add_task("采集", total=None)
        try:
            report = run_refresh(
                settings,
                input,
                full=full,
                workers=_workers(workers),
                on_progress=lambda _r: progress.advance(task),
            )
        except RefreshLocked as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(3) from exc
        except Exception as exc:
            err.print(f"[red]刷新失败，已发布的数据仓库保持不变。[/red]\n{exc}")
            raise typer.Exit(1) from exc
    _report_quarantine(report.quarantined)
    console.print(
        f"刷新完成：发现 {report.files_seen} 个文件，跳过未变更 {report.files_skipped_unchanged} 个，"
        f"入库 {report.documents_loaded} 个文档 / {report.facts} 个数字，隔离 {len(report.quarantined)} 个；"
        f"采集 {report.ingest_seconds}s，构建 {report.build_seconds}s，发布 {report.publish_seconds}s → {report.published}"
    )


@app.command()
def rebuild(
    data_dir: DataDir = None,
    db: DbPath = None,
    workers: Workers = None,
) -> None:
    """只用归档的原始文件重建原始层与数据仓库（失败时恢复原状）。"""
    from ingest.refresh import rebuild as run_rebuild

    settings = resolve(data_dir, db)
    try:
        report = run_rebuild(settings, workers=_workers(workers))
    except Exception as exc:
        err.print(f"[red]重建失败，原始层与已发布的数据仓库保持不变。[/red]\n{exc}")
        raise typer.Exit(1) from exc
    _report_quarantine(report.quarantined)
    console.print(
        f"重建完成：归档中 {report.files_seen} 个文件，入库 {report.documents_loaded} 个文档 / {report.facts} 个数字 → "
        f"{report.published}"
    )


@app.command()
def schedule(
    input: Annotated[Path, typer.Option("--input", "-i", help="报告文件夹")],
    cron: Annotated[str, typer.Option(help='crontab 表达式，如 "0 2 * * *"')] = "0 2 * * *",
    data_dir: DataDir = None,
    db: DbPath = None,
    workers: Workers = None,
) -> None:
    """按计划定时刷新（同一时间只运行一次；每次运行写一份日志）。"""
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger

    from ingest.refresh import RefreshLocked
    from ingest.refresh import refresh as run_refresh

    settings = resolve(data_dir, db)
    workers = _workers(workers)

    def job() -> None:
        try:
            report = run_refresh(settings, input, workers=workers)
            console.print(
                f"定时刷新完成：入库 {report.documents_loaded} 个文档，隔离 {len(report.quarantined)} 个"
            )
        except RefreshLocked as exc:
            err.print(f"[yellow]跳过本次：{exc}[/yellow]")
        except Exception as exc:  # noqa: BLE001 - a failed run is logged; the schedule goes on
            err.print(f"[red]定时刷新失败，已发布的数据仓库保持不变：[/red]{exc}")

    scheduler = BlockingScheduler()
    scheduler.add_job(job, CronTrigger.from_crontab(cron), max_instances=1, coalesce=True)
    console.print(f"按计划“{cron}”刷新 {input} → {settings.db_path}（Ctrl+C 结束）")
    scheduler.start()


@app.command()
def ingest(
    input: Annotated[Path, typer.Option("--input", "-i", help="报告文件夹")],
    data_dir: DataDir = None,
    full: Annotated[bool, typer.Option(help="重新采集全部文件")] = False,
    workers: Workers = None,
) -> None:
    """只采集：把报告中的数字写入原始层（Parquet），不构建、不发布。"""
    from ingest.refresh import RefreshLocked, refresh_lock, run_ingest

    settings = resolve(data_dir)
    try:
        with refresh_lock(settings), _progress() as progress:  # the same lock as refresh
            task = progress.add_task("采集", total=None)
            summary, seen, skipped = run_ingest(
                settings, input, full, _workers(workers), lambda _r: progress.advance(task)
            )
    except RefreshLocked as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(3) from exc
    _report_quarantine(summary.quarantined)
    console.print(
        f"采集完成：{seen} 个文件，跳过 {skipped} 个，入库 {summary.documents} 个文档 / {summary.facts} 个数字。"
    )


@app.command()
def build(data_dir: DataDir = None, db: DbPath = None) -> None:
    """用原始层构建数据集市（dbt build，含测试），通过后发布。"""
    from ingest.refresh import RefreshLocked, refresh_lock
    from ingest.warehouse import BuildError, publish
    from ingest.warehouse import build as run_build

    settings = resolve(data_dir, db)
    try:
        with refresh_lock(settings):  # the same lock as refresh: no build over a half-written raw layer
            result = run_build(settings)
            published = publish(settings, result.build_path)
    except RefreshLocked as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(3) from exc
    except BuildError as exc:
        err.print(f"[red]{exc}[/red]\n已发布的数据仓库保持不变。")
        raise typer.Exit(1) from exc
    console.print(f"已发布：{published}")


@app.command("build-postgres")
def build_postgres(
    data_dir: DataDir = None,
    host: Annotated[str, typer.Option(help="PostgreSQL 主机")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 5432,
    user: Annotated[str, typer.Option(help="用户")] = "postgres",
    password: Annotated[str, typer.Option(help="密码（或环境变量 PGPASSWORD）", envvar="PGPASSWORD")] = "",
    dbname: Annotated[str, typer.Option(help="数据库")] = "jixiao",
) -> None:
    """在 PostgreSQL 上构建同一套数据集市：原始层装入 raw 模式，再 dbt build --target postgres。"""
    from ingest.postgres import PostgresTarget, build_on_postgres

    settings = resolve(data_dir)
    result = build_on_postgres(
        settings.raw_dir, PostgresTarget(host, port, user, password, dbname), settings.build_dir / "postgres"
    )
    if result.returncode != 0:
        err.print("\n".join(result.stdout.strip().splitlines()[-30:]))
        raise typer.Exit(1)
    console.print(f"已在 PostgreSQL {host}:{port}/{dbname} 构建数据集市（模式 marts）。")


@app.command()
def status(data_dir: DataDir = None, db: DbPath = None) -> None:
    """文档、数字、问题与最近一次刷新。"""
    import duckdb

    from ingest.refresh import last_refresh
    from ingest.terminal import line, literal

    settings = resolve(data_dir, db)
    if not settings.db_path.exists():
        console.print(
            literal(f"尚未发布数据仓库（{settings.db_path}）。请运行 jixiao refresh --input <文件夹>。")
        )
        raise typer.Exit(1)
    con = duckdb.connect(str(settings.db_path), read_only=True)
    table = Table(title=literal(f"数据仓库 {settings.db_path}"))
    table.add_column("项目")
    table.add_column("数量", justify="right")
    for label, sql in [
        ("文档", "select count(*) from marts.dim_document"),
        ("单位", "select count(*) from marts.dim_unit"),
        ("年度", "select count(distinct fiscal_year) from marts.dim_document"),
        ("预算执行行", "select count(*) from marts.fct_budget_execution"),
        ("绩效指标", "select count(*) from marts.fct_performance_indicators"),
        ("质量问题", "select count(*) from marts.fct_quality_findings"),
        ("隔离文件", "select count(*) from marts.quarantine"),
    ]:
        count = con.execute(sql).fetchone()
        table.add_row(label, str(count[0] if count else 0))
    console.print(table)
    for name, reason in con.execute("select source_file, reason from marts.quarantine order by 1").fetchall():
        console.print(line(("隔离", "yellow"), " ", name, ": ", reason))
    # a document loaded without its unit or year, or whose recognised tables were read only in part
    try:
        documents = con.execute("""
            select source_file, status, unit_name, fiscal_year, coverage
            from marts.dim_document
            where status = 'partial' or coverage < 0.9
            order by source_file""").fetchall()
    except duckdb.Error:  # a warehouse built before the coverage columns existed
        documents = []
    for name, doc_status, unit, year, coverage in documents:
        gaps = [
            gap for gap, missing in (("单位未识别", unit is None), ("年度未识别", year is None)) if missing
        ]
        if coverage is not None and coverage < 0.9:
            gaps.append(f"表格数字读入 {coverage:.0%}")
        console.print(
            line(
                ("部分入库" if doc_status == "partial" else "覆盖不全", "yellow"),
                " ",
                name,
                ": ",
                "，".join(gaps),
            )
        )
    try:
        coverage_row = con.execute("""
            select sum(table_number_count), sum(coverage * table_number_count)
            from marts.dim_document where coverage is not null""").fetchone()
    except duckdb.Error:
        coverage_row = None
    if coverage_row and coverage_row[0]:
        console.print(
            literal(f"已识别表格中的数字读入比例（覆盖率）：{coverage_row[1] / coverage_row[0]:.1%}")
        )
    con.close()
    last = last_refresh(settings)
    if last:
        console.print(
            literal(
                f"最近一次刷新：{last['started_at']}，入库 {last['documents_loaded']} 个文档，"
                f"{'失败：' + last['error'] if last.get('error') else '成功'}"
            )
        )


@app.command()
def findings(
    status: Annotated[
        str | None, typer.Option(help="复核状态：open（待复核）/ 已核实 / 误报 / 已整改；不写则列出全部")
    ] = None,
    data_dir: DataDir = None,
    db: DbPath = None,
    limit: Annotated[int, typer.Option(help="最多列出条数")] = 200,
) -> None:
    """列出质量问题及其复核状态（复核记录在数据目录的 reviews.sqlite3 中，刷新与重建后保留）。"""
    from rich.markup import escape

    from dashboards.reviews import STATUSES, findings_with_reviews, parse_status

    settings = resolve(data_dir, db)
    if not settings.db_path.exists():
        err.print(f"尚未发布数据仓库（{escape(str(settings.db_path))}）。")
        raise typer.Exit(1)
    try:
        wanted = parse_status(status) if status else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--status") from exc
    rows = findings_with_reviews(settings.db_path, wanted)
    table = Table("复核状态", "严重程度", "检查项", "单位", "年度", "文件", "行号", "说明", "复核说明")
    for row in rows.head(limit).iter_rows(named=True):
        cells = (
            STATUSES[row["status"]],
            row["severity_label"],
            row["check_label"],
            row["unit_name"],
            row["fiscal_year"],
            row["source_file"],
            row["source_line"],
            row["message"],
            row["note"],
        )
        table.add_row(*(escape("" if v is None else str(v)) for v in cells))
    console.print(table)
    console.print(f"共 {rows.height} 条" + (f"（只列出前 {limit} 条）" if rows.height > limit else ""))


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL 查询（只读）")],
    data_dir: DataDir = None,
    db: DbPath = None,
    limit: Annotated[int, typer.Option(help="最多返回行数")] = 1000,
    timeout: Annotated[
        float | None, typer.Option(help="时间限制（秒，默认 JIXIAO_SQL_TIMEOUT 或 30）", min=0.1)
    ] = None,
) -> None:
    """在只读、隔离的进程中运行一条查询（只能查询 marts；不能写文件、更改设置或安装扩展；限时限内存）。"""
    from dashboards.sandbox import SandboxError, run_query
    from ingest.terminal import literal

    settings = resolve(data_dir, db)
    try:
        result = run_query(settings.db_path, query, limit, timeout)
    except SandboxError as exc:
        err.print(literal(exc, "red"))
        raise typer.Exit(1) from exc
    # values and column names come from data: printed verbatim, never as markup or control sequences
    table = Table()
    for name in result.columns:
        table.add_column(literal(name))
    for row in result.rows:
        table.add_row(*(literal("" if value is None else value) for value in row))
    console.print(table)
    if result.truncated_by == "rows":
        err.print(f"（只显示前 {limit} 行）")
    elif result.truncated_by == "bytes":
        err.print(f"（结果超过大小上限，只显示前 {len(result.rows)} 行；可设置 JIXIAO_SQL_MAX_BYTES）")


@app.command()
def dashboard(
    data_dir: DataDir = None,
    db: DbPath = None,
    port: Annotated[int, typer.Option(help="端口")] = 8501,
) -> None:
    """启动分析看板（Streamlit）。"""
    settings: Settings = resolve(data_dir, db)
    env = {**os.environ, "JIXIAO_DB": str(settings.db_path), "JIXIAO_DATA_DIR": str(settings.data_dir)}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO_ROOT / "dashboards" / "app.py"),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    raise typer.Exit(subprocess.call(command, env=env))


@app.command()
def score(
    gold: Annotated[Path, typer.Option("--gold", help="期望数字文件夹（每个文档一个 <文件名>.jsonl）")],
    data_dir: DataDir = None,
    db: DbPath = None,
    origin: Annotated[
        str | None, typer.Option(help="只评表格中的数字（table）或只在正文中的数字（prose）")
    ] = None,
    show_misses: Annotated[bool, typer.Option("--show-misses", help="列出每个未命中的数字")] = False,
) -> None:
    """按期望数字（gold）给数据仓库打分：各集市命中/期望/错误数与召回率，末行为总召回率与错误数。"""
    from rich.markup import escape

    from ingest.score import Origin, report_lines, score_warehouse

    settings = resolve(data_dir, db)
    if origin is not None and origin not in {o.value for o in Origin}:
        raise typer.BadParameter("只能是 table 或 prose", param_hint="--origin")
    if not settings.db_path.is_file():
        err.print(f"[red]数据仓库不存在：{escape(str(settings.db_path))}[/red]")
        raise typer.Exit(2)
    if not gold.is_dir():
        err.print(f"[red]期望数字文件夹不存在：{escape(str(gold))}[/red]")
        raise typer.Exit(2)
    report = score_warehouse(settings.db_path, gold, Origin(origin) if origin else None)
    for line in report_lines(report, show_misses):
        # gold file names and values printed as written: no markup, emoji codes or highlighting
        console.print(escape(line), soft_wrap=True, highlight=False, emoji=False)


@app.command()
def sample(
    out: Annotated[Path, typer.Option("--out", help="输出文件夹")],
    documents: Annotated[int, typer.Option(help="文档数")] = 24,
    years: Annotated[int, typer.Option(help="年度数")] = 3,
    seed: Annotated[int, typer.Option(help="随机种子")] = 7,
    first_year: Annotated[int, typer.Option(help="起始年度")] = 2020,
    formats: Annotated[
        str, typer.Option(help="文件格式（逗号分隔，按随机种子混合）：text,docx,xlsx,pdf,html")
    ] = "text",
    gold: Annotated[
        Path | None, typer.Option(help="同时写出每个文档的期望数字（gold 格式）到此文件夹")
    ] = None,
) -> None:
    """生成示例报告语料（与真实报告同样的表格与版式；元/万元、缺表、空单元格、"100%%" 笔误等变化）。"""
    from ingest.samples.generator import write_corpus

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    try:
        written = write_corpus(
            out,
            documents=documents,
            years=years,
            seed=seed,
            gold_dir=gold,
            first_year=first_year,
            formats=chosen,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--formats") from exc
    console.print(f"已生成 {len(written)} 个示例文档 → {out}")


if __name__ == "__main__":
    app()
