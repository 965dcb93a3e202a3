"""Plain-text reader: form feeds separate pages, blank lines separate paragraphs.

>>> doc = extract_text("a.txt", b"I. PARTIES\\nThis MOA...\\n\\fII. PURPOSE", "0" * 64, Options())
>>> [(l.page, l.text) for p in doc.pages for l in p.lines]
[(1, 'I. PARTIES'), (1, 'This MOA...'), (2, 'II. PURPOSE')]
"""

from __future__ import annotations

from moadiff.model import Document, Line, Options, Page


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), falling back to Windows-1252 text."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def extract_text(path: str, data: bytes, sha256: str, options: Options) -> Document:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    pages: list[Page] = []
    for number, chunk in enumerate(text.split("\f"), start=1):
        lines: list[Line] = []
        blank_before = True
        for raw in chunk.split("\n"):
            if not raw.strip():
                blank_before = True
                continue
            lines.append(Line(raw.rstrip(), number, source="txt", starts_paragraph=blank_before))
            blank_before = False
        pages.append(Page(number, tuple(lines), text_quality="good" if lines else "none"))
    while len(pages) > 1 and not pages[-1].lines:
        pages.pop()
    return Document(path=path, sha256=sha256, format="txt", pages=tuple(pages), engine="text")
