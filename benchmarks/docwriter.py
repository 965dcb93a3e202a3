"""Render an agreement given as a list of clauses to PDF, DOCX or plain text.

The samples and the planted-edit benchmark both need the *same* agreement
laid out in different ways (font, size, margins, spacing, running footer),
so that a comparison can be checked for never reporting layout as a change.
This module holds a tiny agreement model and three writers; it is not part
of the moadiff package (it needs reportlab, which moadiff does not).

>>> a = Agreement(
...     title_lines=["MEMORANDUM OF AGREEMENT"],
...     clauses=[Clause("I.", "PARTIES", ["This MOA is made between ICE and the LEA."])],
...     agency="Riverside County Sheriff's Office",
... )
>>> write_txt(a, "/tmp/moa.txt")  # doctest: +SKIP

Layout choices live in :class:`Layout`; :func:`random_layout` draws one from
a ``random.Random`` so a benchmark can vary it deterministically.
"""

from __future__ import annotations

import io
import os
import random
import re
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

__all__ = [
    "Agreement",
    "Clause",
    "Layout",
    "random_layout",
    "write_docx",
    "write_pdf",
    "write_txt",
]


@dataclass
class Clause:
    """One numbered (or unnumbered) unit of an agreement.

    ``label`` is printed before the title ("IV.", "B.", "APPENDIX A", "1." or
    ""); ``level`` is the nesting depth (0 for sections and appendices).
    """

    label: str
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    level: int = 0

    @property
    def heading(self) -> str:
        return " ".join(p for p in (self.label, self.title) if p)


@dataclass
class Agreement:
    title_lines: list[str]
    clauses: list[Clause]
    #: Printed in the running footer.
    agency: str = ""


@dataclass(frozen=True)
class Layout:
    """How an agreement is laid out; none of it is content.

    ``footer`` is a tuple of lines; each line is up to three tab-separated
    parts placed left, centre and right, with ``{page}`` and ``{agency}``
    filled in. ``("{agency}\\t{page}\\tRevised 02/15/2025",)`` is the 2025
    template's footer; ``("\\t{page}\\t", "\\t{agency}\\t")`` with
    ``footer_from_page=2`` for the agency line is the 2020 one.
    """

    font: str = "Times-Roman"  # a reportlab built-in: Times-Roman, Helvetica, Courier
    font_size: float = 12.0
    margins: tuple[float, float, float, float] = (72.0, 72.0, 72.0, 72.0)  # left, right, top, bottom (pt)
    line_spacing: float = 1.15  # leading as a multiple of the font size
    space_after: float = 0.6  # space after a paragraph, in multiples of the font size
    justify: bool = False
    first_line_indent: float = 0.0
    footer: tuple[str, ...] = ("{agency}\t{page}\tRevised 02/15/2025",)
    #: Lines of ``footer`` with index >= 1 start on this page (the 2020 style
    #: prints only the page number on page 1).
    footer_from_page: int = 1
    header: str = ""
    #: Start each appendix (and the signature block) on a new page.
    break_before_appendix: bool = True
    #: Share of pages whose footer is printed as OCR misreads a footer, a
    #: different way on each page (benchmarks.ocrnoise.footer_variant).
    footer_noise: float = 0.0
    #: A watermark drawn on every page under the text (PDF only): its text,
    #: the angle it is turned (degrees), its largest size (pt; smaller when
    #: the text would not fit across the page) and its grey (0 black, 1 white).
    watermark: str = ""
    watermark_angle: float = 45.0
    watermark_size: float = 100.0
    watermark_gray: float = 0.8


_BOLD = {"Times-Roman": "Times-Bold", "Helvetica": "Helvetica-Bold", "Courier": "Courier-Bold"}
_WORD_FONT = {"Times-Roman": "Times New Roman", "Helvetica": "Arial", "Courier": "Courier New"}


