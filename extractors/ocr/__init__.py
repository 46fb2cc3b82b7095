"""OCR engines behind one small interface, chosen by name (like OCRmyPDF's builtin plugins).

Engines register themselves in `ENGINES`; `get_engine(name)` imports lazily, so
a light install never loads PyTorch or Tesseract bindings it does not use.
"""
from __future__ import annotations

import importlib

from extractors.ocr.base import OcrEngine, OcrLine, usable_cores

# name → "module:factory"; the factory takes no arguments and returns an OcrEngine.
ENGINES: dict[str, str] = {
    "rapidocr": "extractors.ocr.rapidocr:engine",
    "tesseract": "extractors.ocr.tesseract:engine",
    "ppocr-torch": "extractors.ocr.ppocr_torch:engine",
}

DEFAULT_ENGINE = "rapidocr"


def get_engine(name: str = DEFAULT_ENGINE) -> OcrEngine:
    try:
        target = ENGINES[name]
    except KeyError:
        raise ValueError(f"unknown OCR engine {name!r}; choose one of {sorted(ENGINES)}") from None
    module_name, factory = target.split(":")
    return getattr(importlib.import_module(module_name), factory)()


__all__ = ["DEFAULT_ENGINE", "ENGINES", "OcrEngine", "OcrLine", "get_engine", "usable_cores"]
