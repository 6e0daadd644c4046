"""The dashboard's pages in menu order: (file stem under app_pages/, menu title, icon). The entry script builds the
navigation from it; tests and the bench render every page from the same list."""

from __future__ import annotations

from pathlib import Path

PAGES_DIR = Path(__file__).parent / "app_pages"

PAGES: list[tuple[str, str, str]] = [
    ("overview", "总览", ":material/home:"),
    ("budget", "预算执行", ":material/account_balance_wallet:"),
    ("three_public", "三公经费", ":material/directions_car:"),
    ("fund_flows", "社保基金收支", ":material/savings:"),
    ("coverage", "参保覆盖", ":material/groups:"),
    ("scores", "绩效评分", ":material/grading:"),
    ("unit", "单位画像", ":material/apartment:"),
    ("peers", "横向对比", ":material/leaderboard:"),
    ("quality", "数据质量", ":material/fact_check:"),
    ("document", "文档", ":material/description:"),
    ("sql", "SQL 查询", ":material/terminal:"),
]

PAGE_NAMES = [name for name, _, _ in PAGES]
