"""OCR-like damage for the planted-edit benchmark (--ocr-noise, --image-only).

``misread`` turns a word into what a scanner's OCR might make of it, with the
confusions moadiff's noise stage knows (rn/m, nn/m, l/1/I, O/0/D, cl/d, h/b,
li/h, ri/n, vv/w, e/c, 5/S), a letter dropped or doubled, a word split in
two, stray punctuation in it or a stray character beside it; ``inject``
(in benchmarks.planted) also joins two words ("Joint Intake" -> "Jointlntake").

Every damaged word reads as a non-word. A misreading that happens to make
another dictionary word ("and" -> "arid") is kept substantive by design
(two words that differ are a change, unless one is a rare variant in its
own document), so planting those would measure that guard rail, not the
labelling. A pure number is never turned into another pure number, which
would be a real change ("10" may become "1O", never "70").

``image_only`` turns a PDF into a PDF of page images (no text layer), slightly
blurred and rotated like a scan.

>>> import random
>>> rng = random.Random(3)
>>> sorted({misread("performance", rng) is not None for _ in range(20)})
[True]
>>> all(not (w or "").replace(" ", "").isdigit() for w in (misread("2020", rng) for _ in range(20)))
True
"""

from __future__ import annotations

import os
import random
import re
import time
from pathlib import Path

#: (what, read as): applied at one occurrence inside a word.
CONFUSIONS = (
    ("m", "rn"), ("rn", "m"), ("m", "nn"), ("rm", "nn"), ("n", "ri"), ("h", "li"), ("h", "b"), ("b", "h"),
    ("d", "cl"), ("cl", "d"), ("w", "vv"), ("e", "c"), ("c", "e"), ("l", "1"), ("l", "I"), ("I", "l"),
    ("i", "l"), ("O", "0"), ("0", "O"), ("D", "O"), ("O", "D"), ("o", "0"), ("S", "5"), ("5", "S"),
    ("1", "l"), ("1", "I"),
)
#: Only these turn a digit into a look-alike letter: a number stays a non-number.
DIGIT_CONFUSIONS = (("0", "O"), ("1", "l"), ("1", "I"), ("5", "S"))
STRAY_INSIDE = ".,'"
STRAY_TOKENS = ("~", "'", "l", ".", ",")
#: op -> weight
OPS = {"confuse": 0.5, "drop-or-double": 0.2, "split": 0.1, "stray": 0.2}

_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


