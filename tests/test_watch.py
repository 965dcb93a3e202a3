"""The watch list: changed clauses on watched topics are found, listed first and highlighted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import moadiff
from moadiff.cli import cli
from moadiff.errors import OptionError
from moadiff.model import Clause, ClauseChange, Options
from moadiff.watch import DEFAULT_TOPICS, mark_watched, read_watch_file, spans, topics
from moadiff.worddiff import diff_words

ISSUE_TOPICS = ["costs", "liability", "training", "complaints", "civil rights", "detainers", "warrantless",
                "suspension", "language", "data"]


def test_default_list_covers_the_287g_topics() -> None:
    names = " ".join(t.name for t in DEFAULT_TOPICS)
    for topic in ISSUE_TOPICS:
        assert topic in names


@pytest.mark.parametrize(("text", "topic"), [
    ("The LEA shall reimburse ICE for overtime.", "costs and reimbursement"),
    ("The LEA will indemnify and hold harmless ICE.", "liability and indemnification"),
    ("An I-247A detainer may be lodged.", "detainers"),
    ("Officers may arrest without a warrant when", "warrantless arrest"),
    ("Either party may terminate this MOA.", "suspension and termination"),
    ("Interpretation services in the language the alien understands", "language access"),
    ("in accordance with civil rights law", "civil rights"),
])
def test_default_topics_find_their_words(text: str, topic: str) -> None:
    assert topic in {name for _, _, name in spans(text, Options())}


def test_words_inside_other_words_do_not_match() -> None:
    # "costume" is not "cost", "datamatics" is not "data", "retraining" is not "training"
    assert spans("a costume from datamatics, and retraining", Options()) == []


def test_user_terms_are_literal_whole_words_with_an_optional_stem() -> None:
    options = Options(watch=("body camera*", "U.S.C."), watch_defaults=False)
    assert [t.name for t in topics(options)] == ["body camera*", "U.S.C."]
    text = "Body  cameras under 8 U.S.C. 1357; USxC is not it; body cam is not either."
    assert [text[a:b] for a, b, _ in spans(text, options)] == ["Body  cameras", "U.S.C."]


# Words the topics' patterns know, with case changes, hyphens and the
# characters whose case folding differs from lower() (long s, Kelvin sign).
_PIECES = ["cost", "Costs", "FUNDING", "reimbursed", "Title VI", "title  vi", "I-247A", "i-247", "LEP", "lep",
           "without a warrant", "WITHOUT an administrative warrants", "arrest without", "civil\nrights",
           "Recordkeeping", "data", "ſuspend", "\u212aLEP", "body cameras", "retraining", "-data", "data-",
           "ß", "STRASSE", "x", " ", ".", "\u0130", "interpreting"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12), st.lists(st.sampled_from(["body camera*", "straße",
                                                                                      "LEP", "title vi"])))
def test_the_literal_pre_check_never_hides_a_mention(pieces: list[str], user: list[str]) -> None:
    # The cheap check before each search (a casefolded literal the mention
    # must contain) gives the same mentions as searching every topic.
    text = " ".join(pieces)
    options = Options(watch=tuple(user))
    every = sorted((m.start(), m.end(), t.name) for t in topics(options) for m in t.pattern.finditer(text))
    got = spans(text, options)
    assert {s[:2] for s in got} <= {s[:2] for s in every}
    assert len(got) == 0 or every
    for start, end, _ in every:
        assert any(a < end and start < b for a, b, _ in got)


def test_empty_user_term_is_an_option_error() -> None:
    with pytest.raises(OptionError):
        topics(Options(watch=("**",)))


def test_watch_file_skips_blanks_and_comments(tmp_path: Path) -> None:
    f = tmp_path / "terms.txt"
    f.write_text("# our list\nbody camera*\n\n  fingerprints  # biometrics\n", encoding="utf-8")
    assert read_watch_file(f) == ("body camera*", "fingerprints")


def _pair(tmp_path: Path) -> tuple[Path, Path]:
    base = Path(__file__).resolve().parents[1] / "samples"
    return base / "old.txt", base / "new.txt"


def test_only_substantively_changed_clauses_are_marked(tmp_path: Path) -> None:
    result = moadiff.compare(*_pair(tmp_path))
    watched = [c for c in result.changes if c.watch]
    assert watched, "the sample pair changes clauses about training and complaints"
    for change in result.changes:
        if change.watch:
            assert change.is_substantive
            text = " ".join(c.full_text for c in (change.old, change.new) if c is not None)
            assert {name for _, _, name in spans(text, result.options)} >= set(change.watch)
        elif change.is_substantive:
            # Unwatched: no changed words mention a topic (their sentences may not either).
            changed = " ".join(e.old + " " + e.new for e in change.edits if e.kind == "substantive")
            assert spans(changed, result.options) == []
            if change.old is None or change.new is None or change.moved:
                text = " ".join(c.full_text for c in (change.old, change.new) if c is not None)
                assert spans(text, result.options) == []


def test_no_default_watch_and_own_terms(tmp_path: Path) -> None:
    result = moadiff.compare(*_pair(tmp_path), watch_defaults=False, watch=("nominate*",))
    assert {t for c in result.changes for t in c.watch} <= {"nominate*"}
    assert moadiff.compare(*_pair(tmp_path), watch_defaults=False).changes[0].watch == ()


def test_cli_watch_in_json_and_html(tmp_path: Path) -> None:
    old, new = _pair(tmp_path)
    terms = tmp_path / "terms.txt"
    terms.write_text("intake*\n", encoding="utf-8")
    out_json, out_html = tmp_path / "r.json", tmp_path / "r.html"
    res = CliRunner().invoke(cli, ["compare", str(old), str(new), "--no-default-watch", "--watch-file", str(terms),
                                   "--watch", "internal review", "-o", str(out_json), "-o", str(out_html)])
    assert res.exit_code == 1, res.output
    data = json.loads(out_json.read_text())
    assert data["watch"]["topics"] == ["internal review", "intake*"]
    listed = data["watch"]["changes"]
    assert listed and listed == sorted(listed)
    assert all(data["changes"][i]["watch"] for i in listed)
    html = out_html.read_text()
    assert 'id="attention"' in html and '<mark class="watch"' in html
    # the attention list comes before the clause-by-clause section
    assert html.index('id="attention"') < html.index('id="changes"')


def _clause(text: str, title: str = "") -> Clause:
    return Clause("IV.H", "H.", title, text, 1, 1, 2, "subsection")


def _changed(old: str, new: str, title: str = "") -> ClauseChange:
    a, b = _clause(old, title), _clause(new, title)
    edits = diff_words(a.full_text, b.full_text)
    return ClauseChange("modified", False, a, b, 0.9, edits)


def test_a_topic_comes_from_the_changed_words_or_their_sentence_not_the_clause() -> None:
    other = "The LEA bears the costs of training. "
    # The change is in a sentence about complaints: the clause's other
    # sentence (costs, training) does not count.
    change = _changed(other + "Complaints go to OPR within 30 days.", other + "Complaints go to OPR within 10 days.")
    (marked,) = mark_watched([change], Options())
    assert marked.watch == ("complaints",)
    # The changed words themselves name a topic in a neutral sentence.
    change = _changed(other + "Officers answer to the FOD.", other + "Officers answer to the FOD and get overtime.")
    assert mark_watched([change], Options())[0].watch == ("costs and reimbursement",)


def test_an_edit_of_grammar_words_takes_no_topic_from_its_sentence() -> None:
    sentence = "Personnel acting {}authorized by this MOA are immune from liability under State law."
    change = _changed(sentence.format("as "), sentence.format(""))
    assert [e.old for e in change.edits if e.op != "equal"] == ["as"]
    assert mark_watched([change], Options())[0].watch == ()
    # "not" is no grammar word: it changes what the sentence says about liability.
    change = _changed(sentence.format(""), sentence.format("not "))
    assert mark_watched([change], Options())[0].watch == ("liability and indemnification",)


def test_a_title_word_does_not_tag_a_change_elsewhere_in_the_clause() -> None:
    # "trained" in the clause's preamble is not what changed.
    text = "ICE delegates nominated, trained, certified and authorized LEA personnel. The LEA is in {}."
    change = _changed(text.format("Texas"), text.format("Ohio"))
    assert mark_watched([change], Options())[0].watch == ()


def test_added_removed_and_moved_clauses_are_all_of_their_text() -> None:
    removed = ClauseChange("removed", False, _clause("Interpreters are provided."), None, 0.0)
    assert mark_watched([removed], Options())[0].watch == ("language access",)


JEM_2020 = Path(__file__).resolve().parents[1] / "../shared/moa/287gJEM_GalvestonCoTX_06-08-2020.pdf"
JEM_2025 = Path(__file__).resolve().parents[1] / "../shared/moa/GraysonCountyDCKY_JEM_MOA_030425.pdf"


@pytest.mark.skipif(not JEM_2020.exists(), reason="needs ../shared/moa")
def test_jem_2020_2025_iv_h_carries_no_topic_for_a_dropped_as() -> None:
    result = moadiff.compare(JEM_2020, JEM_2025)
    (ivh,) = [c for c in result.changes if c.new is not None and c.new.id == "IV.H"]
    assert [e.old for e in ivh.edits if e.kind == "substantive"] == ["as"]
    assert ivh.watch == ()
    # IV.B's "activities within their respective jurisdictions" stands in a
    # sentence about nominating candidates for ICE training.
    (ivb,) = [c for c in result.changes if c.new is not None and c.new.id == "IV.B"]
    assert ivb.watch == ("training",)
    # IV.F's "utilized" -> "followed" stands in a sentence on no topic.
    (ivf,) = [c for c in result.changes if c.new is not None and c.new.id == "IV.F"]
    assert [e.new for e in ivf.edits if e.kind == "substantive"] == ["followed"]
    assert ivf.watch == ()
