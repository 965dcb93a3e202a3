"""Planted-edit benchmark: word-level precision and recall of moadiff's substantive changes.

    .venv/bin/python -m benchmarks.planted --pairs 40 --seed 1 [--docx-share 0.25] [--json out.json]
        [--fill-ins] [--ocr-noise 0.02] [--image-only [--dpi 150-300]] [--damaged-headings 0.25]
        [--sources FOLDER ...] [--text-layer-only] [--cache-dir DIR]

Run from the repository root. The sources are parsed here, the pairs are
made, compared and scored in worker processes (``pair.run_pair``), and the
per-pair scores are summed into the table printed at the end; see the
package docstring for what each flag does.

Besides the totals, the pairs that claim far more than was planted are
listed one by one (an *outlier*: more than 1.5x the planted words + 20
reported substantive), with the words each claims and was planted: a
comparison that collapsed shows there, whatever the totals say.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.docwriter import Agreement
from benchmarks.fillvalues import find_agency
from benchmarks.planted.model import EDIT_TYPES, FILL_TYPE, NOISE_TYPE
from benchmarks.planted.pair import run_pair
from benchmarks.planted.scoring import Score, score_from_dict
from benchmarks.planted.sources import BENCHMARKS, CORPUS, SHARED, all_source_paths, has_text_layer, parse_any

OUT = BENCHMARKS / "out"


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def _ratio(a: int, b: int) -> str:
    return _fmt(a / b) if b else "-"


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.planted", description=(__doc__ or "").split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--docx-share", type=float, default=0.25, help="share of pairs whose new side is a DOCX")
    ap.add_argument("--json", help="write per-pair and total results here")
    ap.add_argument("--jobs", "-j", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--sources", nargs="+", default=[str(SHARED), str(CORPUS)],
                    help="folders of real agreements (PDF; default ../shared/moa and ../shared/corpus)")
    ap.add_argument("--out", default=str(OUT), help="where the rendered pairs go (default benchmarks/out)")
    ap.add_argument("--fake", choices=("perfect", "everything"),
                    help="score a report made from the ground truth instead of moadiff.compare")
    ap.add_argument("--fill-ins", action="store_true",
                    help="give the new side of each pair another (made-up) agency, and score fill-in labelling")
    ap.add_argument("--ocr-noise", type=float, default=0.0, metavar="RATE",
                    help="misread this share of the old side's words, as OCR would (e.g. 0.02), and score it")
    ap.add_argument("--move-edits", action="store_true",
                    help="edit each moved clause too (a word changed, a sentence inserted): moved and modified")
    ap.add_argument("--image-only", action="store_true",
                    help="make the old side an image-only PDF (blurred, slightly rotated) that moadiff must OCR")
    ap.add_argument("--dpi", type=_dpi, default=(200, 200), metavar="DPI|LOW-HIGH",
                    help="--image-only: the images' resolution, or a range drawn from per pair in steps of 25 "
                         "(default 200)")
    ap.add_argument("--wrong-way", type=float, default=0.0, metavar="SHARE",
                    help="--image-only: feed this share of the scan's pages the wrong way (upside down, or "
                         "sideways), as a sheet fed into a scanner turned")
    ap.add_argument("--askew", type=float, default=0.0, metavar="SHARE",
                    help="--image-only: scan this share of the pages crooked, 1.5-3 degrees either way")
    ap.add_argument("--watermark", type=float, default=0.0, metavar="SHARE",
                    help="lay a watermark (\"DRAFT\" across the page, or \"CONFIDENTIAL\" level and pale) under "
                         "the text of one PDF side of this share of the pairs")
    ap.add_argument("--redact", type=float, default=0.0, metavar="SHARE",
                    help="print the new side of this share of the pairs as a FOIA release: people's names and "
                         "telephone numbers under \"(b)(6), (b)(7)(C)\" (some as OCR reads them, \"(bX6)\")")
    ap.add_argument("--text-layer-only", action="store_true",
                    help="draw bases only from the agreements with a text layer on every page (no scans)")
    ap.add_argument("--time-limit", type=float, default=0, metavar="SECONDS",
                    help="moadiff's time limit on reading one file (default: moadiff's own; raise it for "
                         "--image-only on a loaded machine, where OCR is slow)")
    ap.add_argument("--damaged-headings", type=float, default=0.0, metavar="SHARE",
                    help="in this share of pairs, print one section or appendix label on one side as OCR "
                         "misreads it ('1 PURPOSE', 'APPENDIXC')")
    ap.add_argument("--cache-dir", metavar="DIR",
                    help="moadiff's cache folder for the comparisons (pages OCR'd, keyed by content): a re-run "
                         "with the same seed reads no page again (default: no cache)")
    return ap


def _dpi(text: str) -> tuple[int, int]:
    low, _, high = text.partition("-")
    try:
        pair = (int(low), int(high or low))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a resolution or a range of them: {text!r}") from None
    if not 72 <= pair[0] <= pair[1] <= 600:
        raise argparse.ArgumentTypeError(f"resolutions go from 72 to 600 dpi, low first: {text!r}")
    return pair


def _moadiff_missing() -> str | None:
    """Why moadiff.compare cannot be called, or None."""
    try:
        import moadiff

        moadiff.compare  # noqa: B018
    except (ImportError, AttributeError) as exc:
        return str(exc)
    return None


def _with_agency(sources: list[tuple[str, Agreement]]) -> list[tuple[str, Agreement]]:
    """The sources whose agency name can be found (--fill-ins needs it): a
    scan whose opening clause OCR garbled has none, and is left out."""
    kept = []
    for name, a in sources:
        try:
            find_agency([p for c in a.clauses for p in [c.title, *c.paragraphs]], name)
        except ValueError as exc:
            print(f"planted: --fill-ins leaves out {exc}", file=sys.stderr)
            continue
        kept.append((name, a))
    return kept


def _jobs(args: argparse.Namespace, sources: list[tuple[str, Agreement]], mode: str) -> list[dict[str, Any]]:
    """One job per pair, cycling through the sources."""
    jobs = [
        {"k": k, "seed": args.seed, "source": sources[k % len(sources)][0], "agreement": sources[k % len(sources)][1],
         "docx_share": args.docx_share, "out": args.out, "mode": mode}
        for k in range(args.pairs)
    ]
    if args.fill_ins:
        agencies = {name: find_agency([p for c in a.clauses for p in [c.title, *c.paragraphs]], name)
                    for name, a in sources}
        for job in jobs:
            job["fill_ins"], job["agency"] = True, agencies[job["source"]]
    for job in jobs:
        job["ocr_noise"], job["image_only"], job["dpi"] = args.ocr_noise, args.image_only, args.dpi
        job["damaged_headings"], job["time_limit"] = args.damaged_headings, args.time_limit
        job["move_edits"], job["cache_dir"] = args.move_edits, args.cache_dir
        job["wrong_way"], job["askew"], job["watermark"] = args.wrong_way, args.askew, args.watermark
        job["redact"] = args.redact
    return jobs


#: A pair is an outlier when it claims more substantive words than this
#: many times its planted words, plus OUTLIER_SLACK.
OUTLIER_FACTOR, OUTLIER_SLACK = 1.5, 20


def outliers(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pairs that claim more than 1.5x their planted words + 20, most
    claimed first: name, source, words claimed (true + false) and planted
    (true + missed), and what was done to the pair.

    >>> outliers([{"pair": "p", "source": "s", "score": {"true": 10, "false": 31, "missed": 0}},
    ...           {"pair": "q", "source": "s", "score": {"true": 10, "false": 30, "missed": 0}}])
    [{'pair': 'p', 'source': 's', 'claimed': 41, 'planted': 10}]
    """
    out = []
    for r in results:
        if "score" not in r:
            continue
        s = r["score"]
        claimed, planted = s["true"] + s["false"], s["true"] + s["missed"]
        if claimed > OUTLIER_FACTOR * planted + OUTLIER_SLACK:
            extra = {k: r[k] for k in ("new_format", "damaged_heading", "dpi") if k in r and k != "new_format"}
            out.append({"pair": r["pair"], "source": r["source"], "claimed": claimed, "planted": planted, **extra})
    return sorted(out, key=lambda o: (-o["claimed"], o["pair"]))


