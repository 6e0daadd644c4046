"""The SQL box: one analyst's read query over `marts`, run in a confined worker process (the SQL 查询 page and
`jixiao sql` share it).

The boundary: this package is self-contained. It imports the standard library and duckdb only — nothing from
streamlit, the pages, the rest of dashboards/ or ingest/ — so the `jixiao` command line imports it without
pulling the dashboards in, and the worker process starts with nothing it does not need
(tests/ui/test_boundaries.py holds this). It stays beside the dashboards because it serves the published
warehouse, as the pages do; ingest/ reads reports and builds the warehouse.

- runner.py — `run_query`, the bounds (`SandboxSettings`, JIXIAO_SQL_*), the pool of warm workers;
- policy.py — which statements may run, decided on DuckDB's parse tree;
- worker.py — the worker process: confines itself, then answers queries on the file descriptor it is given;
- confine.py — the operating-system walls (Landlock, seccomp, `nobody`, resource limits);
- protocol.py — the messages between the two processes.
"""

from dashboards.sandbox.runner import QueryResult, SandboxError, SandboxSettings, run_query

__all__ = ["QueryResult", "SandboxError", "SandboxSettings", "run_query"]
