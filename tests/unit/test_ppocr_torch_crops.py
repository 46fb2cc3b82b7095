"""Line crops cut on the device (ppocr_torch_crops) against rapidocr's own OpenCV crops.

No models: a scanned-looking page (blurred noise with a bright background and
dark strokes) and the quadrilaterals detection hands over — straight, skewed,
at the page edge, and tall enough that rapidocr turns the crop — then the
recogniser input both ways, pixel for pixel.
"""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the gpu extra is not installed (pip install '.[gpu]')")

import cv2  # noqa: E402
from rapidocr.ch_ppocr_rec import TextRecognizer  # noqa: E402
from rapidocr.utils.process_img import get_rotate_crop_image  # noqa: E402

from extractors.ocr.ppocr_torch import _REC_SHAPE  # noqa: E402
from extractors.ocr.ppocr_torch_crops import line_crop, recognition_inputs, resized_width  # noqa: E402

BOXES = {
    "straight": [[40, 60], [520, 60], [520, 101], [40, 101]],
    "skewed": [[35, 150], [560, 138], [561, 180], [36, 192]],
    "perspective": [[50, 230], [430, 236], [428, 270], [52, 281]],
    "at the edge": [[0, 300], [599, 300], [599, 339], [0, 339]],
    "short": [[300, 360], [351, 362], [350, 398], [299, 396]],
    "tall (turned)": [[470, 180], [512, 180], [512, 330], [470, 330]],
}


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    rng = np.random.default_rng(7)
    noise = cv2.GaussianBlur(rng.uniform(0, 255, (400, 600, 3)).astype(np.float32), (0, 0), 1.2)
    strokes = (rng.uniform(0, 1, (400, 600)) < 0.08)[..., None]
    image = np.where(strokes, noise * 0.3, 160 + noise * 0.35)
    return np.clip(cv2.GaussianBlur(image, (3, 3), 0.7), 0, 255).astype(np.uint8)


def _rapidocr_input(page: np.ndarray, box: np.ndarray, max_wh_ratio: float) -> np.ndarray:
    crop = get_rotate_crop_image(page, box.copy())
    return TextRecognizer.resize_norm_img(_REC_SHAPE, crop, max_wh_ratio)


@pytest.mark.parametrize("max_wh_ratio", [320 / 48, 14.0, 30.0])
def test_device_inputs_are_rapidocrs_within_a_grey_level(page: np.ndarray, max_wh_ratio: float) -> None:
    boxes = [np.array(b, dtype=np.float32) for b in BOXES.values()]
    crops = [line_crop(b) for b in boxes]
    want = [_rapidocr_input(page, b, max_wh_ratio) for b in boxes]
    assert [c.shape for c in crops] == [get_rotate_crop_image(page, b.copy()).shape[:2] for b in boxes]
    assert crops[-1].turned and not any(c.turned for c in crops[:-1])

    run_width = int(48 * max_wh_ratio)
    got = [t.numpy() for t in recognition_inputs(torch.from_numpy(page), crops, [run_width] * len(crops))]
    for name, g, w in zip(BOXES, got, want):
        assert g.shape == w.shape, name
        levels = np.abs(g - w) * 127.5               # back to 8-bit grey levels
        assert levels.max() <= 1.0 + 1e-3, (name, levels.max())
        assert (levels > 1e-3).mean() <= 0.02, (name, (levels > 1e-3).mean())


def test_resized_width_is_rapidocrs() -> None:
    for rows, cols, run in ((40, 900, 1000), (40, 1200, 1000), (37, 100, 320), (48, 320, 320)):
        crop = np.zeros((rows, cols, 3), np.uint8)
        tensor = TextRecognizer.resize_norm_img(_REC_SHAPE, crop + 255, run / 48)
        filled = int((tensor[0, 0] != 0).sum())
        assert resized_width((rows, cols), int(48 * (run / 48))) == filled