def _print_outliers(results: list[dict[str, Any]]) -> None:
    found = outliers(results)
    scored = sum(1 for r in results if "score" in r)
    print()
    print(f"outliers: {len(found)} of {scored} pairs claim more than {OUTLIER_FACTOR}x their planted words "
          f"+ {OUTLIER_SLACK}")
    for o in found:
        extra = "".join(f"; {k.replace('_', ' ')} {o[k]}" for k in ("damaged_heading", "dpi") if k in o)
        print(f"  {o['pair']} ({o['source']}): {o['claimed']} words claimed, {o['planted']} planted{extra}")


def _totals(results: list[dict[str, Any]]) -> tuple[Score, Score, Counter[str]]:
    """moadiff's and the baseline's scores over all pairs, and the planted edits by type."""
    total, base = Score(), Score()
    planted_count: Counter[str] = Counter()
    for r in results:
        for e in r["edits"]:
            planted_count[e["type"]] += 1
        if "score" in r:
            total.add(score_from_dict(r["score"]))
        base.add(score_from_dict(r["baseline"]))
    return total, base, planted_count


def _print_table(total: Score, base: Score, planted_count: Counter[str]) -> None:
    print(f"{'':<18}{'edits':>13}{'words':>24}{'word-level':>20}{'baseline':>18}")
    print(f"{'edit type':<18}{'planted':>8}{'found':>7}{'planted':>9}{'true':>7}{'false':>7}"
          f"{'precision':>11}{'recall':>8}{'precision':>11}{'recall':>8}")
    for t in EDIT_TYPES + ("other", FILL_TYPE, NOISE_TYPE):
        tp, fn, fp = total.by_type.get(t, [0, 0, 0])
        btp, bfn, bfp = base.by_type.get(t, [0, 0, 0])
        if not (tp or fn or fp or planted_count[t] or bfp):
            continue
        found = total.edits.get(t, [0, 0])[1]
        if t in (FILL_TYPE, NOISE_TYPE):  # not planted: only the false words
            print(f"{t:<18}{'':>8}{'':>7}{'':>9}{'':>7}{fp:>7}{_ratio(tp, tp + fp):>11}{'-':>8}"
                  f"{_ratio(btp, btp + bfp):>11}{'-':>8}")
            continue
        print(f"{t:<18}{planted_count[t]:>8}{found if t != 'other' else '':>7}{tp + fn:>9}{tp:>7}{fp:>7}"
              f"{_ratio(tp, tp + fp):>11}{_ratio(tp, tp + fn):>8}{_ratio(btp, btp + bfp):>11}{_ratio(btp, btp + bfn):>8}")
    found = sum(v[1] for v in total.edits.values())
    print(f"{'overall':<18}{sum(planted_count.values()):>8}{found:>7}{total.tp + total.fn:>9}{total.tp:>7}{total.fp:>7}"
          f"{_fmt(total.precision):>11}{_fmt(total.recall):>8}{_fmt(base.precision):>11}{_fmt(base.recall):>8}")
    print("(an edit is found when at least half of its words are reported, a move when its clause is reported\n"
          " moved; false words are charged to the edit planted in the clause where they appear, or to 'other')")
    print()
    if total.moves_planted:
        print(f"moves: {total.moves_found}/{total.moves_planted} reported as moved "
              f"({total.moves_found / total.moves_planted:.3f}); {total.false_moves} entries moved that were not")
    print(f"baseline (difflib word diff of the whole extracted texts): precision {_fmt(base.precision)} "
          f"recall {_fmt(base.recall)}")


