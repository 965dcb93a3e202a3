"""moadiff: compare versions of 287(g) Memoranda of Agreement clause by clause.

>>> import moadiff
>>> result = moadiff.compare("old.pdf", "new.docx")  # doctest: +SKIP
>>> result.summary, result.exit_status  # doctest: +SKIP
"""

from moadiff.pipeline import compare, compare_documents
from moadiff.errors import (
    EmptyDocument,
    ExtractionError,
    InputError,
    MoadiffError,
    OptionError,
    OutputError,
    UnsupportedFormat,
)
from moadiff.extractors import extract
from moadiff.model import (
    Clause,
    ClauseChange,
    Comparison,
    Document,
    DocumentInfo,
    Edit,
    Line,
    Notice,
    Options,
    Page,
    Paragraph,
    Profile,
    Summary,
)

__version__ = "0.1.0"

__all__ = [
    "Clause",
    "ClauseChange",
    "Comparison",
    "Document",
    "DocumentInfo",
    "Edit",
    "EmptyDocument",
    "ExtractionError",
    "InputError",
    "Line",
    "MoadiffError",
    "Notice",
    "OptionError",
    "Options",
    "OutputError",
    "Page",
    "Paragraph",
    "Profile",
    "Summary",
    "UnsupportedFormat",
    "compare",
    "compare_documents",
    "extract",
]
