"""The second reader: a trained entity recogniser that reads birth and offence dates beside the rules.

The rule-based reader (extractors.nlp) finds dates by anchors and patterns; where OCR or an
unfamiliar phrasing defeats a pattern it can take the wrong date with confidence (an arrest
date read as the offence's, a birth date from the wrong paragraph). The second reader is a
statistical model over character tokens that marks the same facts from their context
(…出生 after a birth date, 于…盗窃 around an act's date), so it fails differently: where the
two disagree on a value that decides the case, a reviewer is asked
(extractors.nlp.assemble), and where they agree nothing changes. It decides nothing.

The model (`model/`, a spaCy pipeline of one `ner` component, a few MB) is trained by
`python -m scripts.train_second_reader` from `train.cfg` on generated dossiers only, with
OCR-like noise; no real judgment is trained on, so every real set measures it unseen.

    read(text) -> list[Reading]    # BIRTH / OFFENCE spans, character offsets into text
"""
from __future__ import annotations

import functools
import re
import threading
from pathlib import Path
from typing import Literal, NamedTuple

import spacy
from spacy.language import Language

HERE = Path(__file__).parent
CONFIG = HERE / "train.cfg"
MODEL = HERE / "model"
Label = Literal["BIRTH", "OFFENCE"]
LABELS: tuple[Label, ...] = ("BIRTH", "OFFENCE")
_YEAR = re.compile(r"年")
# one model per process, read by one thread at a time: a backfill reads dossiers on a thread pool,
# and spaCy makes no promise that one Language is safe to run from several threads at once
_MODEL_LOCK = threading.Lock()
# characters read either side of a year: 2.8 times faster than whole lines, and 129 of the 131
# marks whole lines give on the 33 development judgments
MARGIN = 24


class Reading(NamedTuple):
    start: int
    end: int
    label: Label
    text: str


def holds_a_date(text: str) -> bool:
    """Whether a paragraph is worth training on: it writes a year (2019年, 二〇一九年)."""
    return _YEAR.search(text) is not None


def windows(text: str, margin: int = MARGIN) -> list[tuple[int, int]]:
    """The stretches of `text` the model reads: `margin` characters either side of each year
    written (年), within its line, overlapping stretches merged. The model's own view is 12
    characters either side; the rest of a long judgment has no date to mark."""
    found: list[tuple[int, int]] = []
    for m in _YEAR.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        start = max(m.start() - margin, line_start)
        end = min(m.end() + margin, len(text) if line_end < 0 else line_end)
        if found and start <= found[-1][1]:
            found[-1] = (found[-1][0], max(end, found[-1][1]))
        else:
            found.append((start, end))
    return found


@functools.lru_cache(maxsize=1)
def load_model() -> Language:
    """The trained recogniser, loaded once per process."""
    if not (MODEL / "meta.json").is_file():
        raise FileNotFoundError(f"{MODEL} is missing: run `python -m scripts.train_second_reader`")
    return spacy.load(MODEL)


def read(text: str) -> list[Reading]:
    """Every birth and offence date the model marks in `text`, character offsets into it."""
    stretches = windows(text)
    nlp = load_model()
    with _MODEL_LOCK:
        docs = list(nlp.pipe(text[a:b] for a, b in stretches))
    found: list[Reading] = []
    for (start, _), doc in zip(stretches, docs, strict=True):
        found += [Reading(start + e.start_char, start + e.end_char, e.label_, e.text)  # type: ignore[arg-type]
                  for e in doc.ents]
    return found