def _print_fill_ins(results: list[dict[str, Any]], total: Score, base: Score) -> None:
    occurrences = sum(r["fill_ins"]["occurrences"] for r in results)
    print()
    print(f"fill-ins: {occurrences} places naming the agency replaced ({FILL_TYPE}, not counted as planted); "
          f"{total.fill_words} of their words differ (old and new sides, as scored)")
    print(f"  reported as fill-in {total.fill_as_fill} (fill-in recall {_fmt(total.fill_recall)}), "
          f"as substantive {total.fill_as_substantive}, as another kind {total.fill_as_other}, "
          f"equal or not found {total.fill_words - total.fill_as_fill - total.fill_as_substantive - total.fill_as_other}")
    print(f"  precision over all words {_fmt(total.precision)}; excluding the words of replaced agency names "
          f"{_fmt(total.precision_without_fill)} ({total.fill_fp} false words were theirs)")
    print(f"  baseline precision over all {_fmt(base.precision)}; excluding them {_fmt(base.precision_without_fill)}")


def _print_ocr_noise(results: list[dict[str, Any]], total: Score) -> None:
    misread = sum(r["ocr_noise"]["misread"] for r in results)
    joined = sum(r["ocr_noise"]["joined"] for r in results)
    print()
    print(f"ocr-noise: {misread} misreadings injected into the old sides ({joined} joined two words; "
          f"{NOISE_TYPE}, not counted as planted); {total.noise_words} of their words differ")
    print(f"  reported as ocr-noise {total.noise_as_noise}, as another kind {total.noise_as_other}, "
          f"equal or not found {total.noise_words - total.noise_as_noise - total.noise_as_other - total.noise_as_substantive}, "
          f"as substantive {total.noise_as_substantive} (noise recall {_fmt(total.noise_recall)})")
    print(f"  precision over all words {_fmt(total.precision)}; excluding the words of misreadings and their "
          f"counterparts {_fmt(total.precision_without_noise)} ({total.noise_fp} false words were theirs)")


def _print_problems(results: list[dict[str, Any]], total: Score) -> None:
    failed = [r for r in results if "error" in r]
    if total.contract_mismatches:
        print(f"warning: {total.contract_mismatches} entries whose edits do not spell out their clause's title and text")
    if failed:
        print(f"failed: {len(failed)} pairs")
        for r in failed[:5]:
            print(f"  {r['pair']} ({r['source']}): {r['error']}")


