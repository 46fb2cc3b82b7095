"""`fengcun ocr-eval` on a real scan with its ground truth beside it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.cli import main

RESOURCES = Path(__file__).parents[1] / "resources"


@pytest.mark.slow
def test_ocr_eval_prints_cer_and_speed_without_page_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(RESOURCES / "seal.png", tmp_path / "s0001.png")
    shutil.copy(RESOURCES / "seal.txt", tmp_path / "s0001.txt")
    assert main(["ocr-eval", "--pages", str(tmp_path), "--engine", "tesseract", "--per-file"]) == 0
    out = capsys.readouterr().out
    summary, per_file = out.splitlines()[:2]
    assert summary.startswith("tesseract") and "files   1" in summary and "s/page" in summary
    assert float(summary.split("CER")[1].split("%")[0]) < 5.0
    assert "s0001.png" in per_file
    truth = (RESOURCES / "seal.txt").read_text(encoding="utf-8")
    assert not any(line[:6] in out for line in truth.splitlines())      # numbers and names of files only


def test_ocr_eval_without_ground_truth_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(RESOURCES / "seal.png", tmp_path / "lonely.png")
    assert main(["ocr-eval", "--pages", str(tmp_path)]) == 3
    assert "no scan has ground truth" in capsys.readouterr().err
