"""PP-OCRv6 (small) on PyTorch, batched across pages: the GPU engine for backfills (issue 10).

Same models, same pre- and post-processing as the `rapidocr` engine, so the
same text and boxes; only the two network passes move to PyTorch (CUDA when
present, else CPU) and run on many pages at once:

  prepare    per page, CPU threads: rapidocr's resize and vertical padding
  detect     pages of equal size stacked into one batch; normalised on the device
  boxes      per page, CPU threads: rapidocr's DB post-processing, box sort, line crops
  recognise  every line crop of the batch; crops padded to the same width share a pass
  assemble   per page: rapidocr's own output builder (filtering, character boxes)

Why recognition groups by width instead of padding everything to one width:
the recogniser mixes the whole line (attention and global pooling), so extra
padding changes its reading (seen: "（2014）" read as "(2014)"). rapidocr pads
each run of six width-sorted lines of a page to the widest of them; this engine
reproduces those widths exactly and only merges runs that already agree.

The network graphs are interpreted by extractors.ocr.ppocr_torch_graph; the
pre/post-processing is rapidocr's own code, called, not copied — except the
character boxes, redone a line at a time in numpy (ppocr_torch_charboxes)
because rapidocr's per-point Python held a GPU process to ~3 pages/s.
"""
from __future__ import annotations

import functools
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from rapidocr import RapidOCR

from extractors.ocr.base import OcrLine, whole_box
from extractors.ocr.ppocr_torch_charboxes import word_boxes
from extractors.ocr.rapidocr import lines_from_output, packaged_models

if TYPE_CHECKING:
    from extractors.ocr.ppocr_torch_crops import LineCrop

T = TypeVar("T")
R = TypeVar("R")

#: rapidocr's recogniser input: 3 × 48 × (at least) 320, runs of six lines share a width.
REC_HEIGHT, REC_MIN_WIDTH, REC_RUN = 48, 320, 6


@dataclass
class OcrPage:
    """One page on its way through the stages (never logged: it holds the page's pixels and text)."""

    original: np.ndarray
    image: np.ndarray                      # resized and padded, what detection and crops see
    op_record: dict[str, Any]
    det_input: np.ndarray | None = None    # uint8, resized to a multiple of 32
    det_output: Any = None                 # rapidocr TextDetOutput
    pixels: Any = None                     # `image` on the device (torch uint8), when crops are cut there
    line_crops: list[LineCrop] = field(default_factory=list)   # where each crop lies, for the device
    crops: list[np.ndarray] = field(default_factory=list)      # with `pixels`: zero images of the crops' sizes
    rec: list[tuple[tuple[str, float], Any]] = field(default_factory=list)   # ((text, score), WordInfo)
    lines: list[OcrLine] = field(default_factory=list)


@dataclass
class _RecItem:
    page: int
    line: int
    wh_ratio: float
    max_wh_ratio: float
    width: int                             # its run's width, rapidocr's int(48 · max_wh_ratio)
    tensor: Any = None                     # 3 × 48 × width, float32, rapidocr-normalised: numpy or on the device


