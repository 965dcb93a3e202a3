"""Baseline for benchmarks/speed.sh: raw pypdfium2 text of the given PDFs."""

import sys

import pypdfium2 as pdfium

for path in sys.argv[1:]:
    pdf = pdfium.PdfDocument(path)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    print(path, len(text))
