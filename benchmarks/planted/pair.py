"""One pair: plant, render, compare and score (in a worker process).

    Agreement -> make_pair (planting, fill-ins) -> noise -> write_pdf / write_docx
        -> moadiff.compare (or a fake report) -> streams -> scoring -> a result dict
"""

from __future__ import annotations

import random
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks.docwriter import Agreement, Layout, random_layout, write_docx, write_pdf
from benchmarks.fillvalues import Agency, SourceAgency, make_agency
from benchmarks.ocrnoise import image_only
from benchmarks.planted.fake import fake_report
from benchmarks.planted.fillins import apply_agency, fill_blanks, mark_agency
from benchmarks.planted.headings import damage_heading
from benchmarks.planted.model import Pair, to_agreement, to_doc
from benchmarks.planted.noise import inject_noise
from benchmarks.planted.planting import plant
from benchmarks.planted.redact import redact
from benchmarks.planted.scoring import score
from benchmarks.planted.sources import document_text
from benchmarks.planted.streams import baseline_streams, reported_streams

AGENCIES = [
    "Harlow County Sheriff's Office",
    "Mesa Verde Police Department",
    "Cedar Falls County Jail",
    "Pine Ridge County Sheriff's Office",
    "Bluewater Detention Center",
    "Northfield Police Department",
]


def make_pair(agreement: Agreement, rng: random.Random, *, name: str,
              fill: tuple[SourceAgency, Agency] | None = None, move_edits: bool = False
              ) -> tuple[Pair, Layout, Layout]:
    """Plant edits in a copy of ``agreement`` and draw two layouts. With
    ``fill`` (the source's agency and a new one), the new side names the new
    agency wherever the old one names the source's."""
    if fill:
        doc = to_doc(fill_blanks(agreement, fill[0]))
        occurrences = mark_agency(doc, fill[0])
    else:
        doc = to_doc(agreement)
    pair = plant(doc, rng, name=name, move_edits=move_edits)
    agency = rng.choice(AGENCIES)
    pair.old.agency = pair.new.agency = agency
    if fill:
        src, new = fill
        pair.old.agency, pair.new.agency = src.name, new.name
        pair.fill_ins = {"source_agency": src.name, "source_abbr": src.abbr, "agency": new.name, "abbr": new.abbr,
                         **apply_agency(pair, occurrences, src, new)}
    old_layout = random_layout(rng, revised="06/01/2020")
    new_layout = random_layout(rng, revised="02/15/2025")
    while (new_layout.font, new_layout.font_size) == (old_layout.font, old_layout.font_size):
        new_layout = random_layout(rng, revised="02/15/2025")
    return pair, old_layout, new_layout


