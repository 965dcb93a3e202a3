"""Hostile and odd PDFs, built by hand as bytes (nothing large is committed).

Every builder returns the bytes of one file. :func:`pdf` writes numbered
objects with a correct xref table; a :class:`Stream` gets its /Length (and,
in an encrypted file, its encryption) from it. The text is a short fictional
agreement, :data:`AGREEMENT`, whose plain-text twin is :func:`agreement_txt`,
so a file that is read correctly compares with it as "no differences".
"""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass

AGREEMENT = [
    "MEMORANDUM OF AGREEMENT",
    "I. PARTIES",
    ("This Memorandum of Agreement is entered into by U.S. Immigration and Customs Enforcement (ICE) "
     "and the Riverside County Sheriff's Office, hereinafter the law enforcement agency (LEA)."),
    "II. PURPOSE",
    ("The purpose of this agreement is to set out the terms under which trained LEA personnel "
     "perform limited functions of an immigration officer."),
    "III. REPORTING",
    "The LEA shall report every arrest under this agreement to ICE within one business day.",
]
#: The sentence that hidden text turns around ("shall" -> "shall not").
REPORTING = AGREEMENT[-1]
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
SIZE = 10


def agreement_txt() -> str:
    return "\n\n".join(AGREEMENT) + "\n"


@dataclass(frozen=True)
class Stream:
    data: bytes
    extra: bytes = b""  # more dictionary entries, e.g. b"/Filter /FlateDecode"


Object = bytes | Stream


def pdf(objects: list[Object], *, root: int = 1, trailer: bytes = b"", key: bytes | None = None) -> bytes:
    """A PDF of numbered objects with a correct xref table. With ``key`` (from
    :func:`encryption`), streams are RC4-encrypted for their object number."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number
        if isinstance(body, Stream):
            data = _rc4(_object_key(key, number), body.data) if key else body.data
            out += b"<< /Length %d %s >>\nstream\n" % (len(data), body.extra) + data + b"\nendstream"
        else:
            out += body
        out += b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer, xref)
    return bytes(out)


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def width(text: str, size: float = SIZE) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, "Helvetica", size))


def _wrap(text: str, limit: float = 460) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and width(candidate) > limit:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line]


def show(text: str, x: float, y: float, size: float = SIZE) -> bytes:
    """Operators that draw ``text`` at (x, y), in black."""
    return b"BT /F1 %g Tf 1 0 0 1 %g %g Tm (%s) Tj ET\n" % (size, x, y, _escape(text))


def agreement_content(reporting: bytes | None = None) -> bytes:
    """The agreement on one page; ``reporting`` replaces the operators of the
    last sentence (drawn on one line at y=:data:`REPORTING_Y`)."""
    ops, y = bytearray(), 740.0
    for paragraph in AGREEMENT[:-1]:
        for line in _wrap(paragraph):
            ops += show(line, 72, y)
            y -= 14
        y -= 10
    ops += reporting if reporting is not None else show(REPORTING, 72, REPORTING_Y)
    return bytes(ops)


REPORTING_Y = 540.0


def page_objects(content: bytes, *, page_extra: bytes = b"", resources: bytes = b"") -> list[Object]:
    """Catalog (1), Pages (2), Page (3), content (4), font (5)."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> %s >> %s >>" % (resources, page_extra),
        Stream(content),
        FONT,
    ]


def agreement(content: bytes | None = None) -> bytes:
    return pdf(page_objects(agreement_content() if content is None else content))


# --- damaged files -----------------------------------------------------------

def png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (20, 20), 255).save(buf, "PNG")
    return buf.getvalue()


def html() -> bytes:
    return b"<!DOCTYPE html>\n<html><head><title>MOA</title></head><body><p>Memorandum</p></body></html>\n"