def random_layout(rng: random.Random, *, revised: str = "02/15/2025") -> Layout:
    """Draw a layout: font, size 10-12.5, margins, spacing, footer style."""
    font = rng.choice(list(_BOLD))
    size = rng.choice([10.0, 10.5, 11.0, 11.5, 12.0, 12.5])
    if font == "Courier" and size > 11:
        size = 11.0  # Courier is wide; keep documents of a sane length
    side = rng.choice([54.0, 63.0, 72.0, 90.0])
    margins = (side, rng.choice([54.0, 72.0, side]), rng.choice([54.0, 72.0]), rng.choice([54.0, 72.0]))
    style = rng.randrange(3)
    if style == 0:
        footer: tuple[str, ...] = ("{agency}\t{page}\tRevised " + revised,)
        from_page = 1
    elif style == 1:
        footer = ("\t{page}\t", "\t{agency}\t")
        from_page = 2
    else:
        footer = ("Page {page}\t\t{agency}",)
        from_page = 1
    header = rng.choice(["", "", "Revised " + revised])
    return Layout(
        font=font,
        font_size=size,
        margins=margins,
        line_spacing=rng.choice([1.1, 1.15, 1.25, 1.4]),
        space_after=rng.choice([0.4, 0.6, 0.8]),
        justify=rng.random() < 0.4,
        first_line_indent=rng.choice([0.0, 0.0, 18.0]),
        footer=footer,
        footer_from_page=from_page,
        header=header,
        break_before_appendix=rng.random() < 0.8,
    )


def _is_appendix(clause: Clause) -> bool:
    return clause.label.upper().startswith(("APPENDIX", "ADDENDUM")) or (
        not clause.label and clause.title.upper().startswith(("APPENDIX", "ADDENDUM"))
    )


def _is_bullet(text: str) -> bool:
    return text.startswith(("\u2022 ", "- ", "o "))


# --------------------------------------------------------------------------- PDF


