"""A second reading of Chinese-numeral years, glyph by glyph (the page stage runs it after OCR).

PP-OCR reads a whole line with CTC, which cannot always tell two neighbouring
glyphs apart from one: 二〇〇八 comes back with each 〇 at confidence 0.4–0.6, or
as 二〇八; 一九九〇 as 一九九, the 〇 before 年 lost. On the scanned evaluation sets
these years were the commonest reason a minor's age went to review — a birth
year or offence year near the 18th birthday needs every digit.

Typeset CJK text stands on a fixed pitch, so the character boxes show how many
glyphs a year really holds (a lost one leaves a gap of one pitch), and each of
those glyphs can be read again on its own, where there is no neighbour to merge
with. The two readings decide together:

- every glyph the line read agrees in value with its own reading: the line is
  kept, each glyph at the surer of its two confidences (two reads of one glyph);
  a glyph the line lost is put back at its own reading's confidence;
- any disagreement, a slot that reads as no digit, or a year that does not come
  to four glyphs: the line stays exactly as the engine read it, doubt and all.

Lines whose engine gave no character boxes are left alone: boxes spread evenly
cannot show a lost glyph.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import replace

import numpy as np

from extractors.numerals import MISREAD_ZEROS, WRITTEN_YEAR_DIGITS, YEAR_DIGIT_CHARS, year_digit
from extractors.ocr.base import OcrEngine, OcrLine, PixelBox

# A run of year digits as OCR writes them (〇 in any of its forms, numerals.ZERO_FORMS) ending in 年, not
# the tail of an Arabic year (2008年): at least one Chinese numeral in it.
_YEAR = re.compile(rf"(?<![{WRITTEN_YEAR_DIGITS}0-9])(?=[{MISREAD_ZEROS}]*[〇○零一二三四五六七八九])"
                   rf"[{YEAR_DIGIT_CHARS}]{{2,4}}年")
YEAR_DIGITS = 4
#: A step between two glyph centres within this fraction of a whole number of pitches counts
#: as that many glyphs; anything looser is not typeset text this can reason about.
PITCH_TOLERANCE = 0.35
#: Years whose four digits all read at least this sure are not read again: nothing to gain.
SURE = 0.99
#: Steps between full-width neighbours needed to measure a line's pitch.
MIN_STEPS = 4
CHINESE_DIGITS = "〇一二三四五六七八九"


def reread_years(image: np.ndarray, lines: list[OcrLine], engine: OcrEngine) -> list[OcrLine]:
    """`lines` with each doubtful Chinese-numeral year settled by reading its glyphs one by one,
    where the two readings agree (see the module docstring); every other line unchanged."""
    return [_reread_line(image, line, engine) for line in lines]


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _centre(box: PixelBox) -> float:
    return (box[0] + box[2]) / 2


def _pitch(line: OcrLine) -> float | None:
    """The distance between neighbouring full-width glyph centres (the median, so a lost glyph's
    double step does not move it), or None for a line too short to say."""
    boxes = line.char_boxes or ()
    steps = [_centre(boxes[i + 1]) - _centre(boxes[i]) for i in range(len(line.text) - 1)
             if _wide(line.text[i]) and _wide(line.text[i + 1])]
    if len(steps) < MIN_STEPS:
        return None
    pitch = statistics.median(steps)
    return pitch if pitch > 0 else None


def _glyphs_in(step: float, pitch: float) -> int | None:
    """How many glyph pitches a step between two centres spans, None when it is no whole number."""
    n = round(step / pitch)
    return n if n >= 1 and abs(step / pitch - n) <= PITCH_TOLERANCE else None


def _reread_line(image: np.ndarray, line: OcrLine, engine: OcrEngine) -> OcrLine:
    boxes, confs = line.char_boxes, line.char_confidences
    if boxes is None or confs is None or len(boxes) != len(line.text) or not _YEAR.search(line.text):
        return line
    pitch = _pitch(line)
    if pitch is None:
        return line
    for match in reversed(list(_YEAR.finditer(line.text))):   # from the right: offsets before stay valid
        line = _reread_year(image, line, match.start(), match.end() - 1, pitch, engine)
    return line


def _reread_year(image: np.ndarray, line: OcrLine, start: int, year_char: int, pitch: float,
                 engine: OcrEngine) -> OcrLine:
    """The year whose digits are line.text[start:year_char], followed by 年 at `year_char`."""
    boxes = line.char_boxes or ()
    confs = line.char_confidences or ()
    if year_char - start == YEAR_DIGITS and min(confs[start:year_char]) >= SURE:
        return line
    # Slots: each glyph the year holds, as the index into the line where it was read, or None
    # where the line lost it; `places` counts pitches from the first slot to each read glyph.
    slots: list[int | None] = []
    places: list[tuple[int, float]] = []
    before = start - 1
    if before >= 0 and _wide(line.text[before]):
        lead = _glyphs_in(_centre(boxes[start]) - _centre(boxes[before]), pitch)
        if lead is None:
            return line
        slots += [None] * (lead - 1)
    for i in range(start, year_char):
        places.append((len(slots), _centre(boxes[i])))
        slots.append(i)
        gap = _glyphs_in(_centre(boxes[i + 1]) - _centre(boxes[i]), pitch)
        if gap is None:
            return line
        slots += [None] * (gap - 1)
    places.append((len(slots), _centre(boxes[year_char])))
    if len(slots) != YEAR_DIGITS:
        return line
    # The engine's glyph centres wander by a fifth of a pitch; a line fitted through them all
    # (年 included) puts every cell where the typesetter did, a lost glyph's too.
    step, origin = np.polyfit([k for k, _ in places], [c for _, c in places], 1)
    top = min(boxes[i][1] for i in range(start, year_char + 1))
    bottom = max(boxes[i][3] for i in range(start, year_char + 1))
    slot_boxes = [(float(origin + k * step - step / 2), top, float(origin + k * step + step / 2), bottom)
                  for k in range(YEAR_DIGITS)]
    reads = engine.recognise_lines([_crop(image, box) for box in slot_boxes])
    values = [year_digit(read.text) for read in reads]
    if len(reads) != YEAR_DIGITS or any(v is None for v in values):
        return line
    if any(i is not None and year_digit(line.text[i]) != v for i, v in zip(slots, values)):
        return line
    text, new_boxes, new_confs = [], [], []
    for i, box, read, value in zip(slots, slot_boxes, reads, values):
        if i is None:
            text.append(CHINESE_DIGITS[value])   # type: ignore[index]
            new_boxes.append(box)
            new_confs.append(read.confidence)
        else:
            text.append(line.text[i])
            new_boxes.append(boxes[i])
            new_confs.append(max(confs[i], read.confidence))
    return replace(line, text=line.text[:start] + "".join(text) + line.text[year_char:],
                   char_boxes=tuple(boxes[:start]) + tuple(new_boxes) + tuple(boxes[year_char:]),
                   char_confidences=tuple(confs[:start]) + tuple(new_confs) + tuple(confs[year_char:]))


def _crop(image: np.ndarray, box: PixelBox) -> np.ndarray:
    """One glyph's cell: a pitch wide, as tall as the line's glyphs. Margins or white padding
    around a lone glyph lowered PP-OCR's confidence in it (0.94 → 0.4–0.8 on the same 〇),
    so the cell is cut as the line presents it, nothing added."""
    h, w = image.shape[:2]
    x0, y0, x1, y1 = box
    return np.ascontiguousarray(image[max(0, int(y0)):min(h, int(y1) + 1), max(0, int(x0)):min(w, int(x1) + 1)])
