"""The text-and-geometry layer of a PDF page, read with PDFium (pypdfium2): characters with their boxes, and the
ruling edges drawn on the page. Everything else in the PDF reader works on these plain records.

Coordinates are the page's as displayed, in points, measured from its top-left corner (x right, top down),
and follow pdfminer's conventions so that the layout rules keep their meaning: a character's box spans its
advance width and its font size (from the font's descent below the baseline), and a drawn path yields edges
the way pdfminer splits it into lines, rectangles and curves. PDFium parses the content streams in C++;
each character is decoded once, here."""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from dataclasses import dataclass
from math import floor

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.extraction.document import ReadError

_GENERATED = frozenset(" \n\r")  # the characters PDFium generates between words and lines
_SUBPATH = re.compile(r"m[^m]+")
# PDFium computes in single precision, pdfminer in double: coordinates are rounded to 1/10000 pt so that the
# ties the 3 pt tolerances meet in generated files (a gap of exactly 3 pt) fall as pdfminer's do. On the hot
# path floor(v * _GRID + 0.5) / _GRID stands for round(v, _PLACES): the same value at a third of the cost.
_PLACES = 4
_GRID = 10.0**_PLACES
_Matrix = tuple[float, float, float, float, float, float]


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    upright: bool  # not rotated or mirrored: read left to right, lines top to bottom


@dataclass(slots=True)
class Edge:
    """A ruling segment: `orientation` "h" or "v"; `width` / `height` as drawn (snapping moves, never resizes)."""

    orientation: str
    x0: float
    x1: float
    top: float
    bottom: float
    width: float
    height: float


@dataclass
class PageLayer:
    number: int  # 1-based
    height: float
    # in PDFium's reading order; real spaces kept (they part words), generated ones dropped. PDFium leaves out a
    # text object holding only spaces: such a space parts no words where the gap it fills is under 3 pt
    chars: list[Char]
    edges: list[Edge]  # from drawn lines, rectangles and polylines; empty on a page without ruling


class _Device:
    """User space → the displayed page, top-down: the page's rotation and MediaBox origin as pdfminer applies
    them, then pdfplumber's flip of the y axis."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        left, bottom, right, top = (round(v, _PLACES) for v in page.get_mediabox())
        x0, x1 = sorted((left, right))
        y0, y1 = sorted((bottom, top))
        rotation = page.get_rotation() % 360
        if rotation == 90:
            self.ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        elif rotation == 180:
            self.ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif rotation == 270:
            self.ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        else:
            self.ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        # the displayed box: width and height swap on a quarter turn
        if rotation in (90, 270):
            self.origin_x, self.height, self.origin_top = y0, x1 - x0, -x0
        else:
            self.origin_x, self.height, self.origin_top = x0, y1 - y0, -y0
        self.plain = rotation == 0
        # on an unturned page a user-space height y lies at top = top_base - y
        self.top_base = self.height + self.origin_top - self.ctm[5]

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A user-space point as (x, y) of the displayed page, y still pointing up (pdfminer's device space,
        x shifted back by the MediaBox origin as pdfplumber does)."""
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self.origin_x, b * x + d * y + f

    def top(self, device_y: float) -> float:
        return self.height - device_y + self.origin_top