def write_pdf(agreement: Agreement, path: str | os.PathLike[str], *, layout: Layout = Layout()) -> None:
    """Write ``agreement`` as a letter-size PDF, reproducibly (``invariant=1``)."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer

    size = layout.font_size
    bold = _BOLD.get(layout.font, layout.font)
    leading = size * layout.line_spacing
    body = ParagraphStyle(
        "body",
        fontName=layout.font,
        fontSize=size,
        leading=leading,
        spaceAfter=size * layout.space_after,
        alignment=TA_JUSTIFY if layout.justify else TA_LEFT,
        firstLineIndent=layout.first_line_indent,
    )
    bullet = ParagraphStyle("bullet", parent=body, firstLineIndent=0, leftIndent=27, bulletIndent=12)
    heading = ParagraphStyle(
        "heading", parent=body, fontName=bold, firstLineIndent=0, alignment=TA_LEFT,
        spaceBefore=size * 0.5, keepWithNext=1,
    )
    centred = ParagraphStyle("centred", parent=heading, alignment=TA_CENTER)

    def indent(style: ParagraphStyle, level: int) -> ParagraphStyle:
        if level == 0:
            return style
        return ParagraphStyle(f"{style.name}{level}", parent=style, leftIndent=style.leftIndent + 18 * level)

    story: list[object] = []
    for line in agreement.title_lines:
        story.append(Paragraph(escape(line), centred))
    story.append(Spacer(1, size))
    for i, clause in enumerate(agreement.clauses):
        if i and layout.break_before_appendix and _is_appendix(clause):
            story.append(PageBreak())
        block: list[object] = []
        paras = [escape(p) for p in clause.paragraphs]
        if _is_appendix(clause):
            block.append(Paragraph(escape(clause.label or clause.title), centred))
            if clause.label and clause.title:
                block.append(Paragraph(escape(clause.title), centred))
        elif clause.title:
            block.append(Paragraph(escape(clause.heading), indent(heading, clause.level)))
        elif clause.label:
            # A numbered item without a title: the label leads its first paragraph.
            paras[:1] = [f"<b>{escape(clause.label)}</b> {paras[0] if paras else ''}"]
        for para in paras:
            if _is_bullet(para):
                block.append(Paragraph(para[2:], indent(bullet, clause.level), bulletText=_bullet_char(para)))
            else:
                block.append(Paragraph(para, indent(body, clause.level)))
        # A heading stays with the first lines of its text (keepWithNext does
        # this too, but only when the heading is followed in the same frame).
        if len(block) > 1:
            story.append(KeepTogether(block[:2]))
            story.extend(block[2:])
        else:
            story.extend(block)

    def furniture(canvas: object, doc: object) -> None:
        c = canvas  # reportlab's Canvas
        page = c.getPageNumber()  # type: ignore[attr-defined]
        width, height = letter
        left, right, top, bottom = layout.margins
        if layout.watermark:  # drawn first, so under the text, as a word processor lays it
            from reportlab.pdfbase.pdfmetrics import stringWidth

            span = (width ** 2 + height ** 2) ** 0.5 if layout.watermark_angle else width
            mark = min(layout.watermark_size, 0.8 * span / stringWidth(layout.watermark, bold, 1))
            c.saveState()  # type: ignore[attr-defined]
            c.setFillGray(layout.watermark_gray)  # type: ignore[attr-defined]
            c.setFont(bold, mark)  # type: ignore[attr-defined]
            c.translate(width / 2, height / 2)  # type: ignore[attr-defined]
            c.rotate(layout.watermark_angle)  # type: ignore[attr-defined]
            c.drawCentredString(0, -mark / 3, layout.watermark)  # type: ignore[attr-defined]
            c.restoreState()  # type: ignore[attr-defined]
        c.saveState()  # type: ignore[attr-defined]
        c.setFont(layout.font, max(8.0, size - 2))  # type: ignore[attr-defined]
        y = bottom / 2 + (len(layout.footer) - 1) * (size - 1)
        for n, line in enumerate(layout.footer):
            if n >= 1 and page < layout.footer_from_page:
                continue
            text = line.format(page=page, agency=agreement.agency)
            if layout.footer_noise:
                from benchmarks.ocrnoise import footer_variant

                rng = random.Random(f"{agreement.agency}:{page}:{n}")
                text = footer_variant(text, rng) if rng.random() < layout.footer_noise else text
            parts = (text.split("\t") + ["", ""])[:3]
            if parts[0]:
                c.drawString(left, y, parts[0])  # type: ignore[attr-defined]
            if parts[1]:
                c.drawCentredString(width / 2, y, parts[1])  # type: ignore[attr-defined]
            if parts[2]:
                c.drawRightString(width - right, y, parts[2])  # type: ignore[attr-defined]
            y -= size
        if layout.header:
            c.drawRightString(width - right, height - top / 2, layout.header.format(page=page, agency=agreement.agency))  # type: ignore[attr-defined]
        c.restoreState()  # type: ignore[attr-defined]

    left, right, top, bottom = layout.margins
    doc = SimpleDocTemplate(
        os.fspath(path),
        pagesize=letter,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=" ".join(agreement.title_lines[:1]),
        author="moadiff benchmarks",
        creator="moadiff benchmarks",
        producer="moadiff benchmarks",
        subject="",
        invariant=1,
        pageCompression=1,
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)


def _bullet_char(para: str) -> str:
    return {"\u2022": "\u2022", "-": "\u2013", "o": "o"}[para[0]]


# --------------------------------------------------------------------------- DOCX

_FIXED_TIME = (2025, 2, 15, 0, 0, 0)


def write_docx(agreement: Agreement, path: str | os.PathLike[str], *, layout: Layout = Layout()) -> None:
    """Write ``agreement`` as a DOCX: labels as plain text, the footer in the
    section footer (with a PAGE field), explicit page breaks before appendices.

    The file is reproducible: fixed core properties and zip timestamps.
    """
    import datetime as dt

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = _WORD_FONT.get(layout.font, layout.font)
    normal.font.size = Pt(layout.font_size)
    fmt = normal.paragraph_format
    fmt.line_spacing = layout.line_spacing
    fmt.space_after = Pt(layout.font_size * layout.space_after)
    fmt.space_before = Pt(0)

    section = d.sections[0]
    left, right, top, bottom = layout.margins
    section.left_margin, section.right_margin = Pt(left), Pt(right)
    section.top_margin, section.bottom_margin = Pt(top), Pt(bottom)

    def add_page_field(paragraph: object) -> None:
        run = paragraph.add_run()  # type: ignore[attr-defined]
        for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "end")):
            el = OxmlElement(tag)
            if attr:
                el.set(qn("w:fldCharType"), attr)
            else:
                el.set(qn("xml:space"), "preserve")
                el.text = "PAGE"
            run._r.append(el)

    footers = [(section.footer, layout.footer)]
    if layout.footer_from_page > 1 and len(layout.footer) > 1:
        # The 2020 style: page 1 carries only the first footer line.
        section.different_first_page_header_footer = True
        footers.append((section.first_page_footer, layout.footer[:1]))
    for footer, lines in footers:
        footer.is_linked_to_previous = False
        _fill_footer(footer, lines, agreement.agency, add_page_field)
    if layout.header:
        hp = section.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        hp.add_run(layout.header.replace("{page}", "").format(agency=agreement.agency))
        if layout.footer_from_page > 1 and len(layout.footer) > 1:
            fp = section.first_page_header.paragraphs[0]
            fp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fp.add_run(layout.header.replace("{page}", "").format(agency=agreement.agency))

    for line in agreement.title_lines:
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True
    for i, clause in enumerate(agreement.clauses):
        if i and layout.break_before_appendix and _is_appendix(clause):
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        indent = Pt(18 * clause.level) if clause.level else None
        paras = list(clause.paragraphs)
        if _is_appendix(clause):
            for text in (clause.label, clause.title) if clause.label else (clause.title,):
                if text:
                    p = d.add_paragraph()
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    p.add_run(text).bold = True
                    p.paragraph_format.keep_with_next = True
        elif clause.title:
            p = d.add_paragraph()
            p.add_run(clause.heading).bold = True
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.left_indent = indent
        elif clause.label and paras:
            p = d.add_paragraph()
            p.add_run(clause.label + " ").bold = True
            p.add_run(paras.pop(0))
            p.paragraph_format.left_indent = indent
        for text in paras:
            p = d.add_paragraph()
            if _is_bullet(text):
                p.add_run(_bullet_char(text) + "\t" + text[2:])
                p.paragraph_format.left_indent = Pt(18 * clause.level + 27)
                p.paragraph_format.first_line_indent = Pt(-15)
            else:
                p.add_run(text)
                p.paragraph_format.left_indent = indent
                if layout.first_line_indent:
                    p.paragraph_format.first_line_indent = Pt(layout.first_line_indent)
            if layout.justify:
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    fixed = dt.datetime(*_FIXED_TIME)
    props = d.core_properties
    props.author = props.last_modified_by = "moadiff benchmarks"
    props.title = " ".join(agreement.title_lines[:1])
    props.created = props.modified = props.last_printed = fixed
    props.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    _write_zip_reproducibly(buf.getvalue(), path)


def _fill_footer(footer: object, lines: tuple[str, ...], agency: str, add_page_field: object) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for n, line in enumerate(lines):
        para = footer.paragraphs[0] if n == 0 else footer.add_paragraph()  # type: ignore[attr-defined]
        parts = (line.split("\t") + ["", ""])[:3]
        filled = [p for p in parts if p]
        if parts[1] and not parts[0] and not parts[2]:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for k, part in enumerate(filled):
            if k:
                para.add_run("\t")
            for j, piece in enumerate(part.split("{page}")):
                if j:
                    add_page_field(para)  # type: ignore[operator]
                if piece:
                    para.add_run(piece.format(agency=agency))


def _write_zip_reproducibly(data: bytes, path: str | os.PathLike[str]) -> None:
    """Rewrite a zip with fixed member timestamps (python-docx stamps the
    current time on every member, so two runs would differ)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    with open(path, "wb") as f:
        f.write(out.getvalue())


# --------------------------------------------------------------------------- text


def write_txt(agreement: Agreement, path: str | os.PathLike[str], *, layout: Layout | None = None) -> None:
    """Write plain text: one paragraph per line, a blank line between them.

    ``layout`` is accepted for symmetry with the other writers and ignored.
    """
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(to_text(agreement))


def to_text(agreement: Agreement) -> str:
    blocks: list[str] = list(agreement.title_lines[:1])
    if len(agreement.title_lines) > 1:
        blocks[0] = "\n".join(agreement.title_lines)
    for clause in agreement.clauses:
        paras = list(clause.paragraphs)
        if _is_appendix(clause) and clause.label and clause.title:
            blocks.append(f"{clause.label}\n{clause.title}")
        elif clause.title:
            blocks.append(clause.heading)
        elif clause.label and paras:
            paras[0] = f"{clause.label} {paras[0]}"
        blocks.extend(paras)
    return "\n\n".join(b for b in blocks if b) + "\n"


_WORD = re.compile(r"\S+")


def words(text: str) -> list[str]:
    """The whitespace-separated words of ``text`` (what the writers print)."""
    return _WORD.findall(text)
