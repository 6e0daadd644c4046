"""Bounds on what a PDF's streams inflate to, checked before PDFium opens the file.

PDFium inflates a Flate stream whole when a page's content or fonts are loaded: a few MB of stream can inflate to
gigabytes (a compression bomb). Each stream is inflated here once, counting the bytes and discarding them,
and the file is refused when one stream or all of them together pass the bounds. Image streams are left out:
the text reader never inflates them, and a scanned page's bitmap is legitimately large. Streams in other
encodings (LZW, run length) are not measured here: the worker's memory bound (ingest/bounded.py) covers them."""

from __future__ import annotations

import re
import zlib

from ingest.extraction.document import ReadError

MAX_STREAM_BYTES = 64 * 1024 * 1024  # one content, font or object stream inflated
MAX_STREAMS_BYTES = 256 * 1024 * 1024  # all of them together

# the keyword first (a literal start lets the regex engine search for it instead of trying every byte); a
# keyword after a letter (endstream) is passed over in check_streams
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_LETTER_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_SPACE_BYTES = frozenset(b" \t\n\r\x0b\x0c")  # what \s matches in a bytes pattern
_DIGIT_BYTES = frozenset(b"0123456789")
_WORD_BYTES = _LETTER_BYTES | _DIGIT_BYTES | {ord("_")}
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_CHUNK = 64 * 1024


def check_streams(data: bytes) -> None:
    """Refuse the PDF when its Flate streams inflate beyond the bounds (nothing inflated is kept)."""
    view = memoryview(data)
    total = 0
    for match in _STREAM.finditer(data):
        keyword = match.start()
        if (keyword and data[keyword - 1] in _LETTER_BYTES) or _is_image(data, keyword):
            continue
        size = _inflated_size(view, match.end(), MAX_STREAM_BYTES)
        total += size
        if size > MAX_STREAM_BYTES:
            raise ReadError(
                f"PDF 数据流解压后过大（超过 {MAX_STREAM_BYTES // 1024 // 1024} MB），可能是压缩炸弹"
            )
        if total > MAX_STREAMS_BYTES:
            raise ReadError(
                f"PDF 数据流解压后合计过大（超过 {MAX_STREAMS_BYTES // 1024 // 1024} MB），可能是压缩炸弹"
            )


def _is_image(data: bytes, keyword: int) -> bool:
    """The stream's dictionary (between its `n 0 obj` and the `stream` keyword) says it is an image."""
    start = max(0, keyword - 4096)
    return _IMAGE.search(data, _dictionary_start(data, start, keyword), keyword) is not None


def _dictionary_start(data: bytes, start: int, end: int) -> int:
    """Just past the last `n g obj` in data[start:end] (start when there is none): the object's dictionary is
    found backwards from the stream keyword, a byte search instead of a regex tried at every byte of the span."""
    position = end
    while (position := data.rfind(b"obj", start, position)) >= 0:
        after = position + 3
        if (after >= end or data[after] not in _WORD_BYTES) and _numbered(data, start, position):
            return after
    return start


def _numbered(data: bytes, start: int, position: int) -> bool:
    """Two numbers, each followed by white space, end at `position` (`\\d+\\s+\\d+\\s+` before `obj`)."""
    index = position
    for allowed in (_SPACE_BYTES, _DIGIT_BYTES, _SPACE_BYTES, _DIGIT_BYTES):
        run_end = index
        while index > start and data[index - 1] in allowed:
            index -= 1
        if index == run_end:
            return False
    return True


def _inflated_size(data: memoryview, start: int, cap: int) -> int:
    """How many bytes the zlib stream starting at `start` inflates to, counted up to just past `cap`; 0 for
    data that is not zlib (another filter) and what was inflated before an error for a damaged stream."""
    inflater = zlib.decompressobj()
    size, position, pending = 0, start, b""
    try:
        while size <= cap and not inflater.eof:
            if not pending:
                if position >= len(data):
                    break
                pending = data[position : position + _CHUNK]
                position += _CHUNK
            size += len(inflater.decompress(pending, 1024 * 1024))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass
    return size