def open_document(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is one reason for quarantine
        raise ReadError(f"无法打开 PDF 文件：{type(exc).__name__}") from exc


def page_layers(document: pdfium.PdfDocument) -> Iterator[PageLayer]:
    """Each page's characters and edges, page by page (a page is closed before the next is read)."""
    fonts = _Fonts()
    for index in range(len(document)):
        page = document[index]
        try:
            device = _Device(page)
            text_objects: set[int] = set()
            chars = _chars(page, device, fonts, text_objects)
            yield PageLayer(index + 1, device.height, chars, _edges(page, device, text_objects))
        finally:
            page.close()


def _address(pointer: object) -> int:
    """A PDFium handle (a typed ctypes pointer) as the integer address the native prototypes take."""
    return ctypes.cast(pointer, ctypes.c_void_p).value or 0  # type: ignore[arg-type]


def _native(function: object, restype: object, *argtypes: object):
    """A PDFium function called through a plain C prototype: handles go in and out as integers, which saves
    the typed-pointer conversions of the generated bindings on the hot per-character path."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(_address(function))  # type: ignore[arg-type]


_HANDLE, _INT, _FLOAT = ctypes.c_void_p, ctypes.c_int, ctypes.c_float
_DOUBLE_REF, _FLOAT_REF = ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_float)
_char_object = _native(pdfium_c.FPDFText_GetTextObject, _HANDLE, _HANDLE, _INT)
# the out-parameters of the per-character calls go as plain addresses (a third cheaper than typed pointers)
_char_origin = _native(pdfium_c.FPDFText_GetCharOrigin, _INT, _HANDLE, _INT, _HANDLE, _HANDLE)
_char_matrix = _native(pdfium_c.FPDFText_GetMatrix, _INT, _HANDLE, _INT, _HANDLE)
_char_font_size = _native(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _HANDLE, _INT)
_char_is_generated = _native(pdfium_c.FPDFText_IsGenerated, _INT, _HANDLE, _INT)
_char_unicode = _native(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _HANDLE, _INT)
_object_font = _native(pdfium_c.FPDFTextObj_GetFont, _HANDLE, _HANDLE)
_font_descent = _native(pdfium_c.FPDFFont_GetDescent, _INT, _HANDLE, _FLOAT, _FLOAT_REF)
_glyph_width = _native(pdfium_c.FPDFFont_GetGlyphWidth, _INT, _HANDLE, ctypes.c_uint32, _FLOAT, _FLOAT_REF)
_page_object = _native(pdfium_c.FPDFPage_GetObject, _HANDLE, _HANDLE, _INT)
_object_type = _native(pdfium_c.FPDFPageObj_GetType, _INT, _HANDLE)
_form_object = _native(pdfium_c.FPDFFormObj_GetObject, _HANDLE, _HANDLE, ctypes.c_ulong)
_form_count = _native(pdfium_c.FPDFFormObj_CountObjects, _INT, _HANDLE)
_object_matrix_of = _native(pdfium_c.FPDFPageObj_GetMatrix, _INT, _HANDLE, ctypes.POINTER(pdfium_c.FS_MATRIX))
_segment_count = _native(pdfium_c.FPDFPath_CountSegments, _INT, _HANDLE)
_segment = _native(pdfium_c.FPDFPath_GetPathSegment, _HANDLE, _HANDLE, _INT)
_segment_type = _native(pdfium_c.FPDFPathSegment_GetType, _INT, _HANDLE)
_segment_point = _native(pdfium_c.FPDFPathSegment_GetPoint, _INT, _HANDLE, _FLOAT_REF, _FLOAT_REF)
_segment_closes = _native(pdfium_c.FPDFPathSegment_GetClose, _INT, _HANDLE)
_TEXT, _PATH, _FORM = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
_MOVE, _LINE, _CURVE = (
    pdfium_c.FPDF_SEGMENT_MOVETO,
    pdfium_c.FPDF_SEGMENT_LINETO,
    pdfium_c.FPDF_SEGMENT_BEZIERTO,
)


# pdfminer measures these fonts (named so, not embedded as a subset) with the standard metrics it ships, not
# with the PDF's font descriptor; PDFium's substitutes have other descents
_STANDARD_DESCENTS = {
    **dict.fromkeys(("Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique"), -194.0),
    **dict.fromkeys(("CourierNew", "CourierNew,Italic", "CourierNew,Bold", "CourierNew,BoldItalic"), -194.0),
    **dict.fromkeys(("Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique", "Helvetica-Oblique"), -207.0),
    **dict.fromkeys(("Arial", "Arial,Italic", "Arial,Bold", "Arial,BoldItalic"), -207.0),
    **dict.fromkeys(("Times-Roman", "Times-Bold", "Times-BoldItalic", "Times-Italic"), -217.0),
    **dict.fromkeys(("TimesNewRoman", "TimesNewRoman,Italic", "TimesNewRoman,Bold"), -217.0),
    "TimesNewRoman,BoldItalic": -217.0,
    "Symbol": 0.0,
    "ZapfDingbats": 0.0,
}


def _base_font_name(font: int) -> str:
    buffer = ctypes.create_string_buffer(128)
    length = pdfium_c.FPDFFont_GetBaseFontName(ctypes.cast(font, pdfium_c.FPDF_FONT), buffer, len(buffer))
    return buffer.value.decode("latin-1") if 0 < length <= len(buffer) else ""


class _Fonts:
    """Font metrics by font handle, asked for once per document: the descent below the baseline and each
    character's advance width, both per unit of font size (pdfminer's text-space units)."""

    def __init__(self) -> None:
        self.descents: dict[int, float] = {}
        self.widths: dict[int, dict[int, float]] = {}
        self._value = ctypes.c_float()
        self._value_ref = ctypes.pointer(self._value)

    def descent(self, font: int) -> float:
        descent = self.descents.get(font)
        if descent is None:
            standard = _STANDARD_DESCENTS.get(_base_font_name(font))
            if standard is not None:
                descent = standard / 1000
            elif _font_descent(font, 1000.0, self._value_ref):
                # pdfminer takes a positive /Descent for a negative one
                descent = -abs(self._value.value) / 1000
            else:
                descent = 0.0
            self.descents[font] = descent
        return descent

    def widths_of(self, font: int) -> dict[int, float]:
        """The font's advance widths by character code, filled in by `width` as characters are met."""
        return self.widths.setdefault(font, {})

    def width(self, font: int, code: int) -> float:
        width = self._value.value / 1000 if _glyph_width(font, code, 1000.0, self._value_ref) else 0.0
        self.widths_of(font)[code] = width
        return width