def run_pair(job: dict[str, Any]) -> dict[str, Any]:
    """Plant, render, compare and score one pair (runs in a worker process)."""
    k, seed, source, agreement = job["k"], job["seed"], job["source"], job["agreement"]
    rng = random.Random(f"{seed}:{k}")
    fill = None
    if job.get("fill_ins"):
        # A stream of its own, so that the planted edits and layouts are drawn as without --fill-ins.
        src = job["agency"]
        fill = (src, make_agency(random.Random(f"{seed}:{k}:fill-ins"), avoid=[src.place]))
    pair, old_layout, new_layout = make_pair(agreement, rng, name=f"pair-{k:03d}", fill=fill,
                                             move_edits=bool(job.get("move_edits")))
    new_ext = "docx" if rng.random() < job["docx_share"] else "pdf"
    if job.get("ocr_noise"):
        # Streams of their own, so that edits and layouts are drawn as without the flags.
        pair.ocr_noise = inject_noise(pair, job["ocr_noise"], random.Random(f"{seed}:{k}:ocr-noise"))
        # And a running footer read differently on some pages, as OCR does.
        old_layout = replace(old_layout, footer_noise=0.3)
    redacted: list[str] = []
    redacting = random.Random(f"{seed}:{k}:redact")  # a stream of its own, as the flags above
    if redacting.random() < job.get("redact", 0.0):
        redacted = redact(pair, redacting)
    marked = None
    marking = random.Random(f"{seed}:{k}:watermark")  # a stream of its own, as the flags above
    if marking.random() < job.get("watermark", 0.0):
        side = marking.choice(("old", "new")) if new_ext == "pdf" else "old"
        mark = watermark_layout(marking)
        if side == "old":
            old_layout = replace(old_layout, **mark)
        else:
            new_layout = replace(new_layout, **mark)
        marked = f"{side}: {mark['watermark']!r} at {mark['watermark_angle']:g} degrees"
    out = Path(job["out"])
    out.mkdir(parents=True, exist_ok=True)
    old_path, new_path = out / f"{pair.name}-old.pdf", out / f"{pair.name}-new.{new_ext}"
    text_path = out / f"{pair.name}-old.text.pdf" if job.get("image_only") else old_path
    old_agreement, new_agreement = to_agreement(pair.old), to_agreement(pair.new)
    damaged = None
    damage = random.Random(f"{seed}:{k}:headings")  # a stream of its own, as the flags above
    if damage.random() < job.get("damaged_headings", 0.0):
        side = damage.choice(("old", "new"))
        detail = damage_heading(old_agreement if side == "old" else new_agreement, damage)
        damaged = f"{side}: {detail}" if detail else None
    dpi = job.get("dpi", (200, 200))
    dpi = random.Random(f"{seed}:{k}:dpi").choice(range(dpi[0], dpi[1] + 1, 25)) if dpi[0] < dpi[1] else dpi[0]
    t0 = time.perf_counter()
    write_pdf(old_agreement, text_path, layout=old_layout)
    fed: list[tuple[int, float]] = []
    if job.get("image_only"):
        # Streams of their own, so that pages fed the wrong way or askew change no other draw.
        fed = image_only(text_path, old_path, random.Random(f"{seed}:{k}:image-only"), dpi=dpi,
                         fed=random.Random(f"{seed}:{k}:fed"), wrong_way=job.get("wrong_way", 0.0),
                         crooked=random.Random(f"{seed}:{k}:askew"), askew=job.get("askew", 0.0))
    (write_docx if new_ext == "docx" else write_pdf)(new_agreement, new_path, layout=new_layout)
    t1 = time.perf_counter()
    result: dict[str, Any] = {
        "pair": pair.name,
        "source": source,
        "new_format": new_ext,
        "edits": [{"type": e.type, "detail": e.detail} for e in pair.edits],
        "render_s": round(t1 - t0, 3),
    }
    if damaged:
        result["damaged_heading"] = damaged
    if marked:
        result["watermark"] = marked
    if redacted:
        result["redacted"] = redacted
    if job.get("image_only"):
        result["dpi"] = dpi
    if fed:
        result["turned_pages"] = fed
    if pair.fill_ins is not None:
        result["fill_ins"] = pair.fill_ins
    if pair.ocr_noise is not None:
        result["ocr_noise"] = pair.ocr_noise
    if job["mode"] == "moadiff":
        import moadiff
        from moadiff.render.json import to_dict

        try:
            t2 = time.perf_counter()
            limit: dict[str, Any] = {"time_limit": job["time_limit"]} if job.get("time_limit") else {}
            if job.get("cache_dir"):
                limit["cache_dir"] = job["cache_dir"]
            report = to_dict(moadiff.compare(str(old_path), str(new_path), **limit))
            result["compare_s"] = round(time.perf_counter() - t2, 3)
        except Exception as exc:  # noqa: BLE001 (one failure, whatever it is, does not stop the batch)
            result["error"] = f"{type(exc).__name__}: {exc}"
            report = None
    else:
        report = fake_report(pair, mode=job["mode"])
        result["compare_s"] = 0.0
    if report is not None:
        old_rep, new_rep, mismatches = reported_streams(report)
        s = score(pair, old_rep, new_rep, report)
        s.contract_mismatches = mismatches
        result["score"] = s.to_dict()
    t3 = time.perf_counter()
    b_old, b_new = baseline_streams(document_text(text_path), document_text(new_path))
    result["baseline"] = score(pair, b_old, b_new).to_dict()
    result["baseline_s"] = round(time.perf_counter() - t3, 3)
    return result


#: Watermarks of drafts, samples and released copies.
WATERMARKS = ("DRAFT", "SAMPLE", "COPY", "CONFIDENTIAL", "FOR OFFICIAL USE ONLY", "NOT FOR DISTRIBUTION")


def watermark_layout(rng: random.Random) -> dict[str, Any]:
    """A watermark as a word processor lays it: the text across the page at
    45 degrees in light grey, or level and pale (docwriter.Layout's fields)."""
    text = rng.choice(WATERMARKS)
    if rng.random() < 0.7:
        return {"watermark": text, "watermark_angle": rng.choice((45.0, -45.0, 54.0)),
                "watermark_size": rng.uniform(70, 110), "watermark_gray": rng.uniform(0.75, 0.9)}
    return {"watermark": text, "watermark_angle": 0.0, "watermark_size": rng.uniform(48, 72),
            "watermark_gray": rng.uniform(0.8, 0.9)}

