"""The second, glyph-by-glyph reading of Chinese-numeral years (extractors.reread).

The strips in tests/resources/year_*.png are cut, full width, from the deskewed
page images the OCR engine saw on the synthetic scanned evaluation sets (every
page at 300 dpi): year_lost_zero from seed 90300 d0012 page 8 (二〇〇八年 read as
二○八年), year_doubted_zeros from 90300 d0003 page 7 (二〇〇七年, both 〇 at about
0.5), year_lost_last_zero from 60300 d0025 page 2 (一九九〇年 read as 一九九年) and
year_lost_last_zero_2 from 90300 d0034 page 6 (二〇二〇年 read as 二〇二年). Each
test first shows that PP-OCR still misreads its strip, so a later model that
reads them right turns these tests red instead of leaving them vacuous.

The rest drive the reasoning with an engine double whose single-glyph readings
are given: the thing under test is how the two readings are combined, and the
double is the one way to make a reading disagree on purpose.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractors.numerals import year_digit
from extractors.ocr import get_engine
from extractors.ocr.base import OcrLine, whole_box
from extractors.reread import SURE, reread_years

RESOURCES = Path(__file__).parents[1] / "resources"


def strip(name: str) -> np.ndarray:
    return np.asarray(Image.open(RESOURCES / name).convert("RGB"))


def year_of(lines: list[OcrLine], tail: str) -> tuple[str, tuple[float, ...]]:
    """The Chinese-numeral year before `tail` (the month and day that follow 年) and its confidences."""
    for line in lines:
        at = line.text.find("年" + tail)
        if at > 0:
            start = at
            while start > 0 and year_digit(line.text[start - 1]) is not None:
                start -= 1
            return line.text[start:at], (line.char_confidences or ())[start:at]
    raise AssertionError(f"no year before 年{tail} in {[line.text for line in lines]}")


# strip, the date's month and day (to find the year), what the page-wide reading gives, the year
STRIPS = [
    ("year_lost_zero.png", "二月三日", "二○八", 2008),
    ("year_doubted_zeros.png", "七月十六日", "二〇〇七", 2007),
    ("year_lost_last_zero.png", "七月十八日", "一九九", 1990),
    ("year_lost_last_zero_2.png", "九月八日", "二〇二", 2020),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "tail", "misread", "year"), STRIPS)
def test_rapidocr_years_come_back_whole_and_sure(name: str, tail: str, misread: str, year: int) -> None:
    engine = get_engine("rapidocr")
    image = strip(name)
    lines = engine.recognise(image)
    first, first_confs = year_of(lines, tail)
    assert first == misread and (len(first) < 4 or min(first_confs) < 0.9)   # the defect is there
    again, confs = year_of(reread_years(image, lines, engine), tail)
    assert len(again) == 4 and int("".join(str(year_digit(c)) for c in again)) == year
    assert min(confs) >= 0.9


@pytest.mark.slow
def test_rapidocr_reread_keeps_boxes_in_step_with_text() -> None:
    engine = get_engine("rapidocr")
    image = strip("year_lost_zero.png")
    for line in reread_years(image, engine.recognise(image), engine):
        assert line.char_boxes is not None and line.char_confidences is not None
        assert len(line.char_boxes) == len(line.char_confidences) == len(line.text)
        lefts = [box[0] for box in line.char_boxes]
        assert lefts == sorted(lefts)


@pytest.mark.slow
def test_tesseract_reread_never_invents_a_year() -> None:
    """Tesseract's boxes and single-glyph readings are its own: whatever it does with a year,
    the result is the line as read or the true year, never a third value."""
    engine = get_engine("tesseract")
    for name, tail, _, year in STRIPS:
        image = strip(name)
        lines = engine.recognise(image)
        for before, after in zip(lines, reread_years(image, lines, engine)):
            assert after == before or str(year) in "".join(str(year_digit(c) if year_digit(c) is not None else c)
                                                           for c in after.text)


# ------------------------------------------------------------ the combination, with given readings

PITCH = 50.0


class GivenReadings:
    """An engine double: `recognise_lines` answers each crop with the next given (text, confidence)."""

    name = "given"

    def __init__(self, *reads: tuple[str, float]) -> None:
        self.reads = list(reads)
        self.crops: list[np.ndarray] = []

    def recognise(self, image: np.ndarray) -> list[OcrLine]:
        raise AssertionError("the reread never runs detection")

    def recognise_batch(self, images: list[np.ndarray]) -> list[list[OcrLine]]:
        raise AssertionError("the reread never runs detection")

    def recognise_lines(self, crops: list[np.ndarray]) -> list[OcrLine]:
        self.crops += crops
        out = [OcrLine(text, whole_box(crop), conf) for crop, (text, conf) in zip(crops, self.reads)]
        self.reads = self.reads[len(crops):]
        return out


def typeset(cells: list[tuple[str, float]], lost: tuple[int, ...] = ()) -> OcrLine:
    """A line as the engine returns it: one character per pitch cell, the cells in `lost`
    left empty (the engine dropped their glyph), so the boxes keep their gaps."""
    text, boxes, confs = "", [], []
    for k, (char, conf) in enumerate(cells):
        if k in lost:
            continue
        text += char
        boxes.append((20 + k * PITCH, 10.0, 20 + (k + 1) * PITCH, 60.0))
        confs.append(conf)
    return OcrLine(text, (20.0, 10.0, 20 + len(cells) * PITCH, 60.0), 0.9, tuple(boxes), tuple(confs))


IMAGE = np.full((80, 20 + 16 * int(PITCH), 3), 255, np.uint8)
BORN = [("男", 1.0), ("，", 1.0), ("二", 1.0), ("〇", 0.5), ("〇", 0.5), ("七", 1.0), ("年", 1.0),
        ("七", 1.0), ("月", 1.0), ("二", 1.0), ("日", 1.0), ("出", 1.0), ("生", 1.0)]
ZEROS_READ_ALONE = [("二", 1.0), ("O", 0.95), ("O", 0.96), ("七", 1.0)]


def test_two_agreeing_readings_take_the_surer_confidence() -> None:
    engine = GivenReadings(*ZEROS_READ_ALONE)
    (line,) = reread_years(IMAGE, [typeset(BORN)], engine)
    assert line.text == "男，二〇〇七年七月二日出生"
    assert line.char_confidences[2:6] == (1.0, 0.95, 0.96, 1.0)
    assert [crop.shape[1] for crop in engine.crops] == [pytest.approx(PITCH, abs=2)] * 4


def test_a_lost_glyph_is_put_back_in_its_gap() -> None:
    engine = GivenReadings(*ZEROS_READ_ALONE)
    (line,) = reread_years(IMAGE, [typeset(BORN, lost=(4,))], engine)
    assert line.text == "男，二〇〇七年七月二日出生"
    assert line.char_confidences[2:6] == (1.0, 0.95, 0.96, 1.0)
    assert line.char_boxes[4] == pytest.approx((20 + 4 * PITCH, 10.0, 20 + 5 * PITCH, 60.0))


def test_a_lost_first_glyph_is_put_back_before_the_year() -> None:
    engine = GivenReadings(*ZEROS_READ_ALONE)
    (line,) = reread_years(IMAGE, [typeset(BORN, lost=(2,))], engine)
    assert line.text == "男，二〇〇七年七月二日出生"
    assert line.char_confidences[2] == 1.0


def test_a_lost_last_glyph_is_put_back_before_nian() -> None:
    cells = [("出", 1.0), ("生", 1.0), ("于", 1.0), ("一", 1.0), ("九", 1.0), ("九", 1.0), ("〇", 0.5),
             ("年", 1.0), ("七", 1.0), ("月", 1.0)]
    engine = GivenReadings(("一", 0.99), ("九", 1.0), ("九", 1.0), ("O", 0.96))
    (line,) = reread_years(IMAGE, [typeset(cells, lost=(6,))], engine)
    assert line.text == "出生于一九九〇年七月"
    assert line.char_confidences[6] == 0.96


@pytest.mark.parametrize("reads", [
    [("二", 1.0), ("六", 0.97), ("O", 0.96), ("七", 1.0)],     # a glyph read as another digit
    [("二", 1.0), ("O.", 0.95), ("O", 0.96), ("七", 1.0)],     # a cell that is no single digit
    [("二", 1.0), ("", 0.0), ("O", 0.96), ("七", 1.0)],        # a cell read as nothing
    [("二", 1.0), ("两", 0.99), ("O", 0.96), ("七", 1.0)],     # 两 counts things, never writes a year
])
def test_any_disagreement_leaves_the_line_as_the_engine_read_it(reads: list[tuple[str, float]]) -> None:
    """The second cell is one the line read in both variants (nothing lost, or the third lost)."""
    for lost in ((), (4,)):
        original = typeset(BORN, lost=lost)
        assert reread_years(IMAGE, [original], GivenReadings(*reads)) == [original]


def test_a_lost_glyph_takes_its_own_reading_which_is_all_there_is() -> None:
    """Nothing in the line can confirm or contradict a glyph it lost: the cell's reading stands at
    its own confidence, so a doubtful one still sends the date to a reviewer."""
    engine = GivenReadings(("二", 1.0), ("O", 0.95), ("六", 0.6), ("七", 1.0))
    (line,) = reread_years(IMAGE, [typeset(BORN, lost=(4,))], engine)
    assert line.text == "男，二〇六七年七月二日出生" and line.char_confidences[4] == 0.6


def test_a_year_off_the_pitch_grid_is_not_read_again() -> None:
    original = typeset(BORN, lost=(4,))
    boxes = list(original.char_boxes or ())
    boxes[4] = tuple(x + PITCH / 2 if i in (0, 2) else x for i, x in enumerate(boxes[4]))   # 七 half a pitch off
    skewed = OcrLine(original.text, original.box, original.confidence, tuple(boxes), original.char_confidences)
    engine = GivenReadings(*ZEROS_READ_ALONE)
    assert reread_years(IMAGE, [skewed], engine) == [skewed] and engine.crops == []


def test_five_cells_are_no_year() -> None:
    cells = BORN[:3] + [("〇", 0.5), ("〇", 0.5), ("〇", 0.5)] + BORN[5:]
    original = typeset(cells, lost=(4,))
    engine = GivenReadings(*ZEROS_READ_ALONE, ("七", 1.0))
    assert reread_years(IMAGE, [original], engine) == [original] and engine.crops == []


def test_sure_years_arabic_years_and_lines_without_boxes_are_left_alone() -> None:
    sure = typeset([(c, SURE) for c, _ in BORN])
    arabic = typeset([("于", 1.0), ("2", 0.5), ("0", 0.5), ("0", 0.5), ("8", 0.5), ("年", 1.0), ("七", 1.0),
                      ("月", 1.0), ("二", 1.0), ("日", 1.0)])
    plain = typeset(BORN, lost=(4,))
    no_boxes = OcrLine(plain.text, plain.box, plain.confidence)
    engine = GivenReadings(*ZEROS_READ_ALONE)
    assert reread_years(IMAGE, [sure, arabic, no_boxes], engine) == [sure, arabic, no_boxes]
    assert engine.crops == []


def test_year_digit_reads_what_ocr_writes_for_a_year_digit() -> None:
    assert [year_digit(c) for c in "〇○零Oo0一二三四五六七八九"] == [0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert [year_digit(c) for c in ("7", "７", "两", "十", "年", "", "O.", "二〇")] == [7, 7, None, None, None, None, None, None]
