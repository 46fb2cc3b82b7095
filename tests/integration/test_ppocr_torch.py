"""The PyTorch engine reads exactly what the rapidocr engine reads (issue 10), on the CPU.

Real rendered and scanned-looking pages, real models on both sides: onnxruntime
through the rapidocr engine, PyTorch through ppocr-torch. Pages are small (a
few lines) so the whole file stays well under a minute on two cores.
"""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the gpu extra is not installed (pip install '.[gpu]')")
pytest.importorskip("onnx", reason="the gpu extra is not installed (pip install '.[gpu]')")

from bench.gpu_ocr import FONT, degrade, rasterise  # noqa: E402
from extractors.ocr import ENGINES, get_engine  # noqa: E402
from extractors.ocr.base import OcrLine  # noqa: E402
from extractors.ocr.ppocr_torch import PpocrTorchEngine  # noqa: E402
from extractors.ocr.ppocr_torch_graph import OnnxGraphModule  # noqa: E402
from extractors.ocr.rapidocr import RapidOcrEngine, packaged_models  # noqa: E402

pytestmark = pytest.mark.slow

LINES_A = ["上诉人（原审被告人）纪某，", "因涉嫌犯盗窃罪于2014年2月6日", "被刑事拘留，同年3月被逮捕。"]
LINES_B = ["（2015）谯刑初字第00225号", "公诉机关亳州市谯城区人民检察院。", "被告人张某甲，", "经检验血液酒精含量为95.64毫克"]


def _small_page(lines: list[str], width_pt: float, height_pt: float, seed: int) -> np.ndarray:
    """A few lines at 300 dpi with scanner noise: small enough for the CPU, real enough for OCR."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    import io

    if "zh" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("zh", str(FONT), subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(width_pt, height_pt))
    c.setFont("zh", 14)
    y = height_pt - 30
    for line in lines:
        c.drawString(16, y, line)
        y -= 22
    c.showPage()
    c.save()
    return degrade(rasterise(buf.getvalue(), 300)[0], random.Random(seed))


@pytest.fixture(scope="module")
def pages() -> list[np.ndarray]:
    if not Path(FONT).exists():
        pytest.skip(f"font {FONT} missing (fonts-wqy-zenhei)")
    blank = np.full((300, 420, 3), 255, dtype=np.uint8)
    # The second page is 1024 × 768 px, a size detection keeps (as for A4 scans): its
    # detection input is the page itself. The first is enlarged for detection.
    return [_small_page(LINES_A, 270, 100, 1), _small_page(LINES_B, 1024 * 0.24, 768 * 0.24, 2)[:768, :1024], blank]


@pytest.fixture(scope="module")
def torch_engine() -> PpocrTorchEngine:
    return PpocrTorchEngine(device="cpu", det_batch_size=2, workers=2, crops_on="host")


def _assert_same(got: list[OcrLine], want: list[OcrLine], confidence: float = 1e-3) -> None:
    assert [line.text for line in got] == [line.text for line in want]
    for g, w in zip(got, want):
        assert np.allclose(g.box, w.box, atol=2.0), (g.box, w.box)
        assert g.char_boxes is not None and w.char_boxes is not None
        assert np.allclose(np.array(g.char_boxes), np.array(w.char_boxes), atol=1.0)
        assert g.confidence == pytest.approx(w.confidence, abs=confidence)


def test_batch_reads_what_rapidocr_reads(pages: list[np.ndarray], torch_engine: PpocrTorchEngine) -> None:
    reference = RapidOcrEngine()
    want = [reference.recognise(page) for page in pages]
    got = torch_engine.recognise_batch(pages)   # two page sizes and a blank page in one batch
    assert len(got) == len(pages)
    for g, w in zip(got, want):
        _assert_same(g, w)
    assert want[0] and want[1], "the reference engine read nothing: the test pages are broken"
    assert got[2] == []
    assert "谯刑初字第00225号" in "".join(line.text for line in got[1])


def test_device_crops_read_what_rapidocr_reads(pages: list[np.ndarray]) -> None:
    """Crops cut by grid_sample (the GPU default) instead of OpenCV: the same text and boxes.

    Detection is untouched, so line and character boxes stay exact; a crop pixel
    may be one grey level off OpenCV's, which moves confidences by a few 1e-3
    (measured on a 300 dpi judgment page: ≤ 0.0022, text identical).
    """
    engine = PpocrTorchEngine(device="cpu", det_batch_size=2, workers=2, crops_on="device")
    reference = RapidOcrEngine()
    detected = engine.detect(pages)
    assert [p.pixels is not None for p in detected] == [True, True, True]
    assert detected[1].det_input.shape == detected[1].image.shape == (768, 1024, 3), "page sent once"
    assert detected[0].det_input.shape != detected[0].image.shape, "page sent apart from detection's input"
    engine.read_lines(detected)
    got = [page.lines for page in detected]
    for g, w in zip(got, [reference.recognise(page) for page in pages]):
        _assert_same(g, w, confidence=5e-3)
        assert [line.box for line in g] == [line.box for line in w]
    assert got[2] == []


def test_single_page_equals_batch(pages: list[np.ndarray], torch_engine: PpocrTorchEngine) -> None:
    """Batching must not change a page's reading: the batch mixes runs of lines from other pages."""
    batch = torch_engine.recognise_batch(pages[:2])
    _assert_same(torch_engine.recognise(pages[1]), batch[1])
    assert torch_engine.recognise_batch([]) == []


def test_graph_matches_onnxruntime() -> None:
    """Every operator of both graphs, against onnxruntime on the same input."""
    import onnxruntime as ort

    rng = np.random.default_rng(0)
    for key, shape in (("det", (1, 3, 96, 160)), ("rec", (2, 3, 48, 200))):
        path = packaged_models()[key]
        x = rng.uniform(-1, 1, shape).astype(np.float32)
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        want = session.run(None, {session.get_inputs()[0].name: x})[0]
        with torch.inference_mode():
            got = OnnxGraphModule(path).eval()(torch.from_numpy(x)).numpy()
        assert got.shape == want.shape
        assert np.abs(got - want).max() < 1e-4


def test_registered_by_name() -> None:
    assert ENGINES["ppocr-torch"] == "extractors.ocr.ppocr_torch:engine"
    assert get_engine("ppocr-torch").name == "ppocr-torch"


def test_recognise_lines_reads_what_rapidocr_reads(pages: list[np.ndarray], torch_engine: PpocrTorchEngine) -> None:
    """Recognition without detection, on strips cut around each printed line."""
    strips = [pages[1][int(y):int(y) + 80] for y in (60, 150, 240)]
    want = RapidOcrEngine().recognise_lines(strips)
    got = torch_engine.recognise_lines(strips)
    assert [line.text for line in got] == [line.text for line in want]
    assert [line.confidence for line in got] == pytest.approx([line.confidence for line in want], abs=1e-3)
    assert any("谯刑初字" in line.text for line in got), "the strips hold the printed lines"
