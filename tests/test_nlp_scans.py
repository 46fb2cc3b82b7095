"""Regression: OCR'd pages of a synthetic scanned dossier (d0008, rapidocr at 300 dpi) where the
appeal judgment's "判决如下" was split by a line break ("…之规定，判" / "决如下："). The appeal
judgment's operative part went unread and the first-instance sentences came out as final,
with no review item: a confident wrong value. The fixture is the real OCR output of pages
6–9 with every glyph's box and confidence (the flow decides soft wraps from real boxes).
All names and numbers are synthetic."""
from __future__ import annotations

from pathlib import Path

from extractors.nlp import extract
from extractors.nlp import reasons as R
from extractors.text import DossierText, Glyph, PageText

OCR_PAGES = (Path(__file__).parent / "test_nlp_scans_d0008.txt").read_text(encoding="utf-8")


def _pages(fixture: str) -> list[PageText]:
    pages: list[PageText] = []
    for row in fixture.splitlines():
        if row.startswith("# page "):
            pages.append(PageText(int(row[7:]), 595.44, 841.92, [], "ocr", "rapidocr", dpi=300))
        elif row and not row.startswith("#"):
            ys, text, confs, xs = row.split("|")
            y0, y1 = map(float, ys.split())
            boxes = [tuple(map(float, x.split(","))) for x in xs.split()]
            pages[-1].lines.append([Glyph(ch, (x0, y0, x1, y1), int(confs[2 * i:2 * i + 2]) / 100)
                                    for i, (ch, (x0, x1)) in enumerate(zip(text, boxes, strict=True))])
    return pages


def _sentences(fixture: str) -> dict[str, tuple[str, int | None, int | None, str]]:
    extraction = extract(DossierText(_pages(fixture)))
    out = {}
    for p in extraction.persons:
        if p.disposition is not None:
            name = next(e.text for e in p.evidence if e.field == "name")
            d = p.disposition
            out[name] = (d.kind, d.months, d.probation_months, d.document_kind)
    return out


def test_appeal_judgment_read_across_a_line_break_inside_its_operative_phrase() -> None:
    assert _sentences(OCR_PAGES) == {
        "范金龙": ("fixed_term", 6, None, "appeal_judgment"),
        "徐德明": ("fixed_term", 14, None, "appeal_judgment"),
        "莫家豪": ("fixed_term", 42, None, "appeal_judgment"),
    }


def test_an_unreadable_operative_phrase_in_a_judgment_is_a_review_item() -> None:
    garbled = OCR_PAGES.replace("|决如下：|", "|决奴下：|")  # 如 read as 奴
    assert garbled != OCR_PAGES
    extraction = extract(DossierText(_pages(garbled)))
    assert [(r.field, r.reason) for r in extraction.review_items if r.reason == R.OPERATIVE_UNREAD.reason] \
        == [("disposition", R.OPERATIVE_UNREAD.reason)]
