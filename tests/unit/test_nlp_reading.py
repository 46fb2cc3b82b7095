"""The reading layer: one normalisation for every reader, and the confusable-glyph table."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractors import cer, numerals
from extractors.reading import Lexicon
from extractors.reading.anchors import FUZZY_CONFIDENCE
from extractors.reading.confusions import ConfusionTable, align, table
from extractors.reading.normalise import compact, fold, halfwidth, pair_brackets
from redaction import matching


def test_one_normalisation_for_patterns_redaction_and_cer() -> None:
    """Full-width digits are ASCII everywhere; zero glyphs are one digit where text is compared;
    the patterns keep full-width punctuation and the zero glyphs, which their grammar reads."""
    assert halfwidth("２０１９年，（一）") == "2019年，（一）"
    assert numerals.halfwidth is halfwidth
    assert fold("二○○四年（３）") == "二〇〇四年(3)" and len(fold("二○○四年（３）")) == len("二○○四年（３）")
    assert matching.normalise("３３０１０２ ２００４０３０１１２３４ｘ") == "330102200403011234X"
    assert compact("二○一五年\n（2015）") == cer.normalise("二〇一五年 (2015)")
    assert cer.cer("二〇一五年", "二○一五年") == 0.0    # the same digit: no OCR error


@pytest.mark.parametrize("read, meant", [
    ("上诉人《原审被告人)纪某", "上诉人（原审被告人)纪某"),            # Tesseract's 《 for a serif （
    ("被告人吴某〈曾用名吴松)，男", "被告人吴某（曾用名吴松)，男"),
    ("〈2014)黔南刑二终字第9号", "（2014)黔南刑二终字第9号"),
    ("（2001年11月\n23日出生〉", "（2001年11月\n23日出生）"),         # the closing one, across a line break
    ("依照《中华人民共和国刑法》第十七条（一）", "依照《中华人民共和国刑法》第十七条（一）"),  # pairs of their own shape
    ("〔2021〕45号，〈附件〉", "〔2021〕45号，〈附件〉"),
])
def test_a_bracket_takes_the_shape_of_its_pair(read: str, meant: str) -> None:
    assert pair_brackets(read) == meant and len(pair_brackets(read)) == len(read)


def test_a_bracket_misread_does_not_hide_a_party_or_a_birth_date() -> None:
    """A party paragraph as Tesseract reads a serif face: its brackets as 〈 and 《."""
    from extractors.nlp import extract_text

    ex = extract_text("浙江省三门县人民法院\n刑事判决书\n〈2018)浙1022刑初41号\n公诉机关浙江省三门县人民检察院。\n"
                      "上诉人《原审被告人)吴某〈曾用名吴松)，男，〈2001年3月17日出生)，汉族，初中文化。"
                      "因涉嫌盗窃罪于2018年1月5日被刑事拘留。\n")
    (person,) = [p for p in ex.persons if p.role == "defendant"]
    assert person.name == "吴某" and person.birth_date == dt.date(2001, 3, 17)


def test_a_speck_read_as_a_point_after_the_role_word_does_not_hide_the_party() -> None:
    from extractors.nlp import extract_text

    ex = extract_text("河北省高阳县人民法院\n刑事判决书\n（2018）冀0628刑初182号\n公诉机关河北省高阳县人民检察院。\n"
                      "被告人.葛文斌，男，1973年11月5日出生，汉族，农民。因涉嫌窝藏罪于2018年7月30日被取保候审。\n")
    (person,) = [p for p in ex.persons if p.role == "defendant"]
    assert person.name == "葛文斌" and person.birth_date == dt.date(1973, 11, 5)


def test_substitutions_are_counted_one_for_one() -> None:
    found = align("判决如下：被告人张某犯盗窃罪，判处拘役三个月。", "判决如下：被告人张某犯盗窃罪，判处均役三个月。")
    assert found == {("均", "拘"): 1}
    # a glyph split in two says nothing about which glyph looks like which
    assert align("二〇一九年", "二〇一丿L年") == {}
    # layout and full-width forms are no errors
    assert align("刑事判决书\n（2019）", "刑事判决书 (２０１９)") == {}


def test_the_table_round_trips_and_names_a_bad_file(tmp_path: Path) -> None:
    learned = ConfusionTable()
    learned.learn("rapidocr", "AR PL UMing", [("拘役三个月", "均役三个月"), ("二〇一九年五月三日", "二〇一九年五月三曰")])
    assert learned.confusable("均", "拘") == 1 and learned.confusable("曰", "日", engine="tesseract") == 0
    path = tmp_path / "confusions.tsv"
    learned.save(path)
    assert ConfusionTable.load(path).counts == learned.counts
    path.write_text("engine\ttypeface\tread\tmeant\tcount\nrapidocr\tWQY\t均役\t拘\t1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="confusions.tsv, line 2"):
        ConfusionTable.load(path)


def test_the_shipped_table_loads() -> None:
    shipped = table()
    assert all(len(read) == 1 and len(meant) == 1 and n > 0 for (_, _, read, meant), n in shipped.counts.items())


def test_a_confusion_the_table_knows_costs_less_than_an_unknown_one() -> None:
    """A phrase found through 毫 for 亳 (seen in the table) is a likelier reading than through a
    glyph never seen for it — both below the threshold: neither decides alone."""
    lexicon = Lexicon({"court": ["亳州市人民法院"]})
    assert table().confusable("毫", "亳") > 0
    known = lexicon.search("court", "毫州市人民法院")
    unknown = lexicon.search("court", "豪州市人民法院")
    assert known is not None and unknown is not None
    assert FUZZY_CONFIDENCE < known.confidence < 0.9 and unknown.confidence == FUZZY_CONFIDENCE