def _key(word: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", word.lower())


def _is_word(word: str) -> bool:
    from moadiff.lexicon import is_word

    key = _key(word)
    return bool(key) and key.isalpha() and is_word(key)


def _ok(old: str, new: str) -> bool:
    """A misreading we plant: it differs, is no word, and a number stays a non-number."""
    if not new.strip() or new == old:
        return False
    if _key(old).isdigit() and _key(new).isdigit() and _key(old) != _key(new):
        return False
    parts = new.split()
    return not any(_is_word(p) for p in parts) if len(parts) == 1 else True


def confuse(word: str, rng: random.Random) -> str | None:
    """One OCR confusion at a random place in ``word``, or None if none applies."""
    pre, core, post = _CORE.match(word).groups()  # type: ignore[union-attr]
    table = DIGIT_CONFUSIONS if _key(word).isdigit() else CONFUSIONS
    spots = [(i, a, b) for a, b in table for i in range(len(core)) if core.startswith(a, i)]
    rng.shuffle(spots)
    for i, a, b in spots:
        new = pre + core[:i] + b + core[i + len(a):] + post
        if _ok(word, new):
            return new
    return None


def misread(word: str, rng: random.Random, op: str | None = None) -> str | None:
    """``word`` as OCR might read it (possibly two words, or a word and a stray
    character), or None when no misreading of the kind drawn applies."""
    op = op or rng.choices(list(OPS), weights=list(OPS.values()))[0]
    pre, core, post = _CORE.match(word).groups()  # type: ignore[union-attr]
    number = _key(word).isdigit()
    if op == "confuse" or number and op in ("drop-or-double", "split"):
        return confuse(word, rng)
    if op == "drop-or-double":
        letters = [i for i, ch in enumerate(core) if ch.isalpha()]
        if len(letters) < 5:
            return confuse(word, rng)
        i = rng.choice(letters)
        new = pre + (core[:i] + core[i + 1:] if rng.random() < 0.5 else core[:i] + core[i] + core[i:]) + post
        return new if _ok(word, new) else confuse(word, rng)
    if op == "split":
        if len(core) < 6 or not core.isalpha():
            return confuse(word, rng)
        i = rng.randrange(2, len(core) - 1)
        return pre + core[:i] + " " + core[i:] + post
    # stray: punctuation inside the word, or a stray character beside it
    if rng.random() < 0.5 and len(core) >= 3:
        i = rng.randrange(1, len(core))
        return pre + core[:i] + rng.choice(STRAY_INSIDE) + core[i:] + post
    stray = rng.choice(STRAY_TOKENS)
    return f"{stray} {word}" if rng.random() < 0.5 else f"{word} {stray}"


def footer_variant(line: str, rng: random.Random) -> str:
    """A running footer's line (parts separated by tabs) as OCR reads it on
    one page: a date's slashes read as 1s ("0211512025"), or the page number
    read into the agency's name ("Bay County 3 Sheriff's Office").

    >>> footer_variant("Bay County\t3\tRevised 02/15/2025", random.Random(1)) != "Bay County\t3\tRevised 02/15/2025"
    True
    """
    parts = line.split("\t")
    dates = [k for k, p in enumerate(parts) if re.search(r"\d/\d", p)]
    names = [k for k, p in enumerate(parts) if len(p.split()) >= 2 and not re.search(r"\d", p)]
    numbers = [k for k, p in enumerate(parts) if p.strip().isdigit()]
    if dates and (not (names and numbers) or rng.random() < 0.5):
        k = rng.choice(dates)
        parts[k] = re.sub(r"(?<=\d)/(?=\d)", lambda m: rng.choice(("1", "l", "/")), parts[k])
    elif names and numbers:
        k, j = rng.choice(names), numbers[0]
        words = parts[k].split()
        cut = rng.randrange(1, len(words))
        parts[k] = " ".join([*words[:cut], parts[j].strip(), *words[cut:]])
        parts[j] = ""
    return "\t".join(parts)


def image_only(src: str | os.PathLike[str], dst: str | os.PathLike[str], rng: random.Random, *,
               dpi: int = 200, blur: float = 0.6, fed: random.Random | None = None, wrong_way: float = 0.0,
               crooked: random.Random | None = None, askew: float = 0.0) -> list[tuple[int, float]]:
    """Write ``src`` again as a PDF of grayscale page images, each slightly
    blurred and rotated (0.3-0.8 degrees either way, white corners). With
    ``askew``, that share of the pages (drawn from ``crooked``) is scanned
    crooked instead, 1.5-3 degrees either way; with ``wrong_way``, that
    share (drawn from ``fed``) is fed the wrong way: upside down, or
    sideways either way. Returns the pages so turned (1-based) and the
    angle each lies at (degrees counter-clockwise)."""
    import pypdfium2
    from PIL import Image, ImageFilter

    pdf = pypdfium2.PdfDocument(os.fspath(src))
    try:
        images = []
        turned: list[tuple[int, float]] = []
        for page in pdf:
            img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            img = img.filter(ImageFilter.GaussianBlur(blur))
            angle = rng.uniform(0.3, 0.8) * rng.choice((-1, 1))
            if crooked is not None and crooked.random() < askew:
                angle = round(crooked.uniform(1.5, 3.0) * crooked.choice((-1, 1)), 2)
                turned.append((len(images) + 1, angle))
            img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            if fed is not None and fed.random() < wrong_way:
                turn = fed.choice((180, 180, 90, 270))  # upside down most often
                turned.append((len(images) + 1, turn))
                img = img.rotate(turn, expand=True)
            images.append(img)
    finally:
        pdf.close()
    tmp = Path(dst).with_suffix(".tmp.pdf")
    # Fixed dates, so that the same seed gives the same bytes, and moadiff's
    # OCR cache (keyed by the file's digest) finds the pages read before.
    when = time.gmtime(1739577600)  # 2025-02-15
    images[0].save(tmp, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:],
                   title="scan", creationDate=when, modDate=when)
    os.replace(tmp, dst)
    return turned