def _chars(page: pdfium.PdfPage, device: _Device, fonts: _Fonts, text_objects: set[int]) -> list[Char]:
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    if not textpage:
        return []
    try:
        return _read_chars(_address(textpage), device, fonts, text_objects)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)


def _read_chars(textpage: int, device: _Device, fonts: _Fonts, text_objects: set[int]) -> list[Char]:
    """Each character's box as pdfminer draws it: from the origin, its advance width along the baseline and
    the font size across it, starting at the font's descent. The text object's matrix, size and font are
    asked for once per object (a word processor may write one object per character, so these calls are
    kept few); the objects met are added to `text_objects`."""
    count = pdfium_c.FPDFText_CountChars(ctypes.cast(textpage, pdfium_c.FPDF_TEXTPAGE))
    if count <= 0:
        return []
    text = _page_text(textpage, count)
    if text is None:
        text = "".join(chr(_char_unicode(textpage, index)) for index in range(count))
    matrix = pdfium_c.FS_MATRIX()
    matrix_ref = ctypes.addressof(matrix)
    x, y = ctypes.c_double(), ctypes.c_double()
    x_ref, y_ref = ctypes.addressof(x), ctypes.addressof(y)
    plain, top_base = device.plain, device.top_base
    # the per-character calls, bound once (this loop runs for every character of every page)
    char_object, char_origin, char_matrix = _char_object, _char_origin, _char_matrix
    char_font_size, object_font, is_generated = _char_font_size, _object_font, _char_is_generated
    chars: list[Char] = []
    append = chars.append
    add_object = text_objects.add
    current = None
    a = b = c = d = size = descent = unit_descent = 0.0
    upright = False
    font = font_before = 0
    widths: dict[int, float] = {}
    for index, letter in enumerate(text):
        if letter in _GENERATED and is_generated(textpage, index) == 1:
            continue
        owner = char_object(textpage, index)
        if owner is None:
            continue
        if owner != current:
            current = owner
            if not char_matrix(textpage, index, matrix_ref):
                current = None
                continue
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            add_object(owner)
            size = char_font_size(textpage, index)
            font = object_font(owner) or 0
            if font != font_before:  # objects change at every character, fonts seldom
                font_before = font
                unit_descent = fonts.descent(font) if font else 0.0
                widths = fonts.widths_of(font)
            descent = unit_descent * size
            upright = plain and b == 0 and c == 0 and a > 0 and d > 0
        # the character's own origin, not its object's: PDFium may have dropped a leading space of the object
        char_origin(textpage, index, x_ref, y_ref)
        origin_x, origin_y = x.value, y.value
        code = ord(letter)
        width = widths.get(code)
        if width is None:
            width = fonts.width(font, code) if font else 0.0
        if upright:
            # nearly every character: pdfminer's box from the baseline's descent, the font size high
            bottom = top_base - (origin_y + d * descent)
            append(
                Char(
                    letter,
                    floor(origin_x * _GRID + 0.5) / _GRID,
                    floor((origin_x + a * width * size) * _GRID + 0.5) / _GRID,
                    floor((bottom - d * size) * _GRID + 0.5) / _GRID,
                    floor(bottom * _GRID + 0.5) / _GRID,
                    True,
                )
            )
        else:
            append(
                _turned_char(letter, (a, b, c, d, origin_x, origin_y), width * size, descent, size, device)
            )
    return chars


