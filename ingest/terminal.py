"""Data and file names on the terminal exactly as they are: no rich markup or emoji codes interpreted, no
control sequence reaching the terminal (a cell or a file name could otherwise recolour, retitle or rewrite
the screen)."""

from __future__ import annotations

import unicodedata

from rich.text import Text

# bidirectional overrides and isolates reorder what follows them on screen
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(value: object) -> str:
    """`value` as text with every control character (C0, DEL, C1, bidi controls) written as an escape."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(_escaped(character) for character in text)


def _escaped(character: str) -> str:
    if character in _BIDI_CONTROLS or unicodedata.category(character) == "Cc":
        code = ord(character)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return character


def literal(value: object, style: str = "") -> Text:
    """A rich Text that prints `value` verbatim (rich renders Text without markup or emoji codes)."""
    return Text(printable(value), style=style)


def line(*parts: str | tuple[str, str]) -> Text:
    """One output line of plain parts and (text, style) parts, every part printed verbatim."""
    return Text.assemble(*((printable(p[0]), p[1]) if isinstance(p, tuple) else printable(p) for p in parts))
