"""Over-redaction is counted on a real redacted copy: a judge's name, an adult's name and
the case number that stay count as kept; one removed with a minor's identifiers does not."""
from __future__ import annotations

import dataclasses

import pytest

from redaction.leakcheck import Kept, count_kept, read_text
from redaction.redact import write_redacted_copy
from support.redaction import ADULT_NAME, CASE_NUMBER, JUDGE, make_judgment_pdf, record_for, text_layer_pages

MUST_STAY = [JUDGE, ADULT_NAME, CASE_NUMBER]
IN_SOURCE = 1 + 4 + 1       # the judge once, the adult four times, the case number once


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    path = make_judgment_pdf(tmp_path_factory.mktemp("in") / "adult.pdf", with_extras=False)
    return path, text_layer_pages(path), record_for(path)


def test_everyone_who_stays_counts_kept(source, tmp_path):
    path, pages, record = source
    copy = tmp_path / "copy.pdf"
    report = write_redacted_copy(path, pages, record, ["P2"], copy)
    assert report.spans_removed > 0
    assert count_kept(read_text(path), copy, MUST_STAY) == Kept(IN_SOURCE, IN_SOURCE)


def test_a_judge_removed_with_the_minor_counts_lost(source, tmp_path):
    """The record wrongly lists the judge's name as an alias of the minor: the copy loses it."""
    path, pages, record = source
    minor = next(p for p in record.persons if p.person_id == "P2")
    wrong = dataclasses.replace(record, persons=[dataclasses.replace(minor, aliases=[*minor.aliases, JUDGE])
                                                 if p is minor else p for p in record.persons])
    copy = tmp_path / "copy.pdf"
    write_redacted_copy(path, pages, wrong, ["P2"], copy)
    assert JUDGE not in read_text(copy)
    assert count_kept(read_text(path), copy, MUST_STAY) == Kept(IN_SOURCE - 1, IN_SOURCE)
    assert count_kept(read_text(path), copy, [JUDGE]) == Kept(0, 1)
    assert count_kept(read_text(path), copy, ["不在卷中的名字"]) == Kept(0, 0)
