"""Both OCR engines on a real degraded scan: accuracy, boxes on the right characters, offline models."""
from __future__ import annotations

import socket
from collections import Counter
from pathlib import Path

import cv2
import numpy as np
import pytest

from extractors.cer import cer
from extractors.ocr import DEFAULT_ENGINE, ENGINES, get_engine
from extractors.pages import read_pages, render_page
from extractors.text import PageText

RESOURCES = Path(__file__).parents[1] / "resources"
TRUTH = (RESOURCES / "judgment.txt").read_text(encoding="utf-8")
SKEW = 2.0           # degrees the scan was turned counter-clockwise (tests/resources/make_pages.py)
# Character error rate bounds on the skewed, noisy, JPEG'd 300 dpi scan; measured 1.4% and 4.1%.
MAX_CER = {"rapidocr": 0.03, "tesseract": 0.08}


@pytest.fixture(scope="module")
def text_layer() -> PageText:
    return read_pages(RESOURCES / "judgment.pdf")[0]


@pytest.fixture(scope="module", params=sorted(MAX_CER))
def scanned(request: pytest.FixtureRequest) -> PageText:
    (page,) = read_pages(RESOURCES / "judgment_skewed.jpg", engine=request.param)
    return page


def unique_centres(page: PageText) -> dict[str, tuple[float, float]]:
    counts = Counter(g.char for g in page.glyphs)
    return {g.char: ((g.bbox[0] + g.bbox[2]) / 2, (g.bbox[1] + g.bbox[3]) / 2)
            for g in page.glyphs if counts[g.char] == 1}


@pytest.mark.slow
def test_engine_reads_a_skewed_noisy_scan(scanned: PageText) -> None:
    assert scanned.source == "ocr" and scanned.engine in ENGINES
    assert scanned.dpi == 300 and scanned.rotation == 0
    assert scanned.width == pytest.approx(1749 * 72 / 300) and scanned.height == pytest.approx(2481 * 72 / 300)
    assert cer(TRUTH, scanned.text) < MAX_CER[scanned.engine]
    assert all(0.0 <= g.confidence <= 1.0 for g in scanned.glyphs)
    assert min(g.confidence for g in scanned.glyphs) < 1.0      # OCR never claims a text layer's certainty


@pytest.mark.slow
def test_boxes_land_on_the_same_characters_as_the_text_layer(scanned: PageText, text_layer: PageText) -> None:
    """The scan is the text-layer page rendered at 300 dpi and turned by SKEW about its centre:
    each character's box, in stored-page points, must sit where that turn put the character."""
    scale = 300 / 72
    turn = cv2.getRotationMatrix2D((1749 / 2, 2481 / 2), SKEW, 1.0)
    expected = unique_centres(text_layer)
    found = unique_centres(scanned)
    distances = []
    for char, (x, y) in expected.items():
        if char in found:
            ex, ey = turn @ np.array([x * scale, y * scale, 1.0]) / scale
            distances.append(float(np.hypot(found[char][0] - ex, found[char][1] - ey)))
    assert len(distances) > 40
    # A character is 12 points wide; rapidocr measured median 0.8 / max 1.6, tesseract 1.0 / p90 3.2.
    assert np.median(distances) < 2.0
    assert np.percentile(distances, 90) < (2.5 if scanned.engine == "rapidocr" else 5.0)


def test_engines_are_registered_and_loaded_once() -> None:
    assert DEFAULT_ENGINE == "rapidocr"
    assert {"rapidocr", "tesseract"} <= set(ENGINES)
    assert get_engine("tesseract") is get_engine("tesseract")
    with pytest.raises(ValueError, match="unknown OCR engine"):
        get_engine("abbyy")


@pytest.mark.slow
def test_rapidocr_runs_from_its_packaged_models_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractors.ocr.rapidocr import RapidOcrEngine

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rapidocr tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    engine = RapidOcrEngine()          # a fresh instance: model loading happens under the guard
    page = np.asarray(render_page(RESOURCES / "judgment.pdf", 1, 300))
    lines = engine.recognise(page[100:420, 100:1700])          # the first three printed lines
    first = TRUTH.splitlines()[0]
    assert cer(first, lines[0].text) < 0.1
    assert all(line.char_boxes is not None and len(line.char_boxes) == len(line.text) for line in lines)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(MAX_CER))
def test_recognise_lines_reads_strips_the_caller_cut(name: str, text_layer: PageText) -> None:
    """Recognition without detection (the leak check's read-back): full-width strips cut
    at the text layer's line boxes from a 200 dpi render, one line of text out per strip."""
    scale = 200 / 72
    page = np.asarray(render_page(RESOURCES / "judgment.pdf", 1, 200))
    lines = [line for line in text_layer.lines if line][:6]
    strips = [page[int((min(g.bbox[1] for g in line) - 2) * scale):int((max(g.bbox[3] for g in line) + 2) * scale)]
              for line in lines]
    read = get_engine(name).recognise_lines(strips)
    assert len(read) == len(strips)
    for line, got in zip(lines, read):
        want = "".join(g.char for g in line)
        assert cer(want, got.text) < MAX_CER[name] + 0.05, (want, got.text)
        assert got.box == (0.0, 0.0, float(page.shape[1]), pytest.approx(got.box[3]))
        assert 0.0 < got.confidence <= 1.0
    assert get_engine(name).recognise_lines([]) == []



@pytest.mark.slow
def test_rapidocr_pool_reads_as_one_engine_on_all_cores_does() -> None:
    """The pool's single-threaded workers read pages and strips exactly as one rapidocr on
    every core: splitting the work changes the speed, not the text or the boxes."""
    from extractors.ocr.rapidocr import RapidOcr, RapidOcrEngine

    page = np.asarray(render_page(RESOURCES / "judgment.pdf", 1, 300))
    images = [page[100:700, 100:1700], page[700:1300, 100:1700], page[1300:1900, 100:1700]]
    pooled, single = RapidOcrEngine(workers=2), RapidOcr()
    assert pooled.recognise_batch(images) == [single.recognise(image) for image in images]
    strips = [page[100 + 106 * i:206 + 106 * i, 100:1700] for i in range(5)]
    assert pooled.recognise_lines(strips) == single.recognise_lines(strips)


def _resident_mib() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


@pytest.mark.slow
def test_a_rapidocr_reader_gives_back_what_a_page_freed() -> None:
    """Detection's activations, freed when a page has been read, leave the process with the
    page: glibc would otherwise keep about 130 MiB of them resident here, and about 200 MiB
    per reader in a backfill (docs/benchmarks.md, "Memory"). A strip is read first so that
    the models are loaded."""
    from extractors.ocr.rapidocr import RapidOcr

    page = np.asarray(render_page(RESOURCES / "judgment.pdf", 1, 300))
    reader = RapidOcr(threads=1)
    assert reader.recognise(page[100:300, 100:1700])
    before = _resident_mib()
    assert reader.recognise(page)
    assert _resident_mib() - before < 32
