"""Which strings identify a minor, and where they are found in page text."""
from __future__ import annotations

import datetime as dt

from extractors.text import DossierText, Glyph, PageText
from models.record import Identifiers, Person
from redaction.identifiers import date_forms, identifier_strings, minor_label
from redaction.redact import find_spans


def page(number: int, lines: list[str], confidence: float = 1.0) -> PageText:
    """Page text with one 10-point box per character, lines 20 points apart."""
    glyph_lines = [[Glyph(ch, (10.0 * i, 20.0 * row, 10.0 * i + 10, 20.0 * row + 12), confidence)
                    for i, ch in enumerate(line)] for row, line in enumerate(lines)]
    return PageText(number, 595, 842, glyph_lines, "ocr" if confidence < 1 else "text_layer")


def removed(doc: DossierText, spans) -> list[str]:
    return ["".join(g.char for _, g in doc.glyphs(s.start, s.end)) for s in spans]


def test_birth_date_in_every_written_form():
    forms = date_forms(dt.date(2004, 3, 15))
    for expected in ["2004年3月15日", "2004年03月15日", "二〇〇四年三月十五日", "2004-03-15", "2004.3.15",
                     "20040315"]:
        assert expected in forms
    assert "二〇一〇年十月二十日" in date_forms(dt.date(2010, 10, 20))
    assert "二〇〇九年十二月三十一日" in date_forms(dt.date(2009, 12, 31))


def test_identifier_strings_cover_the_record_and_nothing_else():
    person = Person("P2", "defendant", "李小明", aliases=["李某"], id_number="330102200503151232",
                    birth_date=dt.date(2005, 3, 15),
                    identifiers=Identifiers(["清泰街88号"], ["第十四中学"], ["李国强"], ["13812345678"]))
    strings = identifier_strings(person)
    for value in ["李小明", "李某", "330102200503151232", "2005年3月15日", "清泰街88号", "第十四中学",
                  "李国强", "13812345678"]:
        assert value in strings
    assert len(strings) == len(set(strings))
    assert identifier_strings(Person("P1", "defendant", "王大军")) == ["王大军"]


def test_a_second_birth_date_the_file_gives_is_removed_as_the_first_is():
    """2005年3月15日（户籍登记为2004年12月1日）出生: the registered date identifies the minor too."""
    person = Person("P2", "defendant", "李小明", birth_date=dt.date(2005, 3, 15),
                    identifiers=Identifiers(birth_dates=["2004-12-01"]))
    strings = identifier_strings(person)
    assert "2005年3月15日" in strings and "2004年12月1日" in strings and "二〇〇四年十二月一日" in strings


def test_id_number_broken_across_lines_and_pages_is_found_whole():
    doc = DossierText([page(1, ["公民身份号码3301022005", "03151232，汉族"]),
                       page(2, ["出生日期2005年3月", "15日"])])
    spans = find_spans(doc, [("330102200503151232", "［已删除］"), ("2005年3月15日", "［已删除］")])
    assert removed(doc, spans) == ["330102200503151232", "2005年3月15日"]
    assert [len(doc.boxes(s.start, s.end)) for s in spans] == [2, 2]   # one box per line part


def test_full_width_digits_and_zero_variants_match():
    doc = DossierText([page(1, ["身份证号３３０１０２２００５０３１５１２３２", "生于二○○五年三月十五日"])])
    spans = find_spans(doc, [("330102200503151232", "x"), ("二〇〇五年三月十五日", "y")])
    assert [s.label for s in spans] == ["x", "y"]


def test_a_transliterated_name_is_found_whatever_dot_joins_its_parts_and_across_a_line():
    """努尔买买提·库尔班 written with another middle dot (•, ・) or broken after it is the same name."""
    doc = DossierText([page(1, ["被告人努尔买买提•库尔班，男", "伙同努尔买买提・", "库尔班盗窃"])])
    spans = find_spans(doc, [("努尔买买提·库尔班", "x")])
    assert removed(doc, spans) == ["努尔买买提•库尔班", "努尔买买提・库尔班"]


def test_numbers_are_not_found_inside_longer_numbers_but_a_line_break_is_a_boundary():
    doc = DossierText([page(1, ["案值12005.3.15万元", "编号120050315", "2005.3.15出生"])])
    spans = find_spans(doc, [("2005.3.1", "x"), ("20050315", "y"), ("2005.3.15", "z")])
    assert [(doc.text[s.start:s.end], s.label) for s in spans] == [("2005.3.15", "z")]
    assert doc.text[spans[0].end:] == "出生\n"


def test_another_persons_longer_name_is_kept():
    doc = DossierText([page(1, ["被告人张三丰与被告人张三共同盗窃，张三丰望风。"])])
    spans = find_spans(doc, [("张三", minor_label(0))], keep=["张三丰"])
    assert len(spans) == 1
    assert doc.text[spans[0].start - 3:spans[0].end] == "被告人张三"


def test_misread_characters_match_only_on_ocr_text():
    misread = "33010220O503151282"   # two OCR misreadings
    ocr_doc = DossierText([page(1, [f"公民身份号码{misread}"], confidence=0.9)])
    text_doc = DossierText([page(1, [f"公民身份号码{misread}"], confidence=1.0)])
    pairs = [("330102200503151232", "［已删除］")]
    assert removed(ocr_doc, find_spans(ocr_doc, pairs)) == [misread]
    assert find_spans(text_doc, pairs) == []
    # a name is never matched approximately: one character off is another person
    assert find_spans(ocr_doc, [("李小明", "x")]) == []


def test_overlapping_matches_merge_under_the_longest_label():
    doc = DossierText([page(1, ["住浙江省杭州市上城区清泰街88号"])])
    spans = find_spans(doc, [("清泰街88号", "a"), ("浙江省杭州市上城区清泰街88号", "b")])
    assert [(doc.text[s.start:s.end], s.label) for s in spans] == [("浙江省杭州市上城区清泰街88号", "b")]