def _print_timings(results: list[dict[str, Any]], t_parse: float, wall: float, jobs: int) -> None:
    compare_times = [r["compare_s"] for r in results if "compare_s" in r]
    print()
    print(f"timings: parse sources {t_parse:.2f}s; pairs {wall:.1f}s wall on {jobs} worker(s); "
          f"per pair: render {statistics.mean(r['render_s'] for r in results):.2f}s, "
          f"compare {statistics.mean(compare_times) if compare_times else 0:.2f}s "
          f"(max {max(compare_times, default=0):.2f}s), baseline {statistics.mean(r['baseline_s'] for r in results):.2f}s")


def _write_json(path: str, args: argparse.Namespace, mode: str, results: list[dict[str, Any]], total: Score,
                base: Score, planted_count: Counter[str], t_parse: float, wall: float) -> None:
    payload = {
        "pairs": len(results),
        "seed": args.seed,
        "docx_share": args.docx_share,
        "mode": mode,
        **({"fill_ins": True} if args.fill_ins else {}),
        **({"ocr_noise": args.ocr_noise} if args.ocr_noise else {}),
        **({"image_only": True, "dpi": list(args.dpi)} if args.image_only else {}),
        **({"wrong_way": args.wrong_way} if args.wrong_way else {}),
        **({"askew": args.askew} if args.askew else {}),
        **({"watermark": args.watermark} if args.watermark else {}),
        **({"redact": args.redact} if args.redact else {}),
        **({"damaged_headings": args.damaged_headings} if args.damaged_headings else {}),
        **({"move_edits": True} if args.move_edits else {}),
        "moadiff": total.to_dict(),
        "baseline": base.to_dict(),
        "planted": dict(planted_count),
        "outliers": outliers(results),
        "timings": {"parse_s": round(t_parse, 3), "wall_s": round(wall, 3)},
        "results": results,
    }
    Path(path).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)
    if not 0 <= args.ocr_noise < 0.5:
        ap.error("--ocr-noise takes a share of words, from 0 to 0.5")
    if not 0 <= args.damaged_headings <= 1:
        ap.error("--damaged-headings takes a share of pairs, from 0 to 1")

    mode = args.fake or "moadiff"
    missing = _moadiff_missing() if mode == "moadiff" else None
    if missing is not None:
        print(f"planted: moadiff.compare is not available ({missing}); try --fake perfect", file=sys.stderr)
        return 1
    paths = all_source_paths([Path(f) for f in args.sources])
    if args.text_layer_only:
        paths = [p for p in paths if has_text_layer(p)]
    t0 = time.perf_counter()
    # A scan read so badly that no clause structure is left gives nothing to plant in.
    sources = [(p.name, a) for p in paths if len((a := parse_any(p, Path(args.out) / "sources")).clauses) >= 3]
    if args.fill_ins:
        sources = _with_agency(sources)
    t_parse = time.perf_counter() - t0
    if not sources:
        print(f"planted: no agreements to plant edits in, in {' '.join(args.sources)}", file=sys.stderr)
        return 1
    jobs = _jobs(args, sources, mode)
    t1 = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(run_pair, jobs))
    else:
        results = [run_pair(j) for j in jobs]
    wall = time.perf_counter() - t1

    total, base, planted_count = _totals(results)
    n_docx = sum(1 for r in results if r["new_format"] == "docx")
    label = "moadiff" if mode == "moadiff" else f"fake report ({mode})"
    print(f"planted-edit benchmark: {len(results)} pairs (seed {args.seed}; {n_docx} with a DOCX new side) "
          f"from {len(sources)} of {len(paths)} agreements; scoring {label}")
    print()
    _print_table(total, base, planted_count)
    if args.fill_ins:
        _print_fill_ins(results, total, base)
    if args.ocr_noise:
        _print_ocr_noise(results, total)
    if args.image_only:
        print()
        dpi = f"{args.dpi[0]}" if args.dpi[0] == args.dpi[1] else f"{args.dpi[0]}-{args.dpi[1]}"
        print(f"image-only: the old sides were page images at {dpi} dpi without a text layer (OCR'd by moadiff); "
              "the baseline read their text-layer originals")
    if args.damaged_headings:
        damaged = [r for r in results if "damaged_heading" in r]
        print()
        print(f"damaged headings: {len(damaged)} pairs print one label as OCR misreads it "
              f"({', '.join(sorted({r['damaged_heading'].split(' -> ')[-1] for r in damaged})[:12])} ...)")
    _print_outliers(results)
    _print_problems(results, total)
    _print_timings(results, t_parse, wall, args.jobs)
    if args.json:
        _write_json(args.json, args, mode, results, total, base, planted_count, t_parse, wall)
    return 0


if __name__ == "__main__":
    sys.exit(main())