def truncated() -> bytes:
    data = agreement()
    return data[: len(data) // 2]


def broken_xref() -> bytes:
    """Every xref offset and startxref wrong by a few bytes; PDFium repairs it
    by scanning for objects."""
    data = agreement()
    head, _, tail = data.partition(b"xref\n")
    entries, _, trailer = tail.partition(b"trailer\n")
    lines = entries.split(b"\n")
    fixed = [lines[0], lines[1]] + [b"%010d 00000 n " % (int(line[:10]) + 7) for line in lines[2:] if line]
    trailer = trailer.replace(b"startxref\n%d" % len(head), b"startxref\n%d" % (len(head) + 100))
    return head + b"xref\n" + b"\n".join(fixed) + b"\ntrailer\n" + trailer


# --- encryption (standard security handler, RC4 40-bit, revision 2) ----------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _object_key(key: bytes | None, number: int) -> bytes:
    assert key is not None
    return hashlib.md5(key + number.to_bytes(3, "little") + b"\x00\x00").digest()[: len(key) + 5]


def encrypted(user: str, owner: str, permissions: int) -> bytes:
    """The agreement, encrypted with passwords ``user`` and ``owner`` and the
    permission bits ``permissions`` (/P; 0 forbids everything)."""
    file_id = hashlib.md5(b"moadiff hostile").digest()
    o = _rc4(hashlib.md5((owner.encode() + _PAD)[:32]).digest()[:5], (user.encode() + _PAD)[:32])
    key = hashlib.md5((user.encode() + _PAD)[:32] + o + permissions.to_bytes(4, "little", signed=True)
                      + file_id).digest()[:5]
    u = _rc4(key, _PAD)
    objects = page_objects(agreement_content())
    objects.append(b"<< /Filter /Standard /V 1 /R 2 /Length 40 /O <%s> /U <%s> /P %d >>"
                   % (o.hex().encode(), u.hex().encode(), permissions))
    trailer = b"/Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), file_id.hex().encode(), file_id.hex().encode())
    return pdf(objects, trailer=trailer, key=key)


# --- odd structure ------------------------------------------------------------

def zero_pages() -> bytes:
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def page_tree_cycle() -> bytes:
    """The agreement's page, and beside it a /Pages node whose /Kids point
    back at the root of the page tree."""
    objects = page_objects(agreement_content())
    objects[1] = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>"
    objects.append(b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>")
    return pdf(objects)


def self_drawing_form() -> bytes:
    """The agreement, and a Form XObject that draws itself."""
    objects = page_objects(agreement_content() + b"/Fm1 Do\n", resources=b"/XObject << /Fm1 6 0 R >>")
    objects.append(Stream(b"/Fm1 Do\n", b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                                        b"/Resources << /XObject << /Fm1 6 0 R >> >>"))
    return pdf(objects)


def flate_bomb() -> bytes:
    """A content stream of 1 GB of spaces, compressed twice into a few KB."""
    bomb = zlib.compress(_gigabyte_of_spaces(), 9)
    objects = page_objects(b"")
    objects[3] = Stream(bomb, b"/Filter [/FlateDecode /FlateDecode]")
    return pdf(objects)


def _gigabyte_of_spaces() -> bytes:
    """zlib data of 1 GB of spaces, built in a second rather than deflating
    1 GB: after a full flush, deflate starts afresh, so each 16 MB chunk
    compresses to the same bytes; only the checksum must see every byte."""
    chunk, count = b" " * (1 << 24), 64
    deflate = zlib.compressobj(9)
    first = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)  # with the zlib header
    again = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush()[:-4]  # the last, empty block; its Adler-32 covered only two chunks
    adler = 1
    for _ in range(count):
        adler = zlib.adler32(chunk, adler)
    return first + again * (count - 1) + end + adler.to_bytes(4, "big")


def many_glyphs(count: int = 60_000) -> bytes:
    """The agreement, then ``count`` glyphs in 2-point type on the same page."""
    row = "abcdefghij" * 30  # 300 glyphs a row
    ops = bytearray(agreement_content())
    for k in range(count // len(row)):
        ops += b"BT /F1 2 Tf 1 0 0 1 20 %g Tm (%s) Tj ET\n" % (500 - k * 2.2, row.encode())
    return agreement(bytes(ops))


def many_pages(count: int = 20_000) -> bytes:
    """``count`` pages sharing one content stream, in a tree of 100-page nodes."""
    objects: list[Object] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", Stream(agreement_content()), FONT]
    nodes = []
    for start in range(0, count, 100):
        node = len(objects) + 1
        nodes.append(node)
        kids = range(node + 1, node + 1 + min(100, count - start))
        objects.append(b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>"
                       % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
        objects += [b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                    b"/Resources << /Font << /F1 4 0 R >> >> >>" % node] * len(kids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % n for n in nodes), count)
    return pdf(objects)


def huge_count() -> bytes:
    objects = page_objects(agreement_content())
    objects[1] = b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>"
    return pdf(objects)


def nested_arrays_in_content(depth: int = 100_000) -> bytes:
    return agreement(agreement_content() + b"[" * depth + b"]" * depth + b"\n")


def nested_arrays_in_page(depth: int = 100_000) -> bytes:
    return pdf(page_objects(agreement_content(), page_extra=b"/Junk " + b"[" * depth + b"]" * depth))


def type0_without_descendants() -> bytes:
    """The agreement, and a line in a Type0 font that lacks /DescendantFonts."""
    objects = page_objects(agreement_content() + b"BT /F2 12 Tf 72 100 Td <00410042> Tj ET\n",
                           resources=b"")
    objects[2] = objects[2].replace(b"/F1 5 0 R", b"/F1 5 0 R /F2 6 0 R")  # type: ignore[union-attr]
    objects.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /Ghost /Encoding /Identity-H >>")
    return pdf(objects)


# --- hidden text ---------------------------------------------------------------

def _reporting_with(hidden: bytes) -> bytes:
    """The reporting sentence drawn as "The LEA shall " + ``hidden`` +
    "report every arrest ...", the hidden part in between."""
    head, tail = "The LEA shall ", REPORTING.removeprefix("The LEA shall ")
    y = REPORTING_Y
    return (b"BT /F1 %d Tf 1 0 0 1 72 %g Tm (%s) Tj %s (%s) Tj ET\n"
            % (SIZE, y, _escape(head), hidden, _escape(tail)))


def hidden_white() -> bytes:
    """"not " in white between "shall" and "report"."""
    return agreement(agreement_content(_reporting_with(b"1 1 1 rg (not ) Tj 0 0 0 rg")))


def hidden_invisible() -> bytes:
    """"not " in text render mode 3 (neither fill nor stroke)."""
    return agreement(agreement_content(_reporting_with(b"3 Tr (not ) Tj 0 Tr")))


def hidden_off_page() -> bytes:
    """"not " drawn right of the MediaBox on the same baseline, and a whole
    clause below the page."""
    head, tail = "The LEA shall ", REPORTING.removeprefix("The LEA shall ")
    ops = (show(head, 72, REPORTING_Y) + show("not ", 700, REPORTING_Y)
           + show(tail, 72 + width(head), REPORTING_Y)
           + show("IV. LIABILITY", 72, -200) + show("The LEA shall bear every cost of this agreement.", 72, -214))
    return agreement(agreement_content(ops))


def scanned_with_ocr_layer() -> bytes:
    """An image covering the page, with the agreement over it in render mode 3,
    as a scanner's OCR layer: invisible text that must be kept."""
    ops = agreement_content().replace(b"BT ", b"BT 3 Tr ")
    content = b"q 612 0 0 792 0 0 cm /Im1 Do Q\n" + ops
    objects = page_objects(content, resources=b"/XObject << /Im1 6 0 R >>")
    objects.append(Stream(zlib.compress(b"\xff" * 64), b"/Type /XObject /Subtype /Image /Width 8 /Height 8 "
                                                         b"/ColorSpace /DeviceGray /BitsPerComponent 8 "
                                                         b"/Filter /FlateDecode"))
    return pdf(objects)


def hidden_in_form() -> bytes:
    """A whole clause in a Form XObject whose /Matrix moves it below the page."""
    clause = show("IV. LIABILITY", 72, 300) + show("The LEA shall bear every cost of this agreement.", 72, 286)
    objects = page_objects(agreement_content() + b"/Fm1 Do\n", resources=b"/XObject << /Fm1 6 0 R >>")
    objects.append(Stream(clause, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Matrix [1 0 0 1 0 -1000] "
                                  b"/Resources << /Font << /F1 5 0 R >> >>"))
    return pdf(objects)


def hidden_transparent() -> bytes:
    """"not " in fully transparent ink (ExtGState /ca 0)."""
    objects = page_objects(agreement_content(_reporting_with(b"/GS1 gs (not ) Tj /GS0 gs")),
                           resources=b"/ExtGState << /GS1 << /ca 0 >> /GS0 << /ca 1 >> >>")
    return pdf(objects)


def _hidden_clause() -> bytes:
    return show("IV. LIABILITY", 72, 130) + show("The LEA shall bear every cost of this agreement.", 72, 116)


def hidden_transparent_saved() -> bytes:
    """The ink made transparent, then the agreement drawn opaque between q
    and Q, then a whole clause after Q, in the restored transparent ink."""
    content = b"/GS1 gs q /GS0 gs\n" + agreement_content() + b"Q\n" + _hidden_clause()
    return pdf(page_objects(content, resources=b"/ExtGState << /GS1 << /ca 0 >> /GS0 << /ca 1 >> >>"))


def hidden_transparent_form() -> bytes:
    """A whole clause in a Form XObject drawn while the ink is transparent:
    the form inherits its caller's graphics state."""
    objects = page_objects(agreement_content() + b"/GS1 gs /Fm1 Do\n",
                           resources=b"/XObject << /Fm1 6 0 R >> /ExtGState << /GS1 << /ca 0 >> >>")
    objects.append(Stream(_hidden_clause(), b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                                            b"/Resources << /Font << /F1 5 0 R >> >>"))
    return pdf(objects)


# --- watermarks and stamps: left out, with a notice ------------------------------

def _across(text: str, x: float, y: float, size: float, degrees: float, gray: float) -> bytes:
    """Operators that draw ``text`` turned ``degrees`` counter-clockwise, in ``gray`` (0 black, 1 white)."""
    import math

    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return (b"q %g g BT /F1 %g Tf %.4f %.4f %.4f %.4f %g %g Tm (%s) Tj ET Q\n"
            % (gray, size, c, s, -s, c, x, y, _escape(text)))


def watermark_slanted() -> bytes:
    """"DRAFT" across the page at 45 degrees in light grey, drawn first (a
    word processor's watermark lies under the text), and "RECEIVED" stamped
    at 25 degrees in black over the margin."""
    return agreement(_across("DRAFT", 150, 250, 110, 45, 0.8) + agreement_content()
                     + _across("RECEIVED", 440, 700, 14, 25, 0.0))


def watermark_letters() -> bytes:
    """"SAMPLE" across the page, one slanted letter at a time."""
    letters = b"".join(_across(ch, 120 + 60 * k, 200 + 60 * k, 90, 45, 0.85) for k, ch in enumerate("SAMPLE"))
    return agreement(letters + agreement_content())


def watermark_pale() -> bytes:
    """"CONFIDENTIAL" level across the middle of the page, large and pale."""
    return agreement(_across("CONFIDENTIAL", 60, 400, 66, 0, 0.85) + agreement_content())


def large_dark_title() -> bytes:
    """The agreement with its title set large (a watermark's size) and black: a heading, kept."""
    from moadiff.extractors.pages import WATERMARK_SIZE

    title, rest = AGREEMENT[0], agreement_content()
    return agreement(rest.replace(show(title, 72, 740), show(title, 24, 740, WATERMARK_SIZE), 1))


def scan_layer_askew() -> bytes:
    """The agreement's text layer turned 2 degrees, as a scanner's OCR lays
    it over a page fed a little crooked: running text, kept."""
    return agreement(b"q 0.99939 0.03490 -0.03490 0.99939 10 -10 cm\n" + agreement_content() + b"Q\n")
