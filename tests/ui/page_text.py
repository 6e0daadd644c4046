"""What a person reads on a page run by AppTest: every label, text, option, placeholder, metric, table header and
table text, as the browser would show it (a table's missing values as its placeholder)."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

TEXT_ELEMENTS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "text",
    "info",
    "success",
    "warning",
    "error",
)
WIDGETS = ("selectbox", "multiselect", "radio", "text_input", "text_area", "number_input", "slider", "button")
# link columns hold URLs (document?document_id=…): shown as "查看原文" / "查看单位", not as their text
LINK_COLUMNS = ("原文", "单位画像")


def page_texts(at: AppTest) -> list[str]:
    texts: list[str] = []
    for kind in TEXT_ELEMENTS:
        # a markdown link shows its text, not its target
        texts.extend(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", str(e.value)) for e in at.get(kind))
    for metric in at.metric:
        texts.extend([metric.label, str(metric.value)])
    for kind in WIDGETS:
        for widget in at.get(kind):
            texts.append(widget.label)
            texts.extend(str(o) for o in getattr(widget, "options", []) or [])
            placeholder = getattr(widget.proto, "placeholder", "")
            if placeholder:
                texts.append(placeholder)
    for button in at.get("download_button"):
        texts.append(button.proto.label)
    for expander in at.expander:
        texts.append(expander.label)
    for frame_element in at.dataframe:
        frame = frame_element.value
        config = json.loads(frame_element.proto.columns or "{}")
        hidden = {name.removeprefix("name:") for name, c in config.items() if c.get("hidden")}
        for column in frame.columns:
            if column in hidden:
                continue
            texts.append(str(column))
            if column in LINK_COLUMNS or frame[column].dtype != object:
                continue
            texts.extend(str(v) for v in frame[column].dropna().unique())
    for chart in at.get("plotly_chart"):
        texts.extend(_chart_texts(json.loads(chart.proto.spec)))
    return texts


def _chart_texts(spec: dict) -> list[str]:
    """Axis and legend titles, trace names and the field names of hover texts ("单位=%{x}")."""
    texts = []
    layout = spec.get("layout", {})
    for key, value in layout.items():
        if key.startswith(("xaxis", "yaxis", "legend")) and isinstance(value, dict):
            title = value.get("title")
            texts.append(title.get("text", "") if isinstance(title, dict) else str(title or ""))
    for trace in spec.get("data", []):
        texts.append(str(trace.get("name", "")))
        texts.extend(re.findall(r"(?:^|<br>)([^=<>]+)=", trace.get("hovertemplate", "")))
    return [t for t in texts if t]


def placeholders_of_tables(at: AppTest) -> list[str]:
    return [d.proto.placeholder for d in at.dataframe]


def english_leftovers(texts: list[str], codes: set[str]) -> list[str]:
    """Texts that show a contract code (a whole text equal to one, or a snake_case code inside), Streamlit's
    English placeholders, or Python's None."""
    snake = {c for c in codes if "_" in c}
    found = []
    for text in texts:
        words = set(re.findall(r"[A-Za-z_]+", text))
        if (
            text.strip() in codes
            or words & snake
            or "Choose" in text
            or "Select all" in text
            or "None" in words
        ):
            found.append(text)
    return found
