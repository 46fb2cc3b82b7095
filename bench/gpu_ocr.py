"""GPU OCR benchmark: pages/s and character error rate of `ppocr-torch` next to `rapidocr`.

Standalone so it can run on a lent GPU machine that has only PyTorch and carried
wheels: it renders its own degraded 300 dpi judgment pages (text from
shared/corpus/real-judgments, reportlab + WenQuanYi Zen Hei, rasterised by
pdfium) or reads scans from a directory, then times

  det   detection alone, batches of pages on the device
  rec   recognition alone, all text-line crops of a batch together
  e2e   scan PDF → page image (worker processes) → engine → lines

and prints one JSON object per measurement plus a Markdown table.

    python -m bench.gpu_ocr --pages 256 --batch 32 --cpu-reference 8
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
CORPUS_DIRS = (ROOT / "shared" / "corpus" / "real-judgments", ROOT.parent / "shared" / "corpus" / "real-judgments")


def corpus_paragraphs(folders: Sequence[Path] = CORPUS_DIRS) -> list[str]:
    """Published judgments (already anonymised by the courts) as page text."""
    for folder in folders:
        files = sorted(folder.glob("case_*.txt"))
        if files:
            return [f.read_text(encoding="utf-8") for f in files]
    raise FileNotFoundError("shared/corpus/real-judgments not found next to the repository")


def layout_lines(text: str, chars_per_line: int, lines_per_page: int) -> list[list[str]]:
    """Split a judgment into pages of fixed-width lines, the way a court printer sets them."""
    flat = "".join(text.split())
    lines = [flat[i:i + chars_per_line] for i in range(0, len(flat), chars_per_line)]
    return [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)]


def render_pdf(pages: Sequence[Sequence[str]], font: Path = FONT) -> bytes:
    """A text-layer PDF (A4, 15 pt Song-style face), one list of lines per page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "zh" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("zh", str(font), subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    for lines in pages:
        c.setFont("zh", 15)
        y = height - 72
        for line in lines:
            c.drawString(62, y, line)
            y -= 24
        c.showPage()
    c.save()
    return buf.getvalue()


def rasterise(pdf: bytes, dpi: int = 300) -> list[np.ndarray]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_numpy()[:, :, :3].copy() for page in doc]
    finally:
        doc.close()


