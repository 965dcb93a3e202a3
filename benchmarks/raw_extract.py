"""Baseline for benchmarks/speed.sh and batch.sh: raw text of the given files.

PDFs with pypdfium2 (the text of each page), DOCX with python-docx (the body
paragraphs); a folder stands for the PDF and DOCX files in it. Prints each
path and the length of its text.
"""

import sys
from pathlib import Path

import pypdfium2 as pdfium


def paths(args):
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            yield from sorted(str(q) for q in p.iterdir() if q.suffix.lower() in (".pdf", ".docx"))
        else:
            yield arg


for path in paths(sys.argv[1:]):
    if path.lower().endswith(".docx"):
        import docx  # only when there is one: speed.sh times PDFs alone

        text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    else:
        pdf = pdfium.PdfDocument(path)
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
    print(path, len(text))