def _turned_char(
    text: str, matrix: _Matrix, advance: float, descent: float, size: float, device: _Device
) -> Char:
    """A rotated, mirrored or skewed character, or one on a turned page: the box around its four corners on
    the displayed page; pdfminer calls it upright when its matrix keeps the x and y axes' senses."""
    a, b, c, d, e, f = matrix
    corners = [
        device.point(a * u + c * v + e, b * u + d * v + f)
        for u in (0.0, advance)
        for v in (descent, descent + size)
    ]
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    ca, cb, cc, cd, _, _ = device.ctm
    # the character's matrix on the displayed page
    da, db = a * ca + b * cc, a * cb + b * cd
    dc, dd = c * ca + d * cc, c * cb + d * cd
    return Char(
        text,
        round(min(xs), _PLACES),
        round(max(xs), _PLACES),
        round(device.top(max(ys)), _PLACES),
        round(device.top(min(ys)), _PLACES),
        da * dd > 0 and db * dc <= 0,
    )


def _page_text(textpage: int, count: int) -> str | None:
    """The page's characters in one call, one UTF-16 unit per character index; None when PDFium's text holds
    fewer units than characters (control characters), and each character is then asked for on its own."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(ctypes.cast(textpage, pdfium_c.FPDF_TEXTPAGE), 0, count, buffer)
    if written - 1 != count:
        return None
    text = bytes(buffer)[: 2 * count].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


def _edges(page: pdfium.PdfPage, device: _Device, text_objects: set[int]) -> list[Edge]:
    """The edges of the page's painted paths, form XObjects included. Text objects are passed over (most
    objects of a page: a word processor often writes one per character); those whose characters were read
    (`text_objects`) are not even asked for their type."""
    edges: list[Edge] = []
    holder = _address(page.raw)
    get_object, get_type = _page_object, _object_type
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    objects = [get_object(holder, index) for index in range(count)]
    for obj in objects:
        if obj in text_objects:
            continue
        kind = get_type(obj)
        if kind == _PATH:
            _path_edges(obj, _object_matrix(obj), device, edges)
        elif kind == _FORM:
            _form_edges(obj, None, device, edges)
    return edges


def _compose(first: _Matrix, then: _Matrix | None) -> _Matrix:
    if then is None:
        return first
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _object_matrix(obj: int) -> _Matrix:
    matrix = pdfium_c.FS_MATRIX()
    if not _object_matrix_of(obj, ctypes.pointer(matrix)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _form_edges(form: int, outer: _Matrix | None, device: _Device, edges: list[Edge]) -> None:
    """A form XObject's paths, through the form's matrix (and those of the forms around it)."""
    inner = _compose(_object_matrix(form), outer)
    for index in range(_form_count(form)):
        obj = _form_object(form, index)
        kind = _object_type(obj)
        if kind == _PATH:
            _path_edges(obj, _compose(_object_matrix(obj), inner), device, edges)
        elif kind == _FORM:
            _form_edges(obj, inner, device, edges)


def _path_edges(path: int, matrix: _Matrix, device: _Device, edges: list[Edge]) -> None:
    """A painted path as pdfminer records it: operators m / l / c / h with their end points (a Bézier curve's
    three PDFium points are one `c`; a closed subpath ends in `h`), each subpath painted on its own."""
    count = _segment_count(path)
    if count <= 0:
        return
    segments = [_segment(path, index) for index in range(count)]
    kinds = [_segment_type(segment) for segment in segments]
    closes = [_segment_closes(segment) for segment in segments]
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.pointer(x), ctypes.pointer(y)
    a, b, c, d, e, f = _compose(matrix, device.ctm)
    shift_x = device.origin_x
    operators: list[str] = []
    points: list[tuple[float, float]] = []  # on the displayed page, y up (pdfminer's device space)
    bezier = 0
    for segment, kind, closes_here in zip(segments, kinds, closes, strict=True):
        if not _segment_point(segment, x_ref, y_ref):
            return
        if kind == _CURVE:
            bezier += 1
            if bezier % 3:
                continue  # a control point; the curve's end point is its third
            operators.append("c")
        elif kind in (_MOVE, _LINE):
            operators.append("m" if kind == _MOVE else "l")
            bezier = 0
        else:
            return
        u, v = x.value, y.value
        points.append((round(a * u + c * v + e + shift_x, _PLACES), round(b * u + d * v + f, _PLACES)))
        if closes_here:
            operators.append("h")
            points.append(points[_subpath_start(operators)])
    shape = "".join(operators)
    for match in _SUBPATH.finditer(shape):
        start, end = match.span()
        _subpath_edges(shape[start:end], points[start:end], device, edges)


def _subpath_start(operators: list[str]) -> int:
    for index in range(len(operators) - 1, -1, -1):
        if operators[index] == "m":
            return index
    return 0


def _subpath_edges(shape: str, points: list[tuple[float, float]], device: _Device, edges: list[Edge]) -> None:
    """pdfminer's reading of one subpath: a line (`ml`, `mlh`), a rectangle (four axis-aligned sides, closed),
    or a curve whose consecutive points are joined by straight edges (pdfplumber's curve edges)."""
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape = shape[:-2] + "h"  # a closing line drawn out, then closed: pdfminer drops it
        points = points[:-1]
    if shape in ("ml", "mlh"):
        (xa, ya), (xb, yb) = points[0], points[1]
        x0, x1 = min(xa, xb), max(xa, xb)
        top, bottom = device.top(max(ya, yb)), device.top(min(ya, yb))
        orientation = "h" if top == bottom else "v"  # pdfplumber files any slanted line as vertical
        edges.append(Edge(orientation, x0, x1, top, bottom, x1 - x0, bottom - top))
        return
    if shape in ("mlllh", "mllll"):
        (xa, ya), (xb, yb), (xc, yc), (xd, yd), _ = points
        closed = points[0] == points[4]
        square = (xa == xb and yb == yc and xc == xd and yd == ya) or (
            ya == yb and xb == xc and yc == yd and xd == xa
        )
        if closed and square:
            x0, x1 = min(xa, xc), max(xa, xc)
            top, bottom = device.top(max(ya, yc)), device.top(min(ya, yc))
            width, height = x1 - x0, bottom - top
            edges.append(Edge("h", x0, x1, top, top, width, 0.0))
            edges.append(Edge("h", x0, x1, bottom, bottom, width, 0.0))
            edges.append(Edge("v", x0, x0, top, bottom, 0.0, height))
            edges.append(Edge("v", x1, x1, top, bottom, 0.0, height))
            return
    for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
        if xa == xb:
            orientation = "v"
        elif ya == yb:
            orientation = "h"
        else:
            continue  # a slanted piece of a curve is no ruling
        x0, x1 = min(xa, xb), max(xa, xb)
        top, bottom = device.top(max(ya, yb)), device.top(min(ya, yb))
        edges.append(Edge(orientation, x0, x1, top, bottom, x1 - x0, bottom - top))
