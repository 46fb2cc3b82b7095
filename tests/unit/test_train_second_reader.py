"""The second reader's training data (scripts.train_second_reader): labels from the generator's
plan, kept on exactly the dates they label through every rephrasing and every OCR-like copy."""
from __future__ import annotations

import random

import pytest

from extractors import numerals
from scripts.train_second_reader import Example, ocr_like, rephrased, run_on, synthetic_paragraphs


@pytest.fixture(scope="module")
def paragraphs() -> list[Example]:
    return synthetic_paragraphs(3, seed=11)


def _dates(example: Example) -> list[tuple[str, str]]:
    text, spans = example
    return [(label, numerals.halfwidth(text[s:e])) for s, e, label in spans]


def test_every_party_paragraph_labels_its_birth_date(paragraphs: list[Example]) -> None:
    labelled = [ex for ex in paragraphs if ex[0].startswith("被告人") and "出生" in ex[0]]
    assert labelled and all(any(label == "BIRTH" for *_, label in ex[1]) for ex in labelled)
    assert any(label == "OFFENCE" for ex in paragraphs for *_, label in ex[1])


def test_rephrasing_keeps_each_label_on_its_date(paragraphs: list[Example]) -> None:
    rng = random.Random(3)
    for example in paragraphs:
        again = rephrased(example, rng)
        assert _dates(again) == _dates(example)
        for s, e, label in again[1]:
            if label == "BIRTH":   # the cue words stand right before or right after the date
                around = again[0][max(0, s - 5):s] + "|" + again[0][e:e + 2]
                assert any(cue in around for cue in ("出生", "生于", "|生")), around


def test_run_on_paragraphs_keep_their_labels(paragraphs: list[Example]) -> None:
    joined = run_on(paragraphs, random.Random(5))
    assert len(joined) < len(paragraphs)
    assert [d for ex in joined for d in _dates(ex)] == [d for ex in paragraphs for d in _dates(ex)]


def test_ocr_like_copies_damage_the_text_around_the_labels_only(paragraphs: list[Example]) -> None:
    rng = random.Random(7)
    damaged = [ocr_like(ex, rng) for ex in paragraphs]
    assert any(d[0] != ex[0] for d, ex in zip(damaged, paragraphs))
    for d, ex in zip(damaged, paragraphs):
        assert [label for *_, label in d[1]] == [label for *_, label in ex[1]]
        for (s, e, _), (s0, e0, _) in zip(d[1], ex[1]):   # a date keeps its numerals; 日/曰 and 〇/O may swap
            assert len(d[0][s:e]) == e0 - s0
