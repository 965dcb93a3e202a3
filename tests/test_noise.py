"""OCR-noise labelling: misreadings become ``ocr-noise``, real changes stay ``substantive``."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moadiff import lexicon
from moadiff.extractors import extract
from moadiff.model import Clause, ClauseChange, Comparison, Edit, Op, Options, placed
from moadiff.noise import is_noise, label_noise, split_edit
from moadiff.pipeline import compare_parsed, parsed
from moadiff.worddiff import diff_words, loose_key, rebuild


def clause(text: str, cid: str = "IV.C", kind: str = "subsection") -> Clause:
    return Clause(cid, cid.split(".")[-1] + ".", "", text, 1, 1, 1, kind)


def change(old: str, new: str, cid: str = "IV.C", kind: str = "subsection") -> ClauseChange:
    return ClauseChange("modified", False, clause(old, cid, kind), clause(new, cid, kind), 0.9,
                        diff_words(old, new))


Row = tuple[str, str, str, str | None]
Real = tuple[Comparison, tuple[ClauseChange, ...]]


def labelled(old: str, new: str, *, old_doc: str = "", new_doc: str = "") -> list[Row]:
    """The non-equal edits of one clause, labelled against documents made of
    the clause and ``old_doc`` / ``new_doc`` (more text, for word counts)."""
    c = change(old, new)
    (out,) = label_noise([c], [c.old, clause(old_doc, "I")], [c.new, clause(new_doc, "I")])  # type: ignore[list-item]
    return [(e.op, e.old, e.new, e.kind) for e in out.edits if e.op != "equal"]


def kinds(old: str, new: str, **docs: str) -> list[str | None]:
    return [k for *_, k in labelled(old, new, **docs)]




# --------------------------------------------------------------------------- the confusion families


@pytest.mark.parametrize("old, new", [
    ("perfonn", "perform"),          # rm / nn
    ("tenns", "terms"),
    ("rnay", "may"),                 # rn / m
    ("infonnation", "information"),
    ("trammg", "training"),          # in / m
    ("(l)", "(1)"),                  # l / 1
    ("1346(b)(l),", "1346(b)(1),"),
    ("sha11", "shall"),
    ("lt", "It"),                    # l / I
    ("1O", "10"),                    # O / 0, in a mixed token
    ("0fficer", "Officer"),
    ("OHS", "DHS"),                  # O / D
    ("(FOO)", "(FOD)"),
    ("Oeportable", "Deportable"),
    ("cleadline", "deadline"),       # cl / d
    ("tbe", "the"),                  # h / b
    ("tliat", "that"),               # li / h
    ("riotice", "notice"),           # ri / n
    ("cany", "carry"),               # rr / n
    ("vvithin", "within"),           # vv / w
    ("proccdure", "procedure"),      # e / c
    ("5tate", "State"),              # 5 / S
    ("(QPR)", "(OPR)"),              # Q / O
    ("1-213,", "I-213,"),
])
def test_character_confusions_are_noise(old: str, new: str) -> None:
    assert is_noise(old, new) and is_noise(new, old)
    assert kinds(f"the {old} of it", f"the {new} of it") == ["ocr-noise"]


@pytest.mark.parametrize("old, new", [
    ("Jointlntake", "Joint Intake"),  # joined, with l / I
    ("l 357(g)", "1357(g)"),          # split, with l / 1
    ("2 87(g)", "287(g)"),
    ("If ICE", "IflCE"),
    ("24 l .2(b )(2 ), 28 7. 5( e )(3 ),", "241.2(b)(2), 287.5(e)(3),"),
])
def test_split_and_joined_words_are_noise(old: str, new: str) -> None:
    assert is_noise(old, new)
    # Word diff already calls a mere re-spacing equal ("2 87(g)" / "287(g)").
    assert set(kinds(f"under {old} here", f"under {new} here")) <= {"ocr-noise"}


@pytest.mark.parametrize("old, new", [
    ("supeivision", "supervision"),   # one letter in a long word
    ("agrement", "agreement"),        # a letter dropped
    ("agreemment", "agreement"),      # a letter doubled
    ("shal", "shall"),
    ("IflCE", "ICE"),                 # stray thin strokes in a short acronym
    ("Addidgnal", "Additional"),
])
def test_non_word_near_a_word_is_noise(old: str, new: str) -> None:
    assert is_noise(old, new) and is_noise(new, old)


def test_stray_characters_are_noise_but_not_blanks() -> None:
    assert kinds("the LEA s shall", "the LEA shall") == ["ocr-noise"]
    assert kinds("the LEA shall", "the LEA l shall") == ["ocr-noise"]
    assert is_noise("", "~") and not is_noise("", "____")


# --------------------------------------------------------------------------- guard rails


@pytest.mark.parametrize("old, new", [
    ("form", "from"),                 # two words
    ("hold", "bold"),                 # two confusion-equal words, no document to say which is rare
    ("70", "10"),                     # numbers
    ("2020", "2025"),
    ("2O2O", "2025"),                 # a misread number that also changed
    ("90-day", "60-day"),
    ("and", "arid"),                  # protected words against another word
    ("all", "ail"),
    ("287.5(c)", "287.5(e)"),         # list labels
    ("HCSO's", "BCSO's"),             # two agencies' acronyms
    ("", "than"),                     # a real word inserted or deleted
    ("not", ""),
    ("B", ""),                        # a label letter, not debris
    ("ofthe", "other"),               # words run together, not a misread word
    ("perfonn", "performed"),         # the ending changed
    ("JointIntake@cbp.dhs.gov.", "ICEOPRIntake@ice.dhs.gov."),
    ("utilized", "followed"),
])
def test_real_changes_are_not_noise(old: str, new: str) -> None:
    assert not is_noise(old, new) and not is_noise(new, old)


def test_minority_rule_both_ways() -> None:
    # An OCR "POD" once in a document that says "FOD" everywhere else: noise.
    assert kinds("notify the POD today", "notify the FOD today",
                 old_doc="FOD FOD FOD FOD", new_doc="FOD FOD FOD FOD") == ["ocr-noise"]
    # The same in the new document.
    assert kinds("notify the FOD today", "notify the POD today",
                 old_doc="FOD FOD FOD", new_doc="FOD FOD FOD") == ["ocr-noise"]
    # A real renaming: each document is consistent with itself.
    assert kinds("notify the POD today", "notify the FOD today",
                 old_doc="POD POD POD POD", new_doc="FOD FOD FOD FOD") == ["substantive"]
    # Two words alike, the odd one rare: "bold" once where "hold" is common.
    assert kinds("they bold the detainee", "they hold the detainee",
                 old_doc="hold hold hold", new_doc="hold hold") == ["ocr-noise"]
    assert kinds("they hold the detainee", "they bold the detainee",
                 old_doc="hold hold hold", new_doc="bold bold bold") == ["substantive"]


def test_protected_words_never_yield_to_the_minority_rule() -> None:
    many_and = " ".join(["and"] * 20)
    assert kinds("ICE arid the LEA", "ICE and the LEA", old_doc=many_and, new_doc=many_and) == ["substantive"]
    all_ = "all all all"
    assert kinds("ICE ail the LEA", "ICE all the LEA", old_doc=all_, new_doc=all_) == ["substantive"]
    # A non-word is fair game, even for a protected word.
    assert kinds("the LEA sha11 report", "the LEA shall report") == ["ocr-noise"]


def test_acronym_minority_variant_is_noise() -> None:
    agency = "HCSO " * 10
    assert kinds("the BCSO's jail", "the HCSO's jail", old_doc=agency, new_doc=agency) == ["ocr-noise"]
    other = "BCSO " * 10
    assert kinds("the BCSO's jail", "the HCSO's jail", old_doc=other, new_doc=agency) == ["substantive"]


# --------------------------------------------------------------------------- splitting mixed edits


def check_edits(edits: list[Edit] | tuple[Edit, ...], old: str, new: str) -> None:
    assert rebuild(edits) == (" ".join(old.split()), " ".join(new.split()))
    # The spans tile both word lists in order, and name the edits' own words.
    a, b = old.split(), new.split()
    i = j = 0
    for e in edits:
        assert (e.i1, e.j1) == (i, j) and e.old == " ".join(a[e.i1:e.i2]) and e.new == " ".join(b[e.j1:e.j2])
        i, j = e.i2, e.j2
    assert (i, j) == (len(a), len(b))
    for e in edits:
        if e.op == "replace":
            assert e.old and e.new and e.kind is not None
        elif e.op == "insert":
            assert not e.old and e.new
        elif e.op == "delete":
            assert e.old and not e.new
        else:
            assert "".join(map(loose_key, e.old.split())) == "".join(map(loose_key, e.new.split()))


def test_mixed_replace_is_split() -> None:
    e = Edit("replace", "OHS shall perfonn", "DHS may perform", "substantive")
    out = split_edit(e)
    assert [(x.op, x.old, x.new, x.kind) for x in out] == [
        ("replace", "OHS", "DHS", "ocr-noise"),
        ("replace", "shall", "may", "substantive"),
        ("replace", "perfonn", "perform", "ocr-noise"),
    ]
    check_edits(out, e.old, e.new)


def test_split_keeps_a_real_deletion_substantive() -> None:
    old = "(QPR) via the Joint Intake Center (JIC)"
    out = split_edit(Edit("replace", old, "(OPR)", "substantive"))
    assert [(x.op, x.old, x.new, x.kind) for x in out] == [
        ("replace", "(QPR)", "(OPR)", "ocr-noise"),
        ("delete", "via the Joint Intake Center (JIC)", "", "substantive"),
    ]
    check_edits(out, old, "(OPR)")


def test_split_with_joined_words_and_a_real_change() -> None:
    old, new = "the JIC. 2 87(g)", "OPR. 287(g)"
    out = split_edit(Edit("replace", old, new, "substantive"))
    assert [(x.old, x.new, x.kind) for x in out] == [("the JIC.", "OPR.", "substantive"),
                                                     ("2 87(g)", "287(g)", "ocr-noise")]
    check_edits(out, old, new)


def test_stray_characters_alone_do_not_split_a_real_change() -> None:
    e = Edit("replace", "s shall", "may", "substantive")
    assert split_edit(e) == (e,)


def test_contact_blocks_are_relabelled_whole_not_split() -> None:
    old, new = "Sheriff Henry Trochesset OHS", "Jailer Jason Woosley DHS"
    c = ClauseChange("modified", False, clause(old, "SIGNATURES", "signature"),
                     clause(new, "SIGNATURES", "signature"), 0.5, diff_words(old, new))
    (out,) = label_noise([c], [c.old], [c.new])  # type: ignore[list-item]
    assert [e.kind for e in out.edits if e.op != "equal"] == ["substantive"]


def test_only_substantive_edits_are_touched_and_the_lexicon_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    edits = placed((Edit("equal", "the", "the"), Edit("replace", "OHS", "OHS,", "formatting"),
                    Edit("replace", "Galveston", "Grayson", "fill-in")))
    c = ClauseChange("modified", False, clause("the OHS Galveston"), clause("the OHS, Grayson"), 0.9, edits)
    monkeypatch.setattr(lexicon, "_loaded", None)  # not loaded yet
    assert label_noise([c], [c.old], [c.new]) == (c,)  # type: ignore[list-item]
    assert lexicon._loaded is None


# --------------------------------------------------------------------------- properties

POOL = ["the", "LEA", "shall", "may", "not", "and", "arid", "OHS", "DHS", "FOO", "FOD", "POD", "perfonn",
        "perform", "70", "10", "1O", "(l)", "(1)", "hold", "bold", "form", "from", "s", "l", "~", "Joint",
        "Intake", "Jointlntake", "than", "____", "HCSO", "BCSO", "tenns", "terms", "he", "be"]
text = st.lists(st.sampled_from(POOL), min_size=0, max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(text, text, text)
def test_labelling_keeps_both_texts_and_other_kinds(old: str, new: str, context: str) -> None:
    c = change(old, new)
    docs_old, docs_new = [c.old, clause(context, "I")], [c.new, clause(context, "I")]
    (out,) = label_noise([c], docs_old, docs_new)  # type: ignore[list-item]
    check_edits(out.edits, old, new)
    before = [e for e in c.edits if e.kind != "substantive"]
    # Runs read in another order become "formatting" (deletions and insertions only).
    after = [e for e in out.edits if e.kind not in ("substantive", "ocr-noise")
             and not (e.kind == "formatting" and e.op in ("insert", "delete") and e not in c.edits)]
    assert before == after  # untouched, in order
    assert len(out.edits) >= len(c.edits)
    # Labelling again, against the same documents, changes nothing.
    assert label_noise([out], docs_old, docs_new) == (out,)  # type: ignore[list-item]


WORD_PAIRS = [("hold", "bold"), ("modern", "modem"), ("clay", "day"), ("form", "from"), ("and", "arid"),
              ("all", "ail"), ("shall", "may"), ("he", "be"), ("burn", "bum"), ("close", "dose")]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(WORD_PAIRS), st.booleans(), st.sampled_from(["", "the ", "ICE will "]))
def test_two_words_stay_substantive_without_a_minority(pair: tuple[str, str], flip: bool,
                                                        prefix: str) -> None:
    a, b = pair[::-1] if flip else pair
    assert lexicon.is_word(a) and lexicon.is_word(b)
    # Each document says its own word only: neither is a minority variant.
    assert kinds(f"{prefix}{a} it", f"{prefix}{b} it") == ["substantive"]


# --------------------------------------------------------------------------- real agreements


def compare_real(moa: Path, old: str, new: str) -> Real:
    opts = Options()
    a, b = parsed(extract(moa / old, opts), opts), parsed(extract(moa / new, opts), opts)
    result = compare_parsed(a, b, opts)
    # compare_parsed runs this stage (before fill-ins); running it again changes nothing.
    assert label_noise(result.changes, a.clauses, b.clauses) == result.changes
    return result, result.changes


def clause_id(change: ClauseChange) -> str:
    clause = change.new or change.old
    assert clause is not None
    return clause.id


def edits_of(changes: tuple[ClauseChange, ...], cid: str | None, kind: str) -> list[tuple[str, str]]:
    """The (old, new) sides of ``kind`` edits in clause ``cid`` (None: all clauses)."""
    return [(e.old, e.new) for c in changes if cid is None or clause_id(c) == cid
            for e in c.edits if e.op != "equal" and e.kind == kind]


@pytest.fixture(scope="module")
def galveston(moa: Path) -> Real:
    return compare_real(moa, "287gJEM_GalvestonCoTX_06-08-2020.pdf", "GraysonCountyDCKY_JEM_MOA_030425.pdf")


@pytest.fixture(scope="module")
def pinal(moa: Path) -> Real:
    return compare_real(moa, "287gJEM_PinalCoAz2020-06-09.pdf", "GraysonCountyDCKY_JEM_MOA_030425.pdf")


def test_real_template_changes_stay_substantive(galveston: Real) -> None:
    _, changes = galveston
    removed = [c for c in changes if c.status == "removed" and c.old and c.old.id == "V.C"]
    assert removed and removed[0].old.title == "COMMUNITY OUTREACH"  # type: ignore[union-attr]
    b = edits_of(changes, "APPENDIX B", "substantive")
    assert ("JointIntake@cbp.dhs.gov.", "ICEOPRIntake@ice.dhs.gov.") in b
    assert ("via the Joint Intake Center (JIC)", "") in b
    assert ("utilized", "followed") in edits_of(changes, "IV.F", "substantive")
    assert ("and", "within") in edits_of(changes, "IV.B", "substantive")
    assert edits_of(changes, "VIII", "ocr-noise") == [("oppo1tunity", "opportunity")]
    for c in changes:
        if c.edits and c.old and c.new:
            check_edits(c.edits, c.old.full_text, c.new.full_text)


def test_than_inserted_in_iv_c_stays_substantive(galveston: Real) -> None:
    # The shared 2020 scans already read "than"; take the scan's own IV.C
    # (OCR noise and all) without it, as the 2020 template had it.
    result, _ = galveston
    (iv_c,) = [c for c in result.changes if c.old and c.old.id == "IV.C"]
    assert iv_c.old is not None and iv_c.new is not None
    old_text = iv_c.old.full_text.replace("frequently than every", "frequently every")
    assert old_text != iv_c.old.full_text
    c = ClauseChange("modified", False, iv_c.old, iv_c.new, 0.9, diff_words(old_text, iv_c.new.full_text))
    (out,) = label_noise([c], [iv_c.old], [iv_c.new])
    assert ("insert", "", "than", "substantive") in [(e.op, e.old, e.new, e.kind) for e in out.edits]


def test_noisy_scan_misreadings_become_noise(pinal: Real) -> None:
    _, changes = pinal
    noise = edits_of(changes, None, "ocr-noise")
    for pair in [("OHS", "DHS"), ("(OHS),", "(DHS),"), ("perfonn", "perform"), ("FOO", "FOD"),
                 ("(FOO)", "(FOD)"),
                 ("1346(b)(l),", "1346(b)(1),"), ("1357(a)(l)", "1357(a)(1)"), ("l 357(g)", "1357(g)"),
                 ("(QPR)", "(OPR)"), ("cany", "carry")]:
        assert pair in noise
    substantive = edits_of(changes, None, "substantive")
    assert not any("OHS" in o or "perfonn" in o or "FOO" in o for o, _ in substantive)
    assert ("Jointlntake@cbp.dhs.gov.", "ICEOPRIntake@ice.dhs.gov.") in substantive
    assert ("via the Joint Intake Center (JIC)", "") in substantive
    assert ("utilized", "followed") in substantive
    # Most of the scan's word edits were misreadings (47 substantive before this stage).
    assert sum(c.count("ocr-noise") for c in changes) >= 30
    # Outside the signature block, whose labels the 2025 template added ("Name:", "Agency:" ...).
    assert sum(c.count("substantive") for c in changes if c.new is None or c.new.kind != "signature") <= 15


# --------------------------------------------------------------------------- the benchmark's injected noise


def _benchmark() -> tuple[Any, Any]:
    from benchmarks import ocrnoise, planted

    return ocrnoise, planted


def test_injected_misreadings_are_non_words_and_spare_planted_edits() -> None:
    _, planted = _benchmark()
    text = ("The LEA shall notify ICE within 48 hours and perform the duties of the program for 2 years. "
            "Participating personnel will receive training from the FOD under Section 287(g) of the INA. ")
    agreement = planted.Agreement(["MEMORANDUM OF AGREEMENT"], [
        planted.Clause(f"{n}.", f"SECTION {n}", [text * 3], 0) for n in ("I", "II", "III", "IV")
    ])
    for seed in range(5):
        rng = random.Random(seed)
        pair = planted.plant(planted.to_doc(agreement), rng)
        before = [t.text for node in planted.flatten(pair.old) for t in node.tokens()]
        stats = planted.inject_noise(pair, 0.05, random.Random(seed))
        toks = [t for node in planted.flatten(pair.old) for t in node.tokens()]
        noisy = [t for t in toks if t.noise]
        assert stats["misread"] > 0 and noisy
        assert all(t.edit is None for t in noisy)
        keys = {loose_key(w) for w in before}
        for t in noisy:
            key = loose_key(t.text)
            # No misreading makes another word or another number ("LE.A" is the same word).
            real = key.isalnum() and (key.isdigit() or lexicon.is_word(key))
            assert key in keys or len(key) == 1 or not real
        # The ground truth still tells the planted edits and the misreadings apart.
        report = planted.fake_report(pair, mode="perfect")
        old_rep, new_rep, _ = planted.reported_streams(report)
        score = planted.score(pair, old_rep, new_rep, report)
        assert score.precision == 1.0 and score.recall == 1.0
        assert score.noise_words > 0 and score.noise_as_noise == score.noise_words


@pytest.mark.parametrize("word", ["perform", "information", "DHS", "(1)", "2020", "90-day", "Intake"])
def test_misread_keeps_numbers_non_numbers(word: str) -> None:
    ocrnoise, _ = _benchmark()
    rng = random.Random(7)
    for _ in range(30):
        out = ocrnoise.misread(word, rng)
        if out is None:
            continue
        assert out != word
        key = "".join(map(loose_key, out.split()))
        if loose_key(word).isdigit():
            assert not key.isdigit() or key == loose_key(word)


@settings(max_examples=400, deadline=None)
@given(st.text("mnrlobdcwvhiau", max_size=9), st.text("mnrlobdcwvhiau", max_size=9))
def test_free_misreading_is_a_zero_confusion_distance(x: str, y: str) -> None:
    from moadiff.noise import confusion_distance, free_misreading

    assert free_misreading(x, y) == (confusion_distance(x, y)[0] == 0.0)


@settings(max_examples=400, deadline=None)
@given(st.text("mnrlobcwvkfpjs86agu", max_size=10), st.text("mnrlobcwvkfpjs86agu", max_size=10),
       st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0, 4.0]))
def test_letter_count_bound_never_changes_a_distance(x: str, y: str, limit: float) -> None:
    # confusion_distance skips its table when the letters that cannot be
    # matched or misread already cost more than the limit: a lower bound,
    # so the answer is the table's, whatever the strings.
    from moadiff.noise import _distance_table, _surplus, confusion_distance

    exact = _distance_table(x, y, float("inf"))[0]
    assert max(_surplus(x, y, float("inf")), _surplus(y, x, float("inf"))) <= exact
    assert confusion_distance(x, y, limit) == _distance_table(x, y, limit)


@pytest.mark.parametrize("old, new", [
    ("~rform", "perform"), ("O~ent", "Department"), ("fon:e", "force"), ("del~ates", "delegates"),
    ("per onnel", "personnel"), ("tran fer s", "transfer"), ("", "e s )"), ("", "C s V"),
])
def test_plain_misreadings_on_either_side_are_noise(old: str, new: str) -> None:
    # Marks OCR writes for letters it could not read, a word cut where a letter was lost, specks.
    assert is_noise(old, new) and is_noise(new, old)


@pytest.mark.parametrize("old, new", [
    ("m~y", "must"), ("~", "not"), ("D~", "shall"), ("", "A"), ("shall not", "shall"), ("function", "functions"),
])
def test_misreadings_do_not_hide_real_changes(old: str, new: str) -> None:
    assert not is_noise(old, new)


# --------------------------------------------------------------------------- poor readings (issue 15)

TEMPLATE = ("The LEA will ensure that its personnel are trained and this MOA is followed, and the party "
            "named in it will turn over the records to ICE within the limited time allowed in this MOA.")


@pytest.mark.parametrize("old, new", [
    ("THIS MOA", "TIDS MOA"),          # a misreading no document has elsewhere
    ("limited time", "linuted time"),
    ("will turn", "wdl turn"),
    ("the party named", "the patty named"),  # a rare word once, where its own document says "party"
    ("will turn over", "will tum over"),
])
def test_a_one_off_misreading_against_a_word_is_noise(old: str, new: str) -> None:
    assert kinds(f"Under {old} today", f"Under {new} today", old_doc=TEMPLATE, new_doc=TEMPLATE) == ["ocr-noise"]


@pytest.mark.parametrize("old, new", [
    ("the designee", "the designated"),   # another form of the word, not a misreading
    ("form", "from"),                     # two words both documents use
    ("or the", "ofthe"),                  # never read "or" into a lost "of"
])
def test_real_or_doubtful_changes_stay_substantive(old: str, new: str) -> None:
    doc = TEMPLATE + " The form is sent from ICE to the designee."
    assert "substantive" in kinds(f"Under {old} today", f"Under {new} today", old_doc=doc, new_doc=doc)


def test_a_misreading_seen_once_is_not_one_when_the_other_document_has_it() -> None:
    assert kinds("Under THIS MOA today", "Under TIDS MOA today", old_doc="TIDS", new_doc=TEMPLATE) == ["substantive"]


def test_words_run_together_and_misread_are_noise() -> None:
    assert kinds("Department of Homeland Security", "Department orHomeland Security") == ["ocr-noise"]
    assert kinds("the officer when engaged in", "the officer henengaged in") == ["ocr-noise"]


@pytest.mark.parametrize("old, new, lost", [
    ("on behalf of ICE as authorized", "on behalf ofICE authorized", "as"),
    ("the LEA shall not detain", "the LEAshall detain", "not"),
    ("notice to ICE prior to release", "notice toICE to release", "prior"),
])
def test_a_word_lost_beside_words_run_together_is_a_deletion(old: str, new: str, lost: str) -> None:
    """Words run together ("ofICE"), as some text layers print them, are
    no change; a word gone whole beside them is one: the run must not
    swallow it."""
    c = change(f"Under {old} today", f"Under {new} today")
    (out,) = label_noise([c], [c.old], [c.new])  # type: ignore[list-item]
    assert [e.old for e in out.edits if e.kind == "substantive"] == [lost]


def test_a_scan_that_drops_a_letter_everywhere_is_learnt() -> None:
    words = ["functions", "aliens", "hours", "process", "questions", "regulations"]
    old = " ".join(f"the {w} of" for w in words)
    new = " ".join(f"the {w[:-1]} of" for w in words)
    c = change(old, new)
    (out,) = label_noise([c], [c.old], [c.new])  # type: ignore[list-item]
    assert {e.kind for e in out.edits if e.op != "equal"} == {"ocr-noise"}
    # The same habit splits a word it spoils ("a ume" for "assume").
    c = change(old + " we assume it", new + " we a ume it")
    (out,) = label_noise([c], [c.old], [c.new])  # type: ignore[list-item]
    assert {e.kind for e in out.edits if e.op != "equal"} == {"ocr-noise"}
    # Three plurals made singular in a clean revision are no habit of a scan.
    c = change("the functions of the aliens of the hours", "the function of the alien of the hour")
    (out,) = label_noise([c], [c.old], [c.new])  # type: ignore[list-item]
    assert {e.kind for e in out.edits if e.op != "equal"} == {"substantive"}


def test_a_small_word_lost_beside_a_poor_reading_is_noise() -> None:
    old = "The LEA will perform the functions of an immigration officer under this MOA."
    assert kinds(old, "The LEA will perfonu functions of an imrnigratlon officer under this MOA.")[-1:] == [
        "ocr-noise"]
    # The same loss in a clean reading is a change; and "and", "as", "not" are never dropped as noise.
    assert kinds(old, "The LEA will perform functions of an immigration officer under this MOA.") == [
        "substantive"]
    assert "substantive" in kinds("ICE and the LEA will perfonu", "ICE the LEA will perfonu")


def test_a_line_read_in_another_order_is_formatting() -> None:
    old = "Officers must complete training, including instructors and supervisors. before they act"
    new = "Officers must complete training, before they act including instructors and supervisors."
    assert set(kinds(old, new)) == {"formatting"}


def test_a_seal_or_specks_read_as_letters_are_noise_but_sentences_are_not() -> None:
    old = "The LEA will report to ICE. The parties agree."
    assert kinds(old, "The LEA will report to ICE. i pn ers 9 re 8 yy te ree ne ant a eee The parties agree.") == [
        "ocr-noise"]
    assert kinds(old, "The LEA will report to ICE. See ee ane NEAT RRS SOTO The parties agree.") == ["ocr-noise"]
    for sentence in ("ICE reserves the right to conduct an internal review of this MOA every three years.",
                     "ICE will bear the cost of replacing any equipment that fails through normal use.",
                     "via the Joint Intake Center (JIC)"):
        assert kinds(old, old.replace("ICE. ", f"ICE. {sentence} ")) == ["substantive"]
    # A sentence a poor scan read with words run together, a number, an
    # acronym: costly tokens, but words of the language (the WSO 2020 added
    # this one to its complaint procedure; Brown County's scan reads it so).
    for sentence in ("within 48 hours ofthe LEA receiving notice ofthe complaint.", "participating PCSO personnel."):
        assert kinds(old, old.replace("ICE. ", f"ICE. {sentence} ")) == ["substantive"]


@pytest.mark.parametrize("old, new, kind", [
    ("VI", "VT", "ocr-noise"), ("VIII,", "VIH,", "ocr-noise"), ("VIII,", "VIO,", "ocr-noise"),
    ("VI", "VII", "substantive"),   # another section
    ("ICEOPRIntake@ice.dhs.gov.", "ICLEOPRintake@ice.dhs.gov.", "ocr-noise"),
    ("JointIntake@cbp.dhs.gov.", "ICEOPRIntake@ice.dhs.gov.", "substantive"),
    ("70-percent", "75-percent", "substantive"),   # a number changed inside a long token
])
def test_numerals_and_long_tokens_misread_once(old: str, new: str, kind: str) -> None:
    assert kinds(f"as section {old} says", f"as section {new} says") == [kind]


def test_glyph_garbage_read_two_ways_is_noise_and_language_never_is() -> None:
    # A font without a Unicode map gives text like this; two versions (or OCR
    # of each) read it differently, and no reader could tell a change in it.
    from moadiff.noise import _glyph_garbage

    def edit(old: str, new: str, op: Op = "replace") -> Edit:
        return Edit(op, old, new, "substantive")

    for old, new in [(") YUNO", "g.$C7,2?.-\u00e9X Y\u00da /)3\u00f6A >P/^T )\u0178U\u00d1O"),
                     ("BaT Dd6ne -2a\"L(", "\u00c9$^).&E $do -2\u00e0\"L("), ("", "#\u00f8@ 41916803;19=")]:
        assert _glyph_garbage(edit(old, new, "replace" if old else "insert")), (old, new)
    for old, new in [("[AGENCY NAME]", "Riverside County Sheriff's Office"), ("\u00a7 1357(g)", "\u00a7 1357(h)"),
                     ("48", "96"), ("JointIntake@cbp.dhs.gov.", "ICEOPRintake(@ice.dhs.gov."),
                     ("", "not #\u00f8@"), ("$500", "$1,000"), ("shall", "may")]:
        assert not _glyph_garbage(edit(old, new, "replace" if old else "insert")), (old, new)


# --------------------------------------------------------------------------- the table's pre-filter

SPLIT_POOL = POOL + ["per", "onnel", "personnel", "tran", "fer", "transfer", "~rform", "perform", "fon:e", "force",
                     "Joint-", "lntake", "1O", "agreement", "agree", "ment", "DA", "TE", "DATE,", "rn", "m", "mm",
                     "nn", "vv", "w", "ju", "gy"]
tokens = st.lists(st.sampled_from(SPLIT_POOL), min_size=1, max_size=3)


@settings(max_examples=400, deadline=None)
@given(tokens, tokens, st.lists(st.sampled_from(SPLIT_POOL), max_size=8).map(" ".join))
def test_the_tables_pre_filter_never_hides_a_group_the_rules_accept(old: list[str], new: list[str],
                                                                    context: str) -> None:
    # _segments asks _group about runs of several words only when _may_group
    # says the rules could accept them: that must hold for every rule.
    from moadiff.noise import _Documents, _group, _may_group, _Spans

    if len(old) == len(new) == 1:
        return  # single words always go to the rules
    docs = _Documents([clause(" ".join(old) + " " + context)], [clause(" ".join(new) + " " + context)])
    if _group(old, new, docs):
        assert _may_group(_Spans(old).at(0, len(old)), _Spans(new).at(0, len(new))), (old, new)


def test_the_pre_filter_lets_each_kind_of_group_through() -> None:
    from moadiff.noise import _Documents, _group, _may_group, _Spans

    docs = _Documents([], [])
    for old, new in ((["per", "onnel"], ["personnel"]), (["Joint-", "lntake"], ["Jointlntake"]),
                     (["DA", "TE"], ["DATE,"]), (["rn", "m"], ["mm"])):
        assert _group(old, new, docs) and _may_group(_Spans(old).at(0, len(old)), _Spans(new).at(0, len(new)))
    # Two plain words against a short acronym: not asked.
    assert not _may_group(_Spans(["the", "agency"]).at(0, 2), _Spans(["ICE"]).at(0, 1))

# --------------------------------------------------------------------------- misreadings on either side (real pairs)

#: Words a scan's text layer holds elsewhere, for the word counts.
SCAN_DOC = ("The JIC and the OIG of DHS. ICE and the LEA sign this MOA. Notify the JIC. "
            "The OIG of DHS will review. ICE will train. Per the MOA, ICE will certify.")


@pytest.mark.parametrize(("old", "new"), [
    ("8 U.S.C. § l 357(g)(7) and", "8 U.S.C. § I 357(g)(7) and"),   # one stroke read as another
    ("under INA § | 357(g) and", "under INA § 1 357(g) and"),
])
def test_a_stroke_read_as_another_stroke_is_noise(old: str, new: str) -> None:
    assert kinds(old, new) == ["ocr-noise"]


@pytest.mark.parametrize(("old", "new"), [
    ("evidence (INA § 287(b) and 8", "evidence (INA § 287(6) and 8"),   # b / 6
    ("enter into this MOA in good faith", "enter into this IvlOA in good faith"),  # M as its strokes
])
def test_shape_families_b6_and_m_as_strokes(old: str, new: str) -> None:
    assert kinds(old, new, old_doc=SCAN_DOC, new_doc=SCAN_DOC) == ["ocr-noise"]


@pytest.mark.parametrize(("old", "new"), [
    ("OPLA, through its headqumters, will assist", "OPLA, through its headquaiiers, will assist"),
    ("the perfonnance of duties", "the pcrfomiance of duties"),
])
def test_two_misreadings_of_one_word_are_noise(old: str, new: str) -> None:
    assert kinds(old, new) == ["ocr-noise"]


def test_two_different_words_misread_stay_substantive() -> None:
    # "instructon" could be "instructors" or "instructions": no one word both read as.
    assert kinds("taught by ICE instructon and", "taught by ICE instrnctions and") == ["substantive"]


@pytest.mark.parametrize(("old", "new"), [
    ("notification is made to the JIC. Posters", "notification is made to the nc. Posters"),
    ("as they relate to the OIG and/or another", "as they relate to the 010 and/or another"),
    ("as they relate to the DHS and/or another", "as they relate to the D!JS and/or another"),
])
def test_an_acronym_misread_into_no_word_is_noise(old: str, new: str) -> None:
    assert kinds(old, new, old_doc=SCAN_DOC, new_doc=SCAN_DOC) == ["ocr-noise"]


@pytest.mark.parametrize(("old", "new"), [
    ("complaints go to the OIG and", "complaints go to the OPR and"),   # another office
    ("reviewed by DHS and", "reviewed by DOJ and"),
    ("notify the JIC and", "notify the JJC and"),   # a new acronym, used where the other was
])
def test_an_acronym_changed_for_another_stays_substantive(old: str, new: str) -> None:
    assert kinds(old, new, old_doc=SCAN_DOC, new_doc=SCAN_DOC.replace("JIC", "JJC")) == ["substantive"]


@pytest.mark.parametrize(("old", "new"), [
    ("serious misconduct or violations ofthe terms of the MOA come", "serious misconduct or violations of the terms ofthe MOA come"),
    ("transfer of aliens in LEA's jail/correctional facilities", "transfer of aliens in LEA' s jail/correctional facilities"),
    ("must be forwarded to an r CE officer within", "must be forwarded to an ICE officer within"),
    ("all required test(s). Uponreceiptofthecertification. the ICE", "all required test(s). Upon receipt of the certification, the ICE"),
])
def test_a_word_split_or_joined_across_edits_is_noise(old: str, new: str) -> None:
    assert "substantive" not in kinds(old, new, old_doc=SCAN_DOC, new_doc=SCAN_DOC)


@pytest.mark.parametrize(("old", "new"), [
    ("the LEA shall be responsible for", "the LEA shall not be responsible for"),
    ("the LEA can notify ICE", "the LEA cannot notify ICE"),
    ("notify the terms of this MOA", "notify the terms of that MOA"),
])
def test_nearby_real_changes_stay_substantive(old: str, new: str) -> None:
    assert "substantive" in kinds(old, new, old_doc=SCAN_DOC, new_doc=SCAN_DOC)


@pytest.mark.parametrize(("old", "new", "kind"), [
    ("ensure notification is made to the JIC. 287(g) posters", "ensure notification is made to JIC. the 287(g) posters",
     "formatting"),
    ("notification is made to the JJC. 287(g) posters", "notification is made to JIC. the 287(g) posters", "formatting"),
    ("the LEA shall only notify ICE of", "the LEA shall notify only ICE of", "substantive"),  # "only" moved
    ("the LEA shall not be liable", "the LEA shall be not liable", "substantive"),
    # An agency's name written another way: its words are the fill-in stage's, not layout.
    ("and the Galveston County Sheriff's Office, hereinafter", "and the Sheriff of Bedford County, hereinafter",
     "substantive"),
])
def test_a_small_word_read_a_few_words_off_is_layout(old: str, new: str, kind: str) -> None:
    assert kind in kinds(old, new, old_doc=SCAN_DOC, new_doc=SCAN_DOC)
    if kind == "formatting":
        assert "substantive" not in kinds(old, new, old_doc=SCAN_DOC, new_doc=SCAN_DOC)


@pytest.mark.parametrize(("old", "new", "kind"), [
    ("email Jointlntake@cbp.dhs.gov, or Via mail as follows", "email Jointlntake@cbp.dhs.gov, or 8. Via mail as follows",
     "formatting"),
    ("or Via mail as follows", "or B. Via mail as follows", "formatting"),
    ("or (c) Via mail as follows", "or Via mail as follows", "formatting"),
    ("within hours", "within 48 hours", "substantive"),   # a number, not a label
])
def test_a_list_label_alone_is_layout(old: str, new: str, kind: str) -> None:
    got = kinds(old, new)
    assert got == [kind] if kind == "substantive" else "substantive" not in got and got


@pytest.mark.parametrize(("old", "new"), [("the GCSO's deputies", "the HCSO's deputies"),
                                          ("the GCSO deputies", "the HCSO deputies")])
def test_an_agency_abbreviation_for_another_is_no_misreading(old: str, new: str) -> None:
    # Each document names its own agency ("GCSO" throughout one, "HCSO" the other): a fill-in, never noise.
    assert kinds(old, new, old_doc="The GCSO and ICE. The GCSO's jail.",
                 new_doc="The HCSO and ICE. The HCSO's jail.") == ["substantive"]


@pytest.mark.parametrize(("old", "new", "char", "kind"), [
    # A smudged print reads short words as one character, beside other poor readings.
    ("The purpose of this collaboration is to promote public safety by facilitating transfer",
     "The purpose of this collaboration & to eromote public safety by facilitating transfer", "&", "ocr-noise"),
    ("over which it has jurisdiction. ICE will assume custody", "over which d has jueisdection. ICE will assume custody",
     "d", "ocr-noise"),
    ("A termination or suspension notice by ICE shall be delivered",
     "A termination 0 suspension motice by ICE shall be delivered", "0", "ocr-noise"),
    # The same character on a page that reads well stays a change.
    ("The purpose of this collaboration is to promote public safety by facilitating transfer",
     "The purpose of this collaboration & to promote public safety by facilitating transfer", "&", "substantive"),
    # A word for another word, even "a", is no lone character.
    ("over which it has jurisdiction. ICE will assume custody", "over which a has jueisdection. ICE will assume custody",
     "a", "substantive"),
])
def test_a_short_word_read_as_one_character_on_a_poor_page_is_noise(old: str, new: str, char: str, kind: str) -> None:
    assert [k for _, _, n, k in labelled(old, new) if n == char] == [kind]


def test_a_possessive_inside_a_run_of_words_is_no_mark_of_a_misreading() -> None:
    # An apostrophe inside a word is a mark OCR writes for a letter it could
    # not read ("eng8'ed"); a run of words judged whole, with the words
    # around an edit, holds the language's own possessives mid-run. Taken
    # for marks, they let "LEA" / "BCSO's" (two agencies' names) pass as a
    # garbled reading of each other.
    assert not is_noise("of LEA facilities", "of BCSO's facilities")
    assert not is_noise("the LEA's personnel", "the agencies' personnel")
    assert is_noise("ofthe LEA's personnel", "of the LEA's personnel")  # words run together still are
    assert is_noise("eng8'ed in", "engaged in")
