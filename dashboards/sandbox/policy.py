"""Which ad hoc SQL may run: one read query over the `marts` schema, decided on DuckDB's own parse tree.

The statement is split and typed by `duckdb.extract_statements`, and its tree (`json_serialize_sql`) is walked:
every table it names must be a table of `marts` or a CTE in scope, every table function one of a few that only
compute (range, unnest …), and no function that discloses settings or paths may be called. A question about
the marts' columns (`information_schema.columns` / `.tables`, `duckdb_columns()` / `duckdb_tables()`) is
answered from those catalogs narrowed to `marts`, by grafting a filtered subquery into the tree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb

MAX_SQL_CHARACTERS = 200_000

# statement types other than SELECT, with the words an analyst recognises
_STATEMENT_LABELS = {
    "COPY": "COPY（读写文件）",
    "COPY_DATABASE": "COPY DATABASE",
    "EXPORT": "EXPORT DATABASE（写文件）",
    "ATTACH": "ATTACH（打开其他数据库）",
    "DETACH": "DETACH",
    "SET": "SET / RESET / USE（更改设置）",
    "VARIABLE_SET": "SET VARIABLE",
    "PRAGMA": "PRAGMA / IMPORT（更改设置或读文件）",
    "CALL": "CALL / CHECKPOINT",
    "LOAD": "INSTALL / LOAD（扩展）",
    "EXTENSION": "扩展语句",
    "EXPLAIN": "EXPLAIN",
    "MULTI": "PIVOT 语句（请写成 select … from (pivot …)）",
}
_WRITE_STATEMENTS = {"INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "MERGE_INTO", "CREATE_FUNC"}

ALLOWED_TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest", "json_each", "json_tree"})

# scalar functions and macros that read settings, variables, sequences or the catalog by name
DENIED_FUNCTIONS = frozenset(
    {
        "current_setting",
        "getvariable",
        "getenv",
        "nextval",
        "currval",
        "write_log",
        "pg_get_viewdef",
        "pg_get_expr",
        "pg_get_constraintdef",
        "col_description",
        "obj_description",
        "shobj_description",
    }
)

# catalog questions answered for the marts only: (schema, name) of a view or "" + name of a table function,
# with the filter that narrows it
_MARTS_CATALOG = {
    ("information_schema", "columns"): (
        "select * from information_schema.columns "
        "where table_schema = 'marts' and table_catalog = current_database()"
    ),
    ("information_schema", "tables"): (
        "select * from information_schema.tables "
        "where table_schema = 'marts' and table_catalog = current_database()"
    ),
    ("", "duckdb_columns"): (
        "select * from duckdb_columns() where schema_name = 'marts' and database_name = current_database()"
    ),
    ("", "duckdb_tables"): (
        "select * from duckdb_tables() where schema_name = 'marts' and database_name = current_database()"
    ),
}

# table references the walk knows; anything else is refused rather than guessed at
_TABLE_REFS = frozenset(
    {"BASE_TABLE", "JOIN", "SUBQUERY", "TABLE_FUNCTION", "EMPTY", "EXPRESSION_LIST", "PIVOT", "SHOW_REF"}
)
_REFUSED_PREFIX = "查询被拒绝或出错："


class RefusedQuery(Exception):
    """The statement is not a read query over the marts; the message says why, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(_REFUSED_PREFIX + reason)


@dataclass(frozen=True)
class Catalog:
    """What the connection can see: its database name and the tables and views of `marts` (lower case)."""

    database: str
    marts_tables: frozenset[str]


def single_select(sql: str, con: duckdb.DuckDBPyConnection) -> str:
    """The text of the one SELECT statement in `sql`; refuses empty input, several statements and any other type."""
    if len(sql) > MAX_SQL_CHARACTERS:
        raise RefusedQuery(f"查询文本超过 {MAX_SQL_CHARACTERS:,} 个字符")
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise RefusedQuery("SQL 语法错误：" + _first_line(exc)) from exc
    if not statements:
        raise RefusedQuery("没有可运行的查询语句")
    if len(statements) > 1:
        raise RefusedQuery(f"一次只能运行一条查询语句（收到 {len(statements)} 条）")
    kind = statements[0].type.name
    if kind != "SELECT":
        label = "修改数据或结构的语句" if kind in _WRITE_STATEMENTS else _STATEMENT_LABELS.get(kind, kind)
        raise RefusedQuery(f"只允许一条只读查询（SELECT / WITH / DESCRIBE / SUMMARIZE），不允许 {label}")
    return statements[0].query


def checked_query(sql: str, catalog: Catalog, con: duckdb.DuckDBPyConnection) -> str:
    """The SQL to run for an analyst's query on `con`, or RefusedQuery.

    Parsing goes through the connection (`extract_statements`, `json_serialize_sql`): DuckDB's module-level
    functions would open a default database with default settings."""
    statement = single_select(sql, con)
    tree = _parse_tree(_scalar(con, "json_serialize_sql", statement))
    walk = _Walk(catalog)
    try:
        walk.visit(tree["statements"], frozenset())
    except RecursionError as exc:
        raise RefusedQuery("查询嵌套过深") from exc
    if not walk.grafts:
        return statement
    for node, replacement_sql in walk.grafts:
        _graft_subquery(node, _parse_tree(_scalar(con, "json_serialize_sql", replacement_sql)))
    return _scalar(con, "json_deserialize_sql", json.dumps(tree))


