"""The compression-bomb check finds a stream's dictionary by searching backwards from its `stream` keyword; it must
find the same dictionary start as the regular expression it replaced (the last `n g obj` before the keyword)."""

from __future__ import annotations

import random
import re
import zlib

import pytest

from ingest.extraction.document import ReadError
from ingest.extraction.readers.pdf_bounds import MAX_STREAM_BYTES, _dictionary_start, _is_image, check_streams
from tests.conftest import REAL_DOCS

_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")  # the former reading, kept here as the reference


def _reference_start(data: bytes, start: int, end: int) -> int:
    ends = [m.end() for m in _OBJECT.finditer(data[start:end])]
    return start + ends[-1] if ends else start


_PIECES = [
    b"1",
    b"12",
    b" ",
    b"\n",
    b"\r\n",
    b"\t",
    b"obj",
    b"endobj",
    b"obj_",
    b"objx",
    b"<<",
    b">>",
    b"/Image",
]


@pytest.mark.parametrize("seed", range(200))
def test_dictionary_start_matches_the_regular_expression(seed: int) -> None:
    rng = random.Random(seed)
    data = b"".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 60)))
    for start in range(0, len(data) + 1, 3):
        for end in range(start, len(data) + 1, 2):
            assert _dictionary_start(data, start, end) == _reference_start(data, start, end), data


def test_image_streams_are_told_from_content_streams() -> None:
    content = b"4 0 obj\n<< /Length 10 /Filter /FlateDecode >>\nstream\n"
    image = b"5 0 obj\n<< /Type /XObject /Subtype /Image /Width 2 >>\nstream\n"
    document = b"%PDF-1.7\n" + content + b"xx\nendstream\nendobj\n" + image
    assert not _is_image(document, document.index(b"stream\n"))
    assert _is_image(document, document.rindex(b"stream\n"))


def test_a_content_stream_inflating_past_the_bound_is_refused() -> None:
    bomb = zlib.compress(b"\0" * (MAX_STREAM_BYTES + 1), 9)
    document = b"%PDF-1.7\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + bomb + b"\nendstream\nendobj\n"
    with pytest.raises(ReadError, match="压缩炸弹"):
        check_streams(document)
    check_streams(document.replace(b"<< /Filter", b"<< /Subtype /Image /Filter"))  # an image is not measured


@pytest.mark.skipif(not REAL_DOCS.is_dir(), reason=f"needs the real disclosures in {REAL_DOCS}")
def test_real_pdfs_find_the_same_dictionaries() -> None:
    stream = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
    for path in sorted(REAL_DOCS.glob("*.pdf")):
        data = path.read_bytes()
        keywords = [m.start() for m in stream.finditer(data)]
        assert keywords
        for keyword in keywords:
            start = max(0, keyword - 4096)
            assert _dictionary_start(data, start, keyword) == _reference_start(data, start, keyword)
        check_streams(data)
