"""The run's progress display and its closing advice: what an operator sees while a
backfill runs and what to do after it. Counts and stage names only."""
from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from rich.console import Console

import flows.console
from flows.console import ProgressBar, _LiveEta, next_command
from services.processing import DossierResult


@pytest.fixture
def bar(monkeypatch: pytest.MonkeyPatch) -> tuple[ProgressBar, io.StringIO]:
    out = io.StringIO()
    monkeypatch.setattr(flows.console, "stderr", Console(file=out, width=200, force_terminal=False))
    with ProgressBar("backfill") as progress:
        yield progress, out


def fields(progress: ProgressBar) -> dict:
    [task] = progress._bar.tasks
    return {**task.fields, "description": task.description, "completed": task.completed, "total": task.total}


def test_the_display_says_what_happens_from_the_start(bar) -> None:
    progress, _ = bar
    assert fields(progress)["description"] == "backfill: starting Prefect" and fields(progress)["total"] is None
    progress.found(12)
    assert fields(progress)["description"] == "backfill: 12 files found, registering"
    progress.start(3)
    progress.stage("a" * 64, "pages")
    progress.stage("b" * 64, "nlp")
    assert fields(progress)["doing"] == "2 in flight: reading pages, extracting"
    progress.stage("b" * 64, "pages")
    assert fields(progress)["doing"] == "2 in flight: reading pages ×2"
    progress.advance(DossierResult("a" * 64, "sealed", 7))
    state = fields(progress)
    assert (state["completed"], state["total"], state["pages"], state["doing"]) == (1, 3, 7, "1 in flight: reading pages")


def test_the_eta_counts_down_between_dossiers(bar) -> None:
    progress, _ = bar
    progress.start(4)
    progress.advance(DossierResult("a" * 64, "sealed", 1))
    now = time.monotonic()
    [task] = progress._bar.tasks
    task.fields.update(since=now - 20, last=now - 10)          # 1 of 4 in 10 s; 10 s since
    first = _LiveEta().render(task).plain
    task.fields.update(since=now - 35, last=now - 25)          # the same pace, 15 s later
    later = _LiveEta().render(task).plain
    assert first in ("ETA 0:00:20", "ETA 0:00:19") and later in ("ETA 0:00:05", "ETA 0:00:04"), (first, later)


def test_the_summary_ends_with_the_next_command(tmp_path: Path) -> None:
    class Root:
        root = tmp_path / "store"

    def summary(**counts: int) -> dict:
        return {"counts": counts, "overdue": []}

    where = f"--store {tmp_path / 'store'}"
    assert next_command(summary(failed=1, **{"waiting for review": 2}), Root).startswith(f"fengcun status {where}")
    assert "--retry-quarantined" in next_command(summary(unreadable=1), Root)
    assert next_command(summary(**{"waiting for review": 2}), Root).startswith(f"fengcun review serve {where}")
    assert next_command(summary(sealed=3), Root) == f"fengcun status {where}"
