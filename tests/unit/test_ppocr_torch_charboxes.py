"""Character boxes a line at a time (ppocr_torch_charboxes) against rapidocr's CalRecBoxes itself.

No models and no torch: the inputs are what recognition hands over (a crop's
size, its page quadrilateral, the decoded columns), built here for straight,
skewed, overlapping, mixed-script and vertical lines.
"""
from __future__ import annotations

import numpy as np
import pytest
from rapidocr import RapidOCR
from rapidocr.ch_ppocr_rec import TextRecOutput
from rapidocr.ch_ppocr_rec.utils import CTCLabelDecode

from extractors.ocr.ppocr_torch_charboxes import word_boxes


def _line(text: str, columns: list[int], time_steps: int, wh_ratio: float, max_wh_ratio: float) -> object:
    selection = np.zeros(time_steps, dtype=bool)
    selection[columns] = True
    info = CTCLabelDecode.get_word_info(text, selection)
    info.line_txt_len = time_steps * wh_ratio / max_wh_ratio
    info.confs = [round(0.9 + 0.001 * i, 5) for i in range(len(columns))]
    return info


def _quad_extent(quad: object) -> tuple[float, float, float, float]:
    pts = np.asarray(quad, dtype=np.float64).reshape(-1, 2)
    return pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max()


CASES = {
    # text, decoded columns, time steps, page quadrilateral (tl, tr, br, bl), crop w × h
    "straight": ("被告人张某甲犯盗窃罪", [2, 9, 17, 24, 31, 38, 46, 53, 60, 67], 80,
                 [[100, 200], [740, 200], [740, 262], [100, 262]], (640, 62)),
    "skewed": ("二〇一四年八月十三日", [1, 8, 15, 22, 30, 37, 44, 51, 58, 66], 80,
               [[90, 210], [731, 190], [733, 252], [92, 272]], (641, 62)),
    "crowded": ("（2014）鄂蔡刑初字", [0, 2, 3, 4, 5, 6, 8, 12, 16, 20, 24], 40,
                [[50, 300], [450, 300], [450, 350], [50, 350]], (400, 50)),
    "latin and digits": ("No 95.64 mg", [1, 3, 8, 10, 12, 13, 14, 16, 19, 21, 23], 30,
                         [[300, 500], [620, 500], [620, 540], [300, 540]], (320, 40)),
    "vertical": ("刑事判决书", [2, 6, 10, 14, 18], 24,
                 [[700, 100], [760, 100], [760, 420], [700, 420]], (60, 320)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_boxes_as_rapidocr(name: str) -> None:
    text, columns, steps, quad, (w, h) = CASES[name]
    crop = np.zeros((h, w, 3), dtype=np.uint8)
    box = np.array(quad, dtype=np.float32)
    info = _line(text, columns, steps, w / h, max(w / h, 320 / 48))
    rec = TextRecOutput(txts=(text,), word_results=(info,))

    reference = RapidOCR(params={"Global.log_level": "error", "Global.return_word_box": True,
                                 "Global.return_single_char_box": True})   # as the rapidocr engine asks
    want = reference.calc_word_boxes([crop], box[None].copy(), TextRecOutput(txts=(text,), word_results=(info,)))
    got = word_boxes([crop], box[None].copy(), rec)

    assert len(got) == len(want) == 1
    assert [(c, s) for c, s, _ in got[0]] == [(c, s) for c, s, _ in want[0]]
    for (_, _, g), (_, _, r) in zip(got[0], want[0]):
        assert np.allclose(_quad_extent(g), _quad_extent(r), atol=1.0), (name, g, r)


def test_line_without_columns_is_left_out() -> None:
    crop = np.zeros((40, 300, 3), dtype=np.uint8)
    box = np.array([[0, 0], [300, 0], [300, 40], [0, 40]], dtype=np.float32)[None]
    empty = _line("", [], 30, 7.5, 7.5)
    assert word_boxes([crop], box, TextRecOutput(txts=("",), word_results=(empty,))) == ()
