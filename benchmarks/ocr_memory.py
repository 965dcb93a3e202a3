"""Peak memory of comparing an agreement with a long image-only scan.

    nice .venv/bin/python -m benchmarks.ocr_memory [--pages 12 120 300] [--label after]

Builds image-only PDFs of 12, 120 and 300 pages in ``benchmarks/out/`` (not
committed) from the real image-only scans in ``../shared/moa`` and
``../shared/corpus``: their page images are copied as they are (no
re-rasterizing), a page of each scan in turn until the page count is
reached, as a county's packet of agreements and attachments would mix them.
Every size holds every kind of page image in the same proportions: the
first scans alone (1-bit, 200 dpi) would make the 12-page packet lighter
per page than the long ones (with 400-dpi and colour pages). Then, for
each, it runs

    moadiff compare GraysonCountyDCKY_JEM_MOA_030425.pdf SCAN-N.pdf --cache-dir <fresh> --time-limit T -o /dev/null -f json

at the default settings (OCR ``auto``, memory limit 2 GiB, a cold cache in a
fresh folder, so that every page is rendered, read and written to the cache),
except the time limit: ``--time-limit`` (default 3600 s here) only keeps a
busy shared machine from ending a slow run early, and changes no result
under ``benchmarks.treemem``, which samples the whole process tree (the
command and its reader children). It prints one line per size and writes
``benchmarks/out/ocr-memory-<label>.json``.

Set ``PYTHONPATH`` to measure another checkout of moadiff with the same
interpreter (``PYTHONPATH=/tmp/base``): the command is ``python -m moadiff``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SHARED = ROOT.parent / "shared"
OLD = SHARED / "moa" / "GraysonCountyDCKY_JEM_MOA_030425.pdf"
#: Real agreements whose every page is an image without a text layer.
SCANS = (
    "moa/LeeCoSheriffsOffice_JEM_MOA_02.20.2025.pdf",
    "moa/DeWittCo_WSO_MOA_022625.pdf",
    "moa/KeyWestPDFL_TFM_MOA_030425.pdf",
    "corpus/DeLandPDFL_TFM_MOA_030425.pdf",
    "corpus/HenryCountySheriffAL_WSO_MOA_031425.pdf",
    "corpus/KinneyCoTX_TFM_MOA_03.19.2025.pdf",
    "corpus/MariannaPoliceDeptFL_TFM_MOA_03.04.2025.pdf",
    "corpus/PortOrangePDFL_TFM_MOA_042425.pdf",
    "corpus/RuskCoSOTX_WSO_MOA_030425.pdf",
    "corpus/SweetwaterCounty_JEM_MOA_030725.pdf",
    "corpus/VADOC_JEM_MOA_022825.pdf",
)


def build(pages: int, dst: Path) -> Path:
    """An image-only PDF of ``pages`` pages: the real scans' pages dealt in
    turn (page 1 of each scan, then page 2 of each, ...), so that a packet
    of any length holds every kind of page image (1-bit fax at 200 and 400
    dpi, 8-bit and colour JPEG) in the same proportions, and peak memory at
    12 pages and at 300 differs by the page count, not by the pages' kind."""
    import pypdfium2 as pdfium

    if dst.exists():
        return dst
    sources = [pdfium.PdfDocument(str(SHARED / name)) for name in SCANS]
    out = pdfium.PdfDocument.new()
    try:
        k = 0
        while len(out) < pages:
            src = sources[k % len(sources)]
            out.import_pages(src, [(k // len(sources)) % len(src)])
            k += 1
        tmp = dst.with_suffix(".tmp.pdf")
        out.save(tmp)
    finally:
        out.close()
        for src in sources:
            src.close()
    os.replace(tmp, dst)
    return dst


def measure(scan: Path, label: str, time_limit: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="ocr-memory-") as cache:
        figures = OUT / f"treemem-{label}-{scan.stem}.json"  # two labels may run at once
        # Run from the cache folder, so that "-m moadiff" imports the checkout
        # on PYTHONPATH (or the installed one), not this folder's.
        cmd = [sys.executable, str(ROOT / "benchmarks" / "treemem.py"), "--interval", "0.1", "--label", f"{label} {scan.stem}",
               "--json", str(figures), "--", sys.executable, "-m", "moadiff", "compare", str(OLD), str(scan),
               "--cache-dir", cache, "--time-limit", str(time_limit), "-o", os.devnull, "-f", "json"]
        err = subprocess.run(cmd, cwd=cache, capture_output=True, text=True, check=False).stderr
        result: dict[str, object] = json.loads(figures.read_text())
    result["stderr_tail"] = err.strip().splitlines()[-3:]
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[12, 120, 300])
    ap.add_argument("--label", default="run")
    ap.add_argument("--time-limit", type=float, default=3600.0, help="moadiff's --time-limit (default 3600)")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.pages:
        scan = build(n, OUT / f"scan-{n}.pdf")
        r = measure(scan, args.label, args.time_limit)
        r["pages"] = n
        results.append(r)
        print(f"{args.label}: {n} pages: peak tree PSS {r['peak_tree_pss_mb']} MB, largest process "
              f"{r['peak_single_rss_mb']} MB, {r['wall_s']} s, exit {r['exit_status']} "
              f"{r['stderr_tail'][-1] if r['exit_status'] == 2 and r['stderr_tail'] else ''}", flush=True)
    (OUT / f"ocr-memory-{args.label}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
