"""moadiff: compare versions of 287(g) Memoranda of Agreement clause by clause.

>>> import moadiff
>>> result = moadiff.compare("old.pdf", "new.docx")  # doctest: +SKIP
>>> result.summary, result.exit_status  # doctest: +SKIP

The names below are imported when first used (PEP 562), so that importing
one module (``moadiff.model``, say) does not load the whole pipeline.
Reports are made with ``moadiff.render.render(result, "html")``.
"""

import importlib
import typing

if typing.TYPE_CHECKING:
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
        Resources,
        Summary,
    )
    from moadiff.pipeline import compare, compare_documents

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
    "Resources",
    "Summary",
    "UnsupportedFormat",
    "compare",
    "compare_documents",
    "extract",
]

#: Where each public name lives.
_HOMES = {
    **dict.fromkeys(["EmptyDocument", "ExtractionError", "InputError", "MoadiffError", "OptionError",
                     "OutputError", "UnsupportedFormat"], "moadiff.errors"),
    **dict.fromkeys(["Clause", "ClauseChange", "Comparison", "Document", "DocumentInfo", "Edit", "Line",
                     "Notice", "Options", "Page", "Paragraph", "Profile", "Resources", "Summary"], "moadiff.model"),
    "compare": "moadiff.pipeline",
    "compare_documents": "moadiff.pipeline",
    "extract": "moadiff.extractors",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'moadiff' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # found once; later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
