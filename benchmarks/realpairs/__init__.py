"""Real-pairs benchmark: what moadiff reports as substantive on pairs of real agreements.

    .venv/bin/python -m benchmarks.realpairs [--cache-dir D] [--only NAME] [--json out.json] [--verbose]

Run it from the repository root; the agreements are read from
``../shared/moa`` and ``../shared/corpus``. One module per job:

    gold.toml (pairs and their expected template changes) -> gold -> score -> __main__ (the table)

``gold.toml`` lists pairs of real agreements of two kinds:

- **same-template** pairs: two agencies' agreements of one model and one
  template revision. Reading both texts (and the page images of scans)
  found no difference of template language between them, only fill-ins,
  OCR misreadings and layout, so their expected list is empty;
- **cross-revision** pairs: agreements of one model across template
  revisions, with the template changes found by reading both texts.

``runs/`` keeps dated ``--json`` outputs, a commit's figures beside another's
measured on the same cache.

The gold was written by reading the documents, never from moadiff's output.
An expected change is an ``old`` and a ``new`` word sequence (either may be
empty). It is *found* when one substantive unit of the comparison (an edit
of kind ``substantive``; an edit of kind ``moved``, text that came from or
went to another clause, which reports show as moved, not as new language;
or a whole clause added or removed) holds the
expected old words on its old side and the new words on its new side, as
contiguous runs of words compared case- and punctuation-blind, with the
letter shapes OCR confuses most folded (l, I, 1; O, 0; e, c).

The words a comparison *claims* are the words of its substantive units, old
side plus new side (moved text finds an expected change, but claims nothing:
it is not reported as new language). Those a found expected change accounts for are
subtracted to give the words claimed *beyond* the expected ones (all the
words of a clause added or removed whole, when the change is that clause).

>>> from benchmarks.realpairs.score import Unit, Expected, score_units
>>> units = [Unit(("not", "more", "frequently"), ("not", "more", "frequently", "than")),
...          Unit(("THIRD",), ("TIDRD",))]
>>> s = score_units(units, [Expected("", "than")])
>>> s.found, s.missed, s.claimed, s.beyond
(1, 0, 9, 8)
"""
