"""PP-OCR through rapidocr alone, on page images: the floor fengcun's rapidocr rows compare with.

Runs in its own process (as a backfill does) with the engine settings fengcun
uses (extractors.ocr.rapidocr: packaged PP-OCRv6 small models, no line
classifier, character boxes on), and prints one JSON object: the seconds to
load the models, the seconds of recognition over all pages, and the page count.

    python -m bench.raw_ocr IMAGE...
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence

import numpy as np
from PIL import Image


def main(argv: Sequence[str] | None = None) -> int:
    paths = list(sys.argv[1:] if argv is None else argv)
    images = [np.asarray(Image.open(p).convert("RGB")) for p in paths]
    start = time.perf_counter()
    from rapidocr import RapidOCR

    from extractors.ocr.rapidocr import packaged_models

    models = packaged_models()
    ocr = RapidOCR(params={"Global.log_level": "error", "Global.use_cls": False,
                           "Det.model_path": str(models["det"]), "Rec.model_path": str(models["rec"]),
                           "Cls.model_path": str(models["cls"])})
    loaded = time.perf_counter()
    characters = 0
    for image in images:
        result = ocr(image, return_word_box=True, return_single_char_box=True)
        characters += sum(len(t) for t in (result.txts or ()))
    done = time.perf_counter()
    print(json.dumps({"load_seconds": loaded - start, "ocr_seconds": done - loaded,
                      "pages": len(images), "characters": characters}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
