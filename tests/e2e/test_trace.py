"""`fengcun trace`: a leaked copy names its inquiry through whatever channel survived."""
from __future__ import annotations

import datetime as dt
import re
import subprocess

import pikepdf
import pytest
from PIL import Image

from redaction.release import Fingerprints, page_offset, read_fingerprints
from services import inquiries as inq
from services.tracing import lookup, trace
from support.inquiry import OPERATOR, attachment_files, build_sealed_archive, run_cli


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    base = tmp_path_factory.mktemp("trace")
    archive = build_sealed_archive(base)
    store = archive.open()
    application = inq.Application("judicial", "温州市人民检察院", "sun.officer", archive.person.name,
                                  archive.person.id_number, "审查起诉需要", "刑事诉讼法", "审查起诉")
    inquiry = inq.submit(store, application, attachment_files(base), "clerk.zhao")
    answer = inq.approve(store, inquiry.inquiry_id, OPERATOR, "符合条件", base / "out",
                         authority="温州市鹿城区人民法院", today=dt.date(2026, 11, 23))
    return archive, inquiry.inquiry_id, answer


@pytest.mark.slow
def test_encrypted_copy_is_traced_by_its_document_id_alone(released):
    archive, inquiry_id, answer = released
    found = trace(archive.open(), answer.files[0])
    assert [(t.inquiry_id, t.release_id, t.channels) for t in found] == \
        [(inquiry_id, answer.release_ids[0], ("document_id",))]


def test_copy_stripped_of_id_and_metadata_is_traced_by_its_invisible_text(released, tmp_path):
    archive, inquiry_id, answer = released
    stripped = tmp_path / "stripped.pdf"
    with pikepdf.open(answer.files[0], password=answer.password) as pdf:
        pdf.trailer.ID = pikepdf.Array([pikepdf.String(b"0" * 16), pikepdf.String(b"0" * 16)])
        del pdf.Root.Metadata
        pdf.save(stripped)
    one_page = tmp_path / "page2.pdf"
    with pikepdf.open(stripped) as pdf, pikepdf.new() as excerpt:
        excerpt.pages.append(pdf.pages[1])
        excerpt.save(one_page)
    for leaked in (stripped, one_page):
        hits = trace(archive.open(), leaked)
        assert [(t.inquiry_id, t.release_id) for t in hits] == [(inquiry_id, answer.release_ids[0])]
        assert "text" in hits[0].channels and "xmp" not in hits[0].channels


def test_visible_mark_alone_names_the_inquiry_and_a_rasterised_copy_names_nothing(released, tmp_path):
    archive, inquiry_id, answer = released
    plain = tmp_path / "plain.pdf"
    with pikepdf.open(answer.files[0], password=answer.password) as pdf:
        pdf.save(plain)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(plain), str(tmp_path / "p")],
                   check=True)
    picture = tmp_path / "picture.pdf"
    Image.open(next(tmp_path.glob("p*.png"))).convert("RGB").save(picture)
    assert trace(archive.open(), picture) == []     # printing/rescanning: the documented limit
    # the offsets differ per page and per release, so a printout's shifts can be compared
    rid = answer.release_ids[0]
    assert len({page_offset(rid, i) for i in range(6)}) > 1
    assert read_fingerprints(plain).inquiry_numbers == {inquiry_id}
    # with every hidden channel gone, the visible inquiry number still names the inquiry (not the copy)
    weak = lookup(archive.open(), Fingerprints(inquiry_numbers={inquiry_id, "Q1999-0001"}))
    assert [(t.inquiry_id, t.release_id, t.channels) for t in weak] == [(inquiry_id, None, ("visible_mark",))]


def test_trace_command_exits_1_on_a_file_without_a_known_mark(released, tmp_path, monkeypatch, capsys):
    archive, inquiry_id, answer = released
    code, out = run_cli(monkeypatch, capsys, archive, ["trace", str(archive.root.parent / "archive" / "d0001.pdf"),
                                                       "--store", str(archive.root)])
    assert code == 1 and "no release mark" in out
    code, out = run_cli(monkeypatch, capsys, archive, ["trace", str(answer.files[0]), "--store",
                                                       str(archive.root), "--password-stdin"],
                        stdin=answer.password + "\n")
    assert code == 0 and re.search(rf"inquiry {inquiry_id}: release \S+ of dossier {archive.dossier_id[:12]}", out)
    code, out = run_cli(monkeypatch, capsys, archive, ["trace", str(tmp_path / "missing.pdf"),
                                                       "--store", str(archive.root)])
    assert code == 3 and "missing.pdf" in out