class PpocrTorchEngine:
    """recognise_batch gains from large batches: hand it 16–64 pages at a time on a GPU."""

    name = "ppocr-torch"

    def __init__(self, device: str | None = None, *, det_batch_size: int = 16, rec_batch_size: int = 512,
                 precision: str = "fp32", workers: int | None = None, crops_on: str | None = None) -> None:
        import torch
        from rapidocr.ch_ppocr_det.utils import DBPostProcess, DetPreProcess
        from rapidocr.ch_ppocr_rec.utils import CTCLabelDecode

        from extractors.ocr.ppocr_torch_graph import OnnxGraphModule

        self.device = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
        if precision not in ("fp32", "tf32"):
            raise ValueError(f"precision must be fp32 or tf32, not {precision!r}")
        if self.device.type == "cuda":
            # fp32 keeps results equal to onnxruntime's; tf32 trades the last bits for speed.
            torch.backends.cudnn.allow_tf32 = precision == "tf32"
            torch.backends.cuda.matmul.allow_tf32 = precision == "tf32"
        # Line crops cut on the device (one grid_sample per page) or by rapidocr's OpenCV code on
        # the CPU: the device is the default where there is one; "host" reads bit for bit as rapidocr.
        self.crops_on = crops_on or ("device" if self.device.type == "cuda" else "host")
        if self.crops_on not in ("device", "host"):
            raise ValueError(f"crops_on must be device or host, not {crops_on!r}")
        self.det_batch_size = det_batch_size
        self.rec_batch_size = rec_batch_size
        models = packaged_models()
        # The same configuration as the rapidocr engine: its code does everything but the two passes.
        self._rapid = _RapidOcrSteps(params={
            "Global.log_level": "error",
            "Global.use_cls": False,
            "Global.return_word_box": True,
            "Global.return_single_char_box": True,
            "Det.model_path": str(models["det"]),
            "Rec.model_path": str(models["rec"]),
        })
        det_cfg = self._rapid.cfg.Det
        self._det_pre = DetPreProcess(det_cfg.limit_side_len, det_cfg.limit_type, det_cfg.mean, det_cfg.std)
        self._det_post = DBPostProcess(thresh=det_cfg.thresh, box_thresh=det_cfg.box_thresh,
                                       max_candidates=det_cfg.max_candidates, unclip_ratio=det_cfg.unclip_ratio,
                                       score_mode=det_cfg.score_mode, use_dilation=det_cfg.use_dilation)
        self._det = OnnxGraphModule(models["det"]).eval().to(self.device)
        # Recognition meets a new width with every run of lines: no cuDNN plans (measured: a
        # plan per new shape cost ~1 ms per convolution, ten times the pass itself).
        self._rec = OnnxGraphModule(models["rec"], cudnn=False).eval().to(self.device)
        self._ctc = CTCLabelDecode(character=self._rec.metadata["character"].splitlines())
        self._pool = ThreadPoolExecutor(workers or min(8, os.cpu_count() or 1), thread_name_prefix="ppocr")

    # -- public API ---------------------------------------------------------------------------

    def recognise(self, image: np.ndarray) -> list[OcrLine]:
        return self.recognise_batch([image])[0]

    def recognise_batch(self, images: list[np.ndarray]) -> list[list[OcrLine]]:
        pages = self.detect(images)
        self.read_lines(pages)
        return [page.lines for page in pages]

    def recognise_lines(self, crops: list[np.ndarray]) -> list[OcrLine]:
        # A page without detection output: read_lines fills its `rec` and assembles nothing.
        page = OcrPage(np.zeros((1, 1, 3), np.uint8), np.zeros((1, 1, 3), np.uint8), {},
                       crops=list(crops), rec=[(("", 0.0), None)] * len(crops))
        self.read_lines([page])
        return [OcrLine("".join(text.split()), whole_box(crop), float(score))
                for crop, ((text, score), _) in zip(crops, page.rec)]

    def detect(self, images: Sequence[np.ndarray]) -> list[OcrPage]:
        """Text-line quadrilaterals and crops of every page (prepare, detect, boxes)."""
        pages = self._map(self._prepare, images)
        by_shape: dict[tuple[int, ...], list[OcrPage]] = defaultdict(list)
        for page in pages:
            if page.det_input is not None:
                by_shape[page.det_input.shape].append(page)
        # Box post-processing of one batch overlaps the next batch's network pass.
        pending = []
        for group in by_shape.values():
            for start in range(0, len(group), self.det_batch_size):
                chunk = group[start:start + self.det_batch_size]
                pixels = self._upload(np.stack([p.det_input for p in chunk]))  # type: ignore[misc]
                probs = self._det_network(pixels)
                if self.crops_on == "device":
                    # The detection input is the page itself where rapidocr's resize kept its size
                    # (cv2.resize to the same size copies): sent once, used twice.
                    for page, page_pixels in zip(chunk, pixels):
                        page.pixels = (page_pixels if page.image.shape == page_pixels.shape
                                       else self._upload(page.image))
                pending += [self._pool.submit(self._boxes, page, prob) for page, prob in zip(chunk, probs)]
        for future in pending:
            future.result()
        return pages

    def read_lines(self, pages: Sequence[OcrPage]) -> None:
        """Recognise every crop of `pages` and fill each page's `lines` (recognise, assemble)."""
        from extractors.ocr.ppocr_torch_crops import recognition_inputs

        runs = self._map(self._rec_items, list(enumerate(pages)))
        for page, page_items in zip(pages, runs):
            if page.pixels is not None and page_items:
                inputs = recognition_inputs(page.pixels, [page.line_crops[it.line] for it in page_items],
                                            [it.width for it in page_items])
                for item, tensor in zip(page_items, inputs):
                    item.tensor = tensor
            page.pixels = None
        by_width: dict[int, list[_RecItem]] = defaultdict(list)
        for item in (item for page_items in runs for item in page_items):
            by_width[item.width].append(item)
        pending = []
        for group in by_width.values():
            for start in range(0, len(group), self.rec_batch_size):
                chunk = group[start:start + self.rec_batch_size]
                indices, probs = self._rec_pass([it.tensor for it in chunk])
                pending.append(self._pool.submit(self._decode, pages, chunk, indices, probs))
        for future in pending:
            future.result()
        self._map(self._assemble, pages)

    # -- stages -------------------------------------------------------------------------------

    def _map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        return list(self._pool.map(fn, items))

    def _prepare(self, image: np.ndarray) -> OcrPage:
        from rapidocr.utils.process_img import apply_vertical_padding

        original = self._rapid.load_img(image)
        img, op_record = self._rapid.preprocess_img(original)
        img, op_record = apply_vertical_padding(img, op_record, self._rapid.width_height_ratio,
                                                self._rapid.min_height)
        page = OcrPage(original, img, op_record)
        page.det_input = self._det_pre.resize(img)
        return page

    def _upload(self, pixels: np.ndarray) -> Any:
        import torch

        return torch.from_numpy(pixels).to(self.device, non_blocking=True)

    def _det_pass(self, batch: np.ndarray) -> np.ndarray:
        return self._det_network(self._upload(batch)).cpu().numpy()

    def _det_network(self, pixels: Any) -> Any:
        """N×H×W×3 uint8 on the device → N×1×H×W probabilities there, normalised exactly as rapidocr does in numpy.

        The result stays on the device: the box threads fetch each page's map, so this thread
        queues the next batch while the device still runs this one.
        """
        import torch

        with torch.inference_mode():
            x = pixels.permute(0, 3, 1, 2)
            # numpy: float32(x) * float32(1/255), then (· - 0.5) / 0.5 in float64, back to float32.
            x = x.float() * self._det_pre.scale
            mean = torch.tensor(self._det_pre.mean, dtype=torch.float64, device=self.device).view(1, 3, 1, 1)
            std = torch.tensor(self._det_pre.std, dtype=torch.float64, device=self.device).view(1, 3, 1, 1)
            x = ((x.double() - mean) / std).float().contiguous()
            return self._det(x)

    def _boxes(self, page: OcrPage, prob: Any) -> None:
        from rapidocr.ch_ppocr_det import TextDetector, TextDetOutput

        from extractors.ocr.ppocr_torch_crops import line_crop

        boxes, scores = self._det_post(prob.cpu().numpy()[None], page.image.shape[:2])
        if len(boxes) < 1:
            return
        boxes = TextDetector.sorted_boxes(boxes)
        page.det_output = TextDetOutput(page.image, boxes, scores)
        if page.pixels is None:
            page.crops = self._rapid.crop_text_regions(page.image, boxes)
        else:
            page.line_crops = [line_crop(box) for box in boxes]
            # rapidocr's assembly reads only the crops' sizes.
            page.crops = [np.zeros(crop.shape, np.uint8) for crop in page.line_crops]
        page.rec = [(("", 0.0), None)] * len(page.crops)

    def _rec_items(self, indexed: tuple[int, OcrPage]) -> list[_RecItem]:
        """rapidocr's TextRecognizer batching, reproduced: width-sorted runs of six share a width.

        Pages whose pixels are on the device get their inputs there (read_lines); the others here.
        """
        page_no, page = indexed
        ratios = [c.shape[1] / float(c.shape[0]) for c in page.crops]
        order = np.argsort(np.array(ratios))
        items: list[_RecItem] = []
        for start in range(0, len(order), REC_RUN):
            run = order[start:start + REC_RUN]
            max_wh_ratio = max([REC_MIN_WIDTH / REC_HEIGHT] + [ratios[i] for i in run])
            for i in run:
                item = _RecItem(page_no, int(i), ratios[i], max_wh_ratio, int(REC_HEIGHT * max_wh_ratio))
                if page.pixels is None:
                    item.tensor = _resize_norm(page.crops[i], max_wh_ratio)
                items.append(item)
        return items

    def _rec_pass(self, inputs: Sequence[Any]) -> tuple[Any, Any]:
        """Best class and its probability per time step, on the device (the 18k-class output never leaves
        it); the decoding threads fetch them, so this thread queues the next pass meanwhile."""
        import torch

        with torch.inference_mode():
            if isinstance(inputs[0], np.ndarray):
                batch = torch.from_numpy(np.stack(inputs)).to(self.device, non_blocking=True)
            else:
                batch = torch.stack(list(inputs))
            preds = self._rec(batch)
            prob, index = preds.max(dim=2)
            return index, prob

    def _decode(self, pages: Sequence[OcrPage], chunk: list[_RecItem], indices: Any, probs: Any) -> None:
        """rapidocr's CTC decoding, one line at a time: each line keeps its own run's width ratio."""
        indices, probs = indices.cpu().numpy(), probs.cpu().numpy()
        for k, item in enumerate(chunk):
            lines, words = self._ctc.decode(indices[k:k + 1], probs[k:k + 1], True, (item.wh_ratio,),
                                            item.max_wh_ratio, remove_duplicate=True)
            pages[item.page].rec[item.line] = (lines[0], words[0])

    def _assemble(self, page: OcrPage) -> None:
        from rapidocr.ch_ppocr_cls import TextClsOutput
        from rapidocr.ch_ppocr_rec import TextRecOutput

        if page.det_output is None:
            return
        line_results, word_results = zip(*page.rec)
        txts, scores = zip(*line_results)
        rec_res = TextRecOutput(page.crops, txts, scores, word_results)
        output = self._rapid.build_final_output(page.original, page.det_output, TextClsOutput(),
                                                rec_res, page.crops, page.op_record)
        page.lines = lines_from_output(output)


class _RapidOcrSteps(RapidOCR):
    """rapidocr's own pipeline steps, with character boxes computed a line at a time (see charboxes)."""

    def calc_word_boxes(self, img: list[np.ndarray], dt_boxes: np.ndarray, rec_res: Any) -> Any:
        return word_boxes(img, dt_boxes, rec_res)


def _resize_norm(crop: np.ndarray, max_wh_ratio: float) -> np.ndarray:
    """rapidocr's TextRecognizer.resize_norm_img (3 × 48 × 320 base shape), as a function."""
    from rapidocr.ch_ppocr_rec import TextRecognizer

    return TextRecognizer.resize_norm_img(_REC_SHAPE, crop, max_wh_ratio)


class _RecShape:
    """The one attribute TextRecognizer.resize_norm_img reads from its instance."""

    rec_image_shape = (3, REC_HEIGHT, REC_MIN_WIDTH)


_REC_SHAPE: Any = _RecShape()


@functools.cache
def engine() -> PpocrTorchEngine:
    return PpocrTorchEngine()
