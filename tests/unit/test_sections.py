"""The line-level section labeller (extractors.sections): accuracy on real judgments it was
never trained on, as printed and with the damage OCR does (characters lost or misread,
a heading gone)."""
from __future__ import annotations

import random

import pytest

from extractors.sections import SECTIONS, label_lines
from scripts.train_sections import HELD_OUT, TEXTS, real_lines

pytestmark = pytest.mark.skipif(not any((p / "case_025.txt").is_file() for p in TEXTS),
                                reason="shared real-judgment corpus not beside the clone")


@pytest.fixture(scope="module")
def held_out() -> list[list[tuple[str, str]]]:
    return list(real_lines(list(HELD_OUT)))


def _accuracy(sequences: list[list[tuple[str, str]]]) -> tuple[float, list[float]]:
    right = total = 0
    probabilities: list[float] = []
    for seq in sequences:
        for (_, want), (got, p) in zip(seq, label_lines([t for t, _ in seq])):
            right += got == want
            total += 1
            probabilities.append(p)
    return right / total, probabilities


def test_api_shape() -> None:
    assert label_lines([]) == []
    out = label_lines(["某某县人民法院", "刑事判决书", "公诉机关某某县人民检察院。", "本院认为，被告人构成盗窃罪。"])
    assert len(out) == 4 and all(s in SECTIONS and 0 < p <= 1 for s, p in out)
    assert out[0][0] == "header"


def test_held_out_real_judgments(held_out: list[list[tuple[str, str]]]) -> None:
    accuracy, _ = _accuracy(held_out)
    assert accuracy >= 0.95


def test_misread_and_lost_characters(held_out: list[list[tuple[str, str]]]) -> None:
    rng = random.Random(3)
    noisy = [[("".join(rng.choice("口日十") if rng.random() < 0.04 else c for c in t if rng.random() > 0.04), s)
              for t, s in seq] for seq in held_out]
    accuracy, _ = _accuracy(noisy)
    assert accuracy >= 0.93


def test_a_lost_heading_lowers_the_score_not_the_boundary(held_out: list[list[tuple[str, str]]]) -> None:
    """Each section's first line loses its opening words (本院认为, 经审理查明, 判决如下 …)."""
    cut: list[list[tuple[str, str]]] = []
    firsts: list[tuple[int, int]] = []
    for k, seq in enumerate(held_out):
        cut.append([(t[4:] if i == 0 or s != seq[i - 1][1] else t, s) for i, (t, s) in enumerate(seq)])
        firsts += [(k, i) for i, (_, s) in enumerate(seq) if i and s != seq[i - 1][1]]
    accuracy, _ = _accuracy(cut)
    assert accuracy >= 0.93
    intact = [label_lines([t for t, _ in seq]) for seq in held_out]
    damaged = [label_lines([t for t, _ in seq]) for seq in cut]
    before = sum(intact[k][i][1] for k, i in firsts) / len(firsts)
    after = sum(damaged[k][i][1] for k, i in firsts) / len(firsts)
    assert after < before
