"""`make bench --quick` runs end to end and writes its results file; no time is asserted."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import _tree_rss

ROOT = Path(__file__).resolve().parents[2]

ROWS = {"Tesseract CLI alone (hOCR, chi_sim+eng)", "PP-OCR (rapidocr) alone", "ocrmypdf -l chi_sim+eng -j 2",
        "fengcun backfill, scans, tesseract", "fengcun backfill, scans, rapidocr",
        "fengcun backfill, text-layer PDFs", "fengcun backfill, text-layer PDFs, large"}


def test_tree_rss_counts_a_child_process() -> None:
    script = "import time; b = b'x' * (64 << 20); print('ready', flush=True); time.sleep(30)"
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        own = _tree_rss(child.pid)
        assert own > 64 << 20
        assert _tree_rss(os.getpid()) > own + (10 << 20)      # this interpreter and the child
    finally:
        child.kill()
        child.wait()


@pytest.mark.slow
def test_quick_bench_writes_every_row(tmp_path: Path) -> None:
    pytest.importorskip("ocrmypdf", reason="the bench extra (pip install -e '.[bench]') is not installed")
    out = tmp_path / "latest.json"
    run = subprocess.run([sys.executable, "-m", "bench.run", "--quick", "--out", str(out)], cwd=ROOT,
                         env=dict(os.environ, OMP_THREAD_LIMIT="1"), capture_output=True, text=True,
                         timeout=900, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    rows = {r["name"]: r for r in results["rows"]}
    assert set(rows) == ROWS
    for name, row in rows.items():
        assert row["pages"] > 0, name
        assert all(r["ok"] for r in row["runs"]), name
        assert row["pages_per_second"] > 0, name
    for name in ROWS - {"Tesseract CLI alone (hOCR, chi_sim+eng)", "PP-OCR (rapidocr) alone",
                        "ocrmypdf -l chi_sim+eng -j 2"}:
        stages = rows[name]["stages"]
        assert stages["NLP"] > 0 and stages["orchestration"] > 0, name
        assert all(r["pages"] == rows[name]["pages"] for r in rows[name]["runs"]), name
    assert rows["fengcun backfill, scans, rapidocr"]["stages"]["OCR"] > 0
    assert results["memory"]["text-layer large"]["peak_tree_rss_bytes"] > 50 << 20
    assert set(results["ratios"]) == {"tesseract", "rapidocr", "tesseract, start-up excluded",
                                      "rapidocr, start-up excluded"}
    assert results["machine"]["cores"] and results["machine"]["memory_bytes"]
    start_up = results["start_up"]
    assert start_up["pages"] > 0
    for server in ("temporary Prefect server", "running Prefect server"):
        assert start_up[server]["runs"] and all(r["ok"] for r in start_up[server]["runs"]), server
        assert start_up[server]["median_seconds"] > 0, server
    assert "| fengcun backfill, scans, rapidocr |" in run.stdout
