"""Regressions from scanned synthetic dossiers where a hard line break (a line the flow could
not join, its last glyph short of the right margin) fell inside a phrase the extractor reads,
and a wrong value came out with no review item:

- d0008 (rapidocr, 300 dpi): the appeal judgment's "…之规定，判" / "决如下：" — its operative
  part went unread and the first-instance sentences came out as final;
- d0011 (rapidocr, 200 dpi): "宣告缓刑二年" / "六个月" — probation read as 24 months, not 30.

The fixtures are the real OCR output of the judgments' pages with every glyph's box and
confidence (the flow decides soft wraps from real boxes). All names and numbers are synthetic."""
from __future__ import annotations

from pathlib import Path

from extractors.nlp import extract
from extractors.nlp import patterns as P
from extractors.nlp import reasons as R
from extractors.text import DossierText, Glyph, PageText

OCR_PAGES = (Path(__file__).parent / "test_nlp_scans_d0008.txt").read_text(encoding="utf-8")
PROBATION_PAGES = (Path(__file__).parent / "test_nlp_scans_d0011.txt").read_text(encoding="utf-8")


def _pages(fixture: str) -> list[PageText]:
    pages: list[PageText] = []
    for row in fixture.splitlines():
        if row.startswith("# page "):
            number, width, height, dpi = row[7:].split()
            pages.append(PageText(int(number), float(width), float(height), [], "ocr", "rapidocr", dpi=int(dpi)))
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
    doubted = sorted(r.person_id for r in extraction.review_items if r.reason == R.OPERATIVE_UNREAD.reason)
    assert doubted == sorted(p.person_id for p in extraction.persons if p.disposition is not None)
    assert len(doubted) == 3


def test_probation_term_read_across_a_line_break() -> None:
    assert _sentences(PROBATION_PAGES) == {
        "曾振宇": ("fixed_term", 42, None, "judgment"),
        "江文博": ("fixed_term", 78, None, "judgment"),
        "邱国庆": ("exempt_from_punishment", None, None, "judgment"),
        "肖军": ("fixed_term", 18, 30, "judgment"),
    }


def test_probation_read_when_a_line_break_splits_its_marker() -> None:
    """Stopping at 缓\n刑 would read a suspended sentence as an unsuspended one."""
    m = P.PRINCIPAL.search("判处有期徒刑一年，宣告缓\n刑一年六个\n月。")
    assert m is not None and (m.group("term"), m.group("prob")) == ("一年", "一年六个\n月")