def _scalar(con: duckdb.DuckDBPyConnection, function: str, text: str) -> str:
    # a scalar select has exactly one row
    return con.execute(f"select {function}(?)", [text]).fetchall()[0][0]


def _parse_tree(serialized: str) -> dict:
    try:
        tree = json.loads(serialized)
    except RecursionError as exc:
        raise RefusedQuery("查询嵌套过深") from exc
    if tree.get("error"):
        raise RefusedQuery("无法解析查询：" + str(tree.get("error_message", "")))
    return tree


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class _Walk:
    """Checks every node of a serialized statement; collects the catalog references to narrow to marts."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.grafts: list[tuple[dict, str]] = []

    def visit(self, node: object, ctes: frozenset[str]) -> None:
        if isinstance(node, list):
            for item in node:
                self.visit(item, ctes)
            return
        if not isinstance(node, dict):
            return
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict) and cte_map.get("map"):
            ctes = self._visit_ctes(cte_map["map"], ctes)
        kind = node.get("type")
        if _is_table_ref(node) and kind not in _TABLE_REFS:
            raise RefusedQuery(f"不支持的表引用形式 {kind}")
        if kind == "BASE_TABLE":
            self._base_table(node, ctes)
            return
        if kind == "TABLE_FUNCTION":
            self._table_function(node, ctes)
            return
        if kind == "SHOW_REF":
            self._show(node, ctes)
            return
        if node.get("class") == "FUNCTION":
            self._function(node)
        for key, value in node.items():
            if key != "cte_map":
                self.visit(value, ctes)

    def _visit_ctes(self, entries: list, outer: frozenset[str]) -> frozenset[str]:
        # a CTE sees the ones written before it, and itself only when recursive: a name that is not in
        # scope is a catalog table and must be one of marts
        scope = outer
        for entry in entries:
            name = str(entry.get("key", "")).lower()
            body = (entry.get("value") or {}).get("query_node")
            recursive = isinstance(body, dict) and body.get("type") == "RECURSIVE_CTE_NODE"
            self.visit(body, scope | {name} if recursive else scope)
            scope = scope | {name}
        return scope

    def _base_table(self, node: dict, ctes: frozenset[str]) -> None:
        catalog = str(node.get("catalog_name") or "").lower()
        schema = str(node.get("schema_name") or "").lower()
        name = str(node.get("table_name") or "").lower()
        if catalog and catalog != self.catalog.database.lower():
            raise RefusedQuery(f"只能查询 marts 模式中的表：{catalog}.{schema}.{name} 不可见")
        if not schema and name in ctes:
            return
        if schema in ("", "marts") and name in self.catalog.marts_tables:
            return
        if not catalog and (schema, name) in _MARTS_CATALOG:
            self.grafts.append((node, _MARTS_CATALOG[(schema, name)]))
            return
        shown = f"{schema}.{name}" if schema else name
        raise RefusedQuery(
            f"只能查询 marts 模式中的表：{shown} 不是数据集市的表（可用 information_schema.tables 查看有哪些表）"
        )

    def _table_function(self, node: dict, ctes: frozenset[str]) -> None:
        function = node.get("function") or {}
        name = str(function.get("function_name") or "").lower()
        qualified = function.get("schema") or function.get("catalog")
        if not qualified and name in ALLOWED_TABLE_FUNCTIONS:
            self.visit(function.get("arguments"), ctes)
            self.visit(node.get("column_name_alias"), ctes)
            return
        if not qualified and ("", name) in _MARTS_CATALOG and not function.get("arguments"):
            self.grafts.append((node, _MARTS_CATALOG[("", name)]))
            return
        raise RefusedQuery(f"不允许表函数 {name}()：不能读取文件、设置或系统信息，只能查询 marts 模式中的表")

    def _show(self, node: dict, ctes: frozenset[str]) -> None:
        if node.get("show_type") in ("DESCRIBE", "SUMMARY") and isinstance(node.get("query"), dict):
            self.visit(node["query"], ctes)
            return
        raise RefusedQuery("不支持 SHOW：请查询 information_schema.tables 或 information_schema.columns")

    def _function(self, node: dict) -> None:
        name = str(node.get("function_name") or "").lower()
        schema = str(node.get("schema") or "").lower()
        catalog = str(node.get("catalog") or "").lower()
        if name in DENIED_FUNCTIONS or name.startswith(("__internal", "pragma_", "duckdb_")):
            raise RefusedQuery(f"不允许函数 {name}()：它会读取设置、变量或系统信息")
        if catalog not in ("", "system") or schema not in ("", "main", "pg_catalog"):
            raise RefusedQuery(f"不允许函数 {schema}.{name}()：只能使用内置函数")


def _is_table_ref(node: dict) -> bool:
    # table references carry a sample clause and no expression class; query nodes carry modifiers
    return "sample" in node and "class" not in node and "modifiers" not in node


def _graft_subquery(node: dict, replacement: dict) -> None:
    """Turn a catalog reference into `(narrowed select) as <alias>` in place, keeping its alias and columns."""
    alias = node.get("alias") or (node.get("table_name") or (node.get("function") or {}).get("function_name"))
    column_aliases = node.get("column_name_alias") or []
    sample = node.get("sample")
    location = node.get("query_location")
    node.clear()
    node.update(
        {
            "type": "SUBQUERY",
            "alias": alias,
            "sample": sample,
            "query_location": location,
            "query_location_length": 0,
            "subquery": replacement["statements"][0],
            "column_name_alias": column_aliases,
        }
    )
