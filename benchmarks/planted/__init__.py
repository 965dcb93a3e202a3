"""Planted-edit benchmark: word-level precision and recall of moadiff's substantive changes.

    .venv/bin/python -m benchmarks.planted --pairs 40 --seed 1 [--docx-share 0.25] [--json out.json] [--fill-ins]
        [--ocr-noise 0.02] [--image-only [--dpi 150-300]] [--damaged-headings 0.25]
        [--move-edits] [--cache-dir DIR]

Run it from the repository root. One module per job, data flowing one way:

    sources (the shared PDFs) -> parsing -> model (Doc, Node, Tok) -> planting -> Pair
        -> pair (render: fillins, noise; compare) -> streams -> scoring -> __main__ (the table)
                                                  (fake: a report made from the ground truth)

1. The 62 real agreements in ../shared/moa/ and ../shared/corpus/ are read
   (``sources``: the text layer with pypdfium2, pages without one by
   moadiff's OCR, once, kept under the output folder) and parsed (by a
   simple parser of our own, ``parsing``) into docwriter's Agreement model:
   running footers dropped, lines rejoined into paragraphs, headings found.
   A scan read so badly that fewer than three clauses come out is left out.
2. For each pair, seeded edits are planted in a copy (``planting``): a word
   or a number changed, a sentence inserted or deleted, a subsection
   inserted or deleted (later ones renumber), a leaf clause moved. Every
   word of the title and paragraphs of every clause carries the id of the
   edit that changed it (or none), on the old side and on the new side
   (``model``). Labels are not words: a renumbered "D." that became "C." is
   no change.
3. Old and new are rendered with different layouts (PDF; some new sides as
   DOCX) under benchmarks/out/, and compared with ``moadiff.compare``
   (``pair``).
4. The words moadiff reports as substantively changed are aligned with the
   ground truth, side by side (``streams``, ``scoring``): precision = true /
   reported, recall = true / planted. The words of an added or removed
   clause are reported, but those it lists as moved to or from another
   clause, like a moved edit of a changed clause. Moves are scored apart: a
   moved clause must come out ``moved``.
5. A plain difflib word diff of the two whole extracted texts is scored the
   same way, as the baseline.

With ``--fill-ins`` the new side of each pair also belongs to another,
made-up agency (``fillins``): every place the source names its agency (the
name as the text spells it, OCR variants included, its abbreviation "BCSO",
"Bay County" in "Bay County Jail"; see benchmarks/fillvalues.py) reads the
new agency's instead, and the empty form fields of the 2025 forms are
filled (with the real agency on the old side). The words that differ are
fill-ins ("fill-in-agency"), not planted changes: moadiff should report
them with kind "fill-in". Reported as "substantive" they are false
positives; precision is printed over all words and excluding the words of
replaced agency names, and fill-in recall is the share of fill-in words
reported as "fill-in". The planted edits are drawn as without the flag (the
agency comes from a separate random stream), except for the forms with
empty fields, whose text the filling changes.

With ``--ocr-noise RATE`` the old side of each pair is damaged before it is
rendered, as a scanner's OCR would read it (``noise``): RATE of its words
(never words of a planted edit or of an agency name) are misread with the
confusions of benchmarks/ocrnoise.py ("perform" -> "perfonn", "(1)" ->
"(l)", "DHS" -> "OHS", "Joint Intake" -> "Jointlntake", a dropped or doubled
letter, stray punctuation). The injected words ("ocr-noise-injected") are
not planted changes: reported as "substantive" they are false positives
(like their clean counterparts on the new side); noise recall is the share
of injected words not reported substantive (reported "ocr-noise", another
kind, or not at all).

With ``--move-edits`` each moved clause is also edited (a word changed, a
sentence inserted), as template revisions do: it must come out as one
change, moved and modified, not removed plus added.

With ``--image-only`` the old side's PDF becomes a PDF of page images (200
dpi grayscale, or ``--dpi``: one resolution or a range drawn from per pair;
slightly blurred and rotated, no text layer), which moadiff must OCR. The
ground truth is unchanged: the images show the same words. The difflib
baseline reads the text-layer PDF from before the imaging. The same seed
gives the same bytes, so with ``--cache-dir DIR`` (moadiff's cache for the
comparisons) a second run OCRs no page the first one read.

With ``--damaged-headings SHARE``, in that share of pairs one section or
appendix label is printed on one side as OCR misreads it ("I." as "1", "i"
or "l.", "VI." as "Vl", "APPENDIX C" as "APPENDIXC" or "APPEND[X C";
``headings``). Labels are not words, so this plants nothing: a heading the
segmenter misses shows as false words.

Besides the totals, every pair that claims more than 1.5x its planted words
+ 20 is listed with its claimed and planted words (``__main__.outliers``).

The parsed text is the ground truth only because it is what we render; it
does not need to be a perfect reading of the real agreement.

The names below are the package's public face (the corpus and redline
benchmarks and the tests use them); each lives in the module named above.
"""

from __future__ import annotations

from benchmarks.docwriter import Agreement, Clause
from benchmarks.planted.fake import fake_report
from benchmarks.planted.fillins import apply_agency, fill_blanks, mark_agency
from benchmarks.planted.model import (
    EDIT_TYPES,
    FILL_TYPE,
    NOISE_TYPE,
    Doc,
    Node,
    Pair,
    Planted,
    Tok,
    flatten,
    renumber,
    sibling_groups,
    to_agreement,
    to_doc,
)
from benchmarks.planted.noise import inject_noise
from benchmarks.planted.pair import AGENCIES, make_pair, run_pair
from benchmarks.planted.parsing import parse_pages, roman_value, strip_furniture, to_roman
from benchmarks.planted.planting import Planter, plant
from benchmarks.planted.scoring import Score, align, score, score_from_dict, score_side
from benchmarks.planted.sources import (
    IMAGE_ONLY,
    SHARED,
    document_text,
    docx_text,
    parse_pdf,
    pdf_page_texts,
    source_paths,
)
from benchmarks.planted.streams import (
    Word,
    baseline_streams,
    norm,
    opcodes,
    plain_stream,
    reported_streams,
    truth_stream,
)

__all__ = [
    "AGENCIES",
    "EDIT_TYPES",
    "FILL_TYPE",
    "IMAGE_ONLY",
    "NOISE_TYPE",
    "SHARED",
    "Agreement",
    "Clause",
    "Doc",
    "Node",
    "Pair",
    "Planted",
    "Planter",
    "Score",
    "Tok",
    "Word",
    "align",
    "apply_agency",
    "baseline_streams",
    "document_text",
    "docx_text",
    "fake_report",
    "fill_blanks",
    "flatten",
    "inject_noise",
    "make_pair",
    "mark_agency",
    "norm",
    "opcodes",
    "parse_pages",
    "parse_pdf",
    "pdf_page_texts",
    "plain_stream",
    "plant",
    "renumber",
    "reported_streams",
    "roman_value",
    "run_pair",
    "score",
    "score_from_dict",
    "score_side",
    "sibling_groups",
    "source_paths",
    "strip_furniture",
    "to_agreement",
    "to_doc",
    "to_roman",
    "truth_stream",
]