def degrade(image: np.ndarray, rng: random.Random) -> np.ndarray:
    """Scanner artefacts seen in archives: skew ±1.5°, blur, speckle, JPEG q70."""
    import cv2

    h, w = image.shape[:2]
    angle = rng.uniform(-1.5, 1.5)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(image, m, (w, h), borderValue=(255, 255, 255))
    out = cv2.GaussianBlur(out, (3, 3), 0.6)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 10, out.shape[:2])
    out = np.clip(out.astype(np.float32) + noise[..., None], 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, 70])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def sample_pages(count: int, seed: int = 0, dpi: int = 300, font: Path = FONT,
                 corpus: Sequence[Path] = CORPUS_DIRS) -> tuple[list[np.ndarray], list[str]]:
    """`count` degraded scans of judgment pages and, for each, its true text (CER reference)."""
    rng = random.Random(seed)
    texts = corpus_paragraphs(corpus)
    page_lines: list[list[str]] = []
    while len(page_lines) < count:
        page_lines += layout_lines(rng.choice(texts), chars_per_line=30, lines_per_page=30)
    page_lines = page_lines[:count]
    images = [degrade(img, rng) for img in rasterise(render_pdf(page_lines, font), dpi)]
    return images, ["".join(lines) for lines in page_lines]


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: Levenshtein distance over reference length (whitespace ignored)."""
    ref, hyp = "".join(reference.split()), "".join(hypothesis.split())
    prev = list(range(len(hyp) + 1))
    for i, rc in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, hc in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (rc != hc))
        prev = cur
    return prev[-1] / max(len(ref), 1)


def _encode_scan(image: np.ndarray) -> bytes:
    """One page as a scan PDF: a JPEG image filling an A4 page, as archives hold them."""
    import cv2
    from PIL import Image

    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    buf = io.BytesIO()
    Image.open(io.BytesIO(jpeg.tobytes())).save(buf, "PDF", resolution=300.0)
    return buf.getvalue()


def _decode_scan(pdf: bytes) -> np.ndarray:
    """Worker side: render the scan page at 300 dpi (what extractors.pages does for scans)."""
    return rasterise(pdf, 300)[0]


def _resize_norm_like(crop: np.ndarray, wh_ratio: float) -> np.ndarray:
    from extractors.ocr.ppocr_torch import _resize_norm

    return _resize_norm(crop, wh_ratio)


def _row(**fields: object) -> dict[str, object]:
    print(json.dumps(fields, ensure_ascii=False), flush=True)
    return fields


def _ocr_texts(engine: object, images: Iterator[np.ndarray], batch_size: int) -> list[str]:
    texts: list[str] = []
    batch: list[np.ndarray] = []
    for image in images:
        batch.append(image)
        if len(batch) == batch_size:
            texts += ["".join(line.text for line in page) for page in engine.recognise_batch(batch)]  # type: ignore[attr-defined]
            batch = []
    if batch:
        texts += ["".join(line.text for line in page) for page in engine.recognise_batch(batch)]  # type: ignore[attr-defined]
    return texts


def _engine_process(index: int, scans: list[bytes], batch: int, precision: str, crops_on: str, barrier: Any,
                    out: Any) -> None:
    """One of several engine processes sharing the GPU: decodes its own scans, OCRs them in batches."""
    import cv2

    from extractors.ocr.ppocr_torch import PpocrTorchEngine

    cv2.setNumThreads(2)
    engine = PpocrTorchEngine(det_batch_size=min(batch, 8), precision=precision, workers=2, crops_on=crops_on)
    engine.recognise_batch([_decode_scan(scans[0])])
    barrier.wait()
    texts = _ocr_texts(engine, (_decode_scan(s) for s in scans), batch)
    out.put((index, texts))


def run_processes(stream: list[bytes], procs: int, batch: int, precision: str,
                  crops_on: str) -> tuple[float, list[str]]:
    """Wall time and texts in stream order; process i reads stream[i::procs]."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(procs + 1), ctx.Queue()
    shares = [stream[i::procs] for i in range(procs)]
    workers = [ctx.Process(target=_engine_process, args=(i, share, batch, precision, crops_on, barrier, out)) for i, share in enumerate(shares)]
    for w in workers:
        w.start()
    barrier.wait()
    t0 = time.perf_counter()
    results = dict(out.get() for _ in workers)
    wall = time.perf_counter() - t0
    for w in workers:
        w.join()
    texts = [""] * len(stream)
    for i, share in results.items():
        texts[i::procs] = share
    return wall, texts


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=128, help="pages in the end-to-end run")
    ap.add_argument("--distinct", type=int, default=16, help="distinct rendered pages (repeated to --pages)")
    ap.add_argument("--batch", type=int, default=32, help="pages per engine call and detection batch")
    ap.add_argument("--det-batch", type=int, default=16, help="pages per detection pass")
    ap.add_argument("--rec-batch", type=int, default=1024, help="text lines per recognition batch")
    ap.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 2),
                    help="scan-decoding processes, and CPU threads of the engine")
    ap.add_argument("--procs", type=int, nargs="*", default=[],
                    help="also run end to end with this many engine processes sharing the device")
    ap.add_argument("--cpu-reference", type=int, default=4,
                    help="pages also run through the rapidocr engine on the CPU for CER and equality (0: skip)")
    ap.add_argument("--mode", nargs="+", default=["fp32/device"],
                    choices=[f"{p}/{c}" for p in ("fp32", "tf32") for c in ("device", "host")],
                    help="precision/where line crops are cut (device: grid_sample; host: rapidocr's OpenCV code)")
    ap.add_argument("--dpi", type=int, default=300, help="render resolution (lower only for a quick trial run)")
    ap.add_argument("--font", type=Path, default=FONT)
    ap.add_argument("--corpus", type=Path, default=None, help="folder of case_*.txt judgments")
    ap.add_argument("--out", type=Path, default=None, help="write the JSON rows here too")
    args = ap.parse_args(argv)

    import torch

    from extractors.ocr.ppocr_torch import PpocrTorchEngine

    device = "cuda" if torch.cuda.is_available() else "cpu"
    device_name = torch.cuda.get_device_name(0) if device == "cuda" else "CPU"
    rows: list[dict[str, object]] = []
    t0 = time.perf_counter()
    distinct, truths = sample_pages(args.distinct, dpi=args.dpi, font=args.font,
                                    corpus=(args.corpus,) if args.corpus else CORPUS_DIRS)
    rows.append(_row(stage="render", pages=len(distinct), seconds=round(time.perf_counter() - t0, 2)))
    scans = [_encode_scan(image) for image in distinct]
    stream = [scans[i % len(scans)] for i in range(args.pages)]
    cpu_texts: list[str] = []
    if args.cpu_reference:     # first, so that a run cut short still has the reference
        from extractors.ocr.rapidocr import RapidOcrEngine

        reference = RapidOcrEngine()
        decoded = [_decode_scan(s) for s in scans[:min(args.cpu_reference, len(distinct))]]
        t0 = time.perf_counter()
        cpu_texts = ["".join(line.text for line in reference.recognise(img)) for img in decoded]
        wall = time.perf_counter() - t0
        rows.append(_row(stage="rapidocr engine (onnxruntime, CPU)", device=f"CPU ({os.cpu_count()} cores)",
                         pages=len(cpu_texts), pages_per_s=round(len(cpu_texts) / wall, 2),
                         cer=round(float(np.mean([cer(truths[i], t) for i, t in enumerate(cpu_texts)])), 5)))

    for precision, crops_on in (m.split("/") for m in args.mode):
        mode = {"precision": precision, "crops_on": crops_on}
        engine = PpocrTorchEngine(device=device, det_batch_size=args.det_batch, rec_batch_size=args.rec_batch,
                                  precision=precision, workers=args.workers, crops_on=crops_on)
        engine.recognise_batch(distinct[: min(4, len(distinct))])          # warm-up

        pages = [distinct[i % len(distinct)] for i in range(max(args.batch, len(distinct)))]
        stacked = np.stack([engine._prepare(pages[0]).det_input] * args.det_batch)
        engine._det_pass(stacked)
        t0 = time.perf_counter()
        for _ in range(3):
            engine._det_pass(stacked)
        rows.append(_row(stage="det network", **mode, device=device_name, batch=args.det_batch,
                         shape=list(stacked.shape[1:3]),
                         pages_per_s=round(3 * args.det_batch / (time.perf_counter() - t0), 1),
                         peak_gib=round(torch.cuda.max_memory_allocated() / 2**30, 1) if device == "cuda" else None))
        if device == "cuda" and f"{precision}/{crops_on}" == args.mode[0]:
            # What cuDNN's autotuner would give detection (fixed shapes); not used by the engine.
            torch.backends.cudnn.benchmark = True
            engine._det_pass(stacked)
            t0 = time.perf_counter()
            for _ in range(3):
                engine._det_pass(stacked)
            rows.append(_row(stage="det network, cudnn.benchmark", **mode, device=device_name, batch=args.det_batch,
                             pages_per_s=round(3 * args.det_batch / (time.perf_counter() - t0), 1)))
            torch.backends.cudnn.benchmark = False
        t0 = time.perf_counter()
        detected = engine.detect(pages)
        det_s = time.perf_counter() - t0
        rows.append(_row(stage="detect (prepare + network + boxes)", **mode, device=device_name,
                         pages=len(pages), pages_per_s=round(len(pages) / det_s, 1)))
        lines = sum(len(p.crops) for p in detected)
        widths = len({it.width for p in enumerate(detected) for it in engine._rec_items(p)})
        t0 = time.perf_counter()
        engine.read_lines(detected)
        rec_s = time.perf_counter() - t0
        rows.append(_row(stage="recognise (crops + network + decode + assemble)", **mode,
                         device=device_name, lines=lines, distinct_widths=widths,
                         lines_per_s=round(lines / rec_s, 1), pages_per_s=round(len(pages) / rec_s, 1)))
        line = engine._rapid.crop_text_regions(detected[0].image, detected[0].det_output.boxes[:1])[0]
        if device == "cuda" and crops_on == "host":
            with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU,
                                                    torch.profiler.ProfilerActivity.CUDA]) as prof:
                [t.cpu() for t in engine._rec_pass([_resize_norm_like(line, 23.7)] * 64)]
            print("rec pass of 64 lines on a new width", flush=True)
            print(prof.key_averages().table(sort_by="self_cuda_time_total", row_limit=10), flush=True)
        t0 = time.perf_counter()
        for _ in range(3):
            [t.cpu() for t in engine._rec_pass([_resize_norm_like(line, 25.0)] * 64)]
        rows.append(_row(stage="rec network, one width", **mode, device=device_name, batch=64,
                         lines_per_s=round(3 * 64 / (time.perf_counter() - t0), 1)))

        t0 = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            texts = _ocr_texts(engine, pool.map(_decode_scan, stream, chunksize=4), args.batch)
        wall = time.perf_counter() - t0
        gpu_cer = float(np.mean([cer(truths[i % len(truths)], t) for i, t in enumerate(texts)]))
        rows.append(_row(stage="end to end, one engine process", **mode, device=device_name,
                         pages=args.pages, decode_workers=args.workers,
                         pages_per_s=round(args.pages / wall, 1), cer=round(gpu_cer, 5)))
        if cpu_texts:
            n = len(cpu_texts)
            rows.append(_row(stage="the same pages as the rapidocr engine", **mode, pages=n,
                             cer=round(float(np.mean([cer(truths[i], texts[i]) for i in range(n)])), 5),
                             cpu_cer=round(float(np.mean([cer(truths[i], cpu_texts[i]) for i in range(n)])), 5),
                             identical_text_pages=f"{sum(cpu_texts[i] == texts[i] for i in range(n))}/{n}"))
        del engine
        for procs in args.procs:
            wall, ptexts = run_processes(stream, procs, args.batch, precision, crops_on)
            rows.append(_row(stage=f"end to end, {procs} engine processes", **mode, device=device_name,
                             pages=args.pages, pages_per_s=round(args.pages / wall, 1),
                             cer=round(float(np.mean([cer(truths[i % len(truths)], t)
                                                      for i, t in enumerate(ptexts)])), 5)))

    if args.out:
        args.out.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
