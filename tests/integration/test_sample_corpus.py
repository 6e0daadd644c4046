"""The generated sample corpus: a full refresh passes dbt's tests and holds exactly the generated facts."""

import json
import subprocess
import sys

import duckdb

from tests.conftest import REPO, refresh, score


def test_sample_warehouse_holds_every_generated_figure(sample_warehouse, sample_corpus):
    _, gold = sample_corpus
    recall, wrong, out = score(sample_warehouse, "--show-misses", gold=gold)
    assert wrong == 0, out
    assert recall >= 0.99, out


def test_a_refresh_not_told_its_workers_reads_with_the_default(sample_warehouse, sample_corpus):
    """The sample warehouse's refresh was given no --workers: its log says it ran ingest.bounded's default."""
    from ingest.bounded import default_workers

    [log] = (sample_warehouse.parent / "logs").glob("refresh_*.json")
    report = json.loads(log.read_text(encoding="utf-8"))
    corpus, _ = sample_corpus
    assert report["ingest_workers"] == default_workers(), report
    assert report["documents_loaded"] == len([p for p in corpus.rglob("*") if p.is_file()]), report


def test_units_at_every_admin_level_and_several_years(sample_warehouse):
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    levels = {r[0] for r in con.execute("select distinct admin_level from marts.dim_unit").fetchall()}
    assert levels == {"province", "city", "county"}
    assert con.execute("select count(distinct fiscal_year) from marts.dim_document").fetchone()[0] == 3
    forms = {f for (fs,) in con.execute("select forms from marts.dim_document").fetchall() for f in fs}
    assert {
        "basic_data_table",
        "dept_self_eval",
        "project_self_eval",
        "final_accounts",
        "narrative_report",
    } <= forms


def test_bad_files_are_quarantined_and_the_rest_load(tmp_path, sample_corpus):
    corpus, _ = sample_corpus
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = sorted(corpus.glob("*.txt"))[:3]
    for path in good:
        (inbox / path.name).write_bytes(path.read_bytes())
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (inbox / "copy_of_first.txt").write_bytes(good[0].read_bytes())
    (inbox / "notes.txt").write_text("会议纪要：下周二开会。\n", encoding="utf-8")
    (inbox / "gbk.txt").write_bytes(good[1].read_text(encoding="utf-8").encode("gb18030"))
    result = refresh(inbox, tmp_path / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    con = duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True)
    reasons = dict(con.execute("select source_file, reason from marts.quarantine").fetchall())
    duplicate = {"copy_of_first.txt", good[0].name} & set(reasons)
    assert len(duplicate) == 1 and "重复" in reasons[duplicate.pop()]
    assert {"empty.txt", "picture.txt", "notes.txt"} <= set(reasons) and len(reasons) == 4
    assert "空文件" in reasons["empty.txt"] and "PNG" in reasons["picture.txt"]
    assert "未识别的版式" in reasons["notes.txt"]
    # the GBK file is the same report as good[1]: same content hash after decoding is not required,
    # but it must load as a document of its own with the same unit
    loaded = con.execute("select count(*) from marts.dim_document").fetchone()[0]
    assert loaded == 4


def test_refresh_failure_keeps_the_published_warehouse(tmp_path, sample_corpus):
    corpus, _ = sample_corpus
    data = tmp_path / "data"
    first = sorted(corpus.glob("*.txt"))[:2]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in first:
        (inbox / path.name).write_bytes(path.read_bytes())
    assert refresh(inbox, data).returncode == 0
    published = (data / "warehouse.duckdb").read_bytes()
    # a raw file dbt cannot read makes the build fail: the served file must stay as it was
    (data / "raw" / "facts" / "zz_broken.parquet").write_bytes(b"not parquet")
    (inbox / "more.txt").write_bytes(sorted(corpus.glob("*.txt"))[5].read_bytes())
    failed = refresh(inbox, data)
    assert failed.returncode == 1
    assert "已发布的数据仓库保持不变" in failed.stderr
    assert (data / "warehouse.duckdb").read_bytes() == published


def test_sql_command_is_sandboxed(sample_warehouse):
    def sql(query):
        return subprocess.run(
            [sys.executable, "-m", "ingest.cli", "sql", query, "--db", str(sample_warehouse)],
            capture_output=True,
            text=True,
            cwd=REPO,
        )

    ok = sql("select count(*) as n from marts.dim_document")
    assert ok.returncode == 0 and "30" in ok.stdout
    for attack in (
        "select * from read_csv('/etc/passwd')",
        f"copy marts.dim_unit to '{sample_warehouse}.csv'",
        "attach '/tmp/other.duckdb' as other",
        "install httpfs",
        "delete from marts.dim_unit",
        "set enable_external_access = true",
    ):
        result = sql(attack)
        assert result.returncode == 1, attack
        assert "查询被拒绝或出错" in result.stderr


def test_a_changed_file_replaces_its_previous_version(tmp_path, sample_corpus):
    corpus, _ = sample_corpus
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = sorted(corpus.glob("*.txt"))[0]
    report = inbox / "report.txt"
    report.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    data = tmp_path / "data"
    assert refresh(inbox, data).returncode == 0
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    before = con.execute("select count(*) from marts.fct_budget_execution").fetchone()[0]
    con.close()
    # the unit files a corrected version under the same name: one more staff member
    text = report.read_text(encoding="utf-8").replace("编制数", "编制数", 1)
    lines = text.split("\n")
    index = lines.index("\t编制数") + 4  # first value of the next row: the authorised headcount
    while not lines[index].strip("\t").isdigit():
        index += 1
    corrected = int(lines[index].strip("\t")) + 1
    lines[index] = f"\t{corrected}"
    report.write_text("\n".join(lines), encoding="utf-8")
    assert refresh(inbox, data).returncode == 0
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    statuses = sorted(r[0] for r in con.execute("select status from marts.dim_document").fetchall())
    assert statuses == ["ok", "superseded"]
    assert con.execute("select authorized_headcount from marts.fct_staffing").fetchall() == [(corrected,)]
    assert con.execute("select count(*) from marts.fct_budget_execution").fetchone()[0] == before
