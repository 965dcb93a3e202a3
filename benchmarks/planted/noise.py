"""OCR noise (``--ocr-noise``): the old side of a pair damaged as a
scanner's OCR would read it, with benchmarks/ocrnoise.py's confusions.
"""

from __future__ import annotations

import random
from typing import Any

from benchmarks.ocrnoise import misread
from benchmarks.planted.model import Pair, Tok, flatten
from benchmarks.planted.streams import norm, opcodes, truth_stream


def inject_noise(pair: Pair, rate: float, rng: random.Random) -> dict[str, Any]:
    """Misread ``rate`` of the old side's words, as a scanner's OCR would
    (ocrnoise.py), in place. Words of a planted edit or of an agency name are
    left alone. The misread words are marked ``noise``, and they and their
    counterparts on the new side ``noise_ctx``; one in ten misreadings joins
    a word with the next ("Joint Intake" -> "Jointlntake")."""
    new_nodes = {n.uid: n for n in flatten(pair.new)}
    runs: list[tuple[list[Tok], dict[int, Tok]]] = []  # old words, and each one's counterpart
    for node in flatten(pair.old):
        other = new_nodes.get(node.uid)
        if other is None:
            continue
        for old_toks, new_toks in zip([node.title, *node.paras], [other.title, *other.paras]):
            # A longest common subsequence (not difflib's longest blocks, which
            # can pair repeated text across a planted edit).
            twin = {i1 + d: new_toks[j1 + d]
                    for op, i1, i2, j1, _ in opcodes([t.text for t in old_toks], [t.text for t in new_toks])
                    if op == "equal" for d in range(i2 - i1)}
            runs.append((old_toks, twin))

    def free(toks: list[Tok], twin: dict[int, Tok], i: int) -> bool:
        t = toks[i]
        return (i in twin and t.edit is None and t.fill is None and twin[i].edit is None and twin[i].fill is None
                and not t.noise_ctx and bool(norm(t.text)))

    spots = [(r, i) for r, (toks, twin) in enumerate(runs) for i in range(len(toks)) if free(toks, twin, i)]
    want = min(round(rate * len(truth_stream(pair.old))), len(spots))
    chosen = sorted(rng.sample(spots, want), reverse=True)  # right to left: indices stay valid
    misread_count = joined = 0
    for r, i in chosen:
        toks, twin = runs[r]
        t = toks[i]
        if rng.random() < 0.1 and i + 1 < len(toks) and free(toks, twin, i + 1) and (r, i + 1) not in chosen:
            text = t.text + toks[i + 1].text
            if rng.random() < 0.5:
                text = misread(text, rng, "confuse") or text
            toks[i:i + 2] = [Tok(text, noise=True, noise_ctx=True)]
            twin[i].noise_ctx = twin[i + 1].noise_ctx = True
            misread_count += 1
            joined += 1
            continue
        new = misread(t.text, rng)
        if new is None:
            continue
        toks[i:i + 1] = [Tok(w, noise=w != t.text, noise_ctx=True) for w in new.split()]
        twin[i].noise_ctx = True
        misread_count += 1
    words = sum(1 for w in truth_stream(pair.old) if w.noise)
    return {"misread": misread_count, "joined": joined, "words": words}
