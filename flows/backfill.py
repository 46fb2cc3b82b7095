"""Prefect flows around `services.processing`: one task per dossier, the unit of retry.

Two flows share one runner (`run_dossiers`):
- `backfill_flow(archive_root, store, …)` walks an archive, registers every file in
  the store's manifest by content hash (paths sealed there), and processes what
  the store does not hold yet. It is what `fengcun backfill` runs and what
  `fengcun serve` deploys for the Prefect UI.
- `process_flow(store, dossier_ids, …)` processes dossiers the CLI registered.

What Prefect sees: paths of the archive root and the store, options, dossier ids
(SHA-256 of the files), states and counts. Never a source path (archives name
files after parties), never a record, never an error's text: task results are
not persisted (`persist_result=False`, `cache_policy=NONE`), task runs are named
by dossier id, logs say ids and counts, and `process_registered` quarantines
failures itself so no exception message reaches Prefect except `TransientError`'s.

Concurrency: at most `concurrency` dossiers are in flight (a sliding window, so
a 10,000-file archive does not flood the server with pending task runs), on a
thread pool or, with `dask_address`, on a Dask cluster; the tasks also carry the
tag `fengcun-dossier` so an operator can cap all runs together with a Prefect
concurrency limit (`prefect concurrency-limit create fengcun-dossier 8`).
"""
# No `from __future__ import annotations` here: Prefect builds its parameter model from the
# flows' annotations in the process that runs a deployment, where string annotations fail.
import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from archive import Store
from archive.audit_anchor import set_anchor
from archive.records import FAILED, NOT_ELIGIBLE, REVIEW, SEALED, SETTLED_STATES
from extractors.ocr import usable_cores
from models.errors import StoreMissing, UnreadableFileError, UsageError
from services import sealing_due
from services.processing import DossierResult, Settings, process_registered

SOURCE_SUFFIXES = frozenset({".pdf", ".tif", ".tiff", ".jpg", ".jpeg"})
TASK_TAG = "fengcun-dossier"
DEFAULT_TIMEOUT_S = 3600      # per dossier; checked between stages (services.processing)


# -- progress: the CLI shows a bar; served runs report nothing --------------------------------
class Progress(Protocol):
    def found(self, files: int) -> None: ...                      # the archive walked
    def start(self, total: int) -> None: ...                      # dossiers to process
    def stage(self, dossier_id: str, stage: str) -> None: ...     # a dossier entered a stage
    def advance(self, result: DossierResult) -> None: ...


class _Silent:
    def found(self, files: int) -> None:
        pass

    def start(self, total: int) -> None:
        pass

    def stage(self, dossier_id: str, stage: str) -> None:
        pass

    def advance(self, result: DossierResult) -> None:
        pass


_progress = threading.local()
_stage_progress: Progress | None = None     # tasks run on worker threads: told process-wide


def report_progress_to(progress: Progress | None) -> None:
    """Set where this thread's flow runs report progress (the CLI's bar), or stop reporting.
    Stages are reported from the tasks' worker threads in this process (not from Dask
    workers, which run elsewhere)."""
    global _stage_progress
    _progress.value = progress
    _stage_progress = progress


def _report_stage(dossier_id: str, stage: str) -> None:
    if _stage_progress is not None:
        _stage_progress.stage(dossier_id, stage)


def _current_progress() -> Progress:
    return getattr(_progress, "value", None) or _Silent()


# -- the store, once per process (threads share it; a Dask worker opens its own) --------------
_stores: dict[tuple[str, str | None], Store] = {}
_stores_lock = threading.Lock()


def open_store(root: str) -> Store:
    """The store at `root`, opened once per process. The catalog URL comes from the
    environment (FENGCUN_CATALOG_URL), never from a Prefect parameter: it may hold a password."""
    key = (str(Path(root).absolute()), os.environ.get("FENGCUN_CATALOG_URL"))
    with _stores_lock:
        if key not in _stores:
            _stores[key] = Store.open(root, migrate=False)
        return _stores[key]


@task(name="process-dossier", task_run_name="dossier-{dossier_id}", tags=[TASK_TAG],
      retries=2, retry_delay_seconds=[2, 15], cache_policy=NONE, persist_result=False, log_prints=False)
def process_dossier_task(dossier_id: str, store: str, settings: dict[str, Any]) -> dict[str, Any]:
    """One dossier on whichever worker runs it; returns ids, counts and timings only."""
    started = time.perf_counter()
    result = process_registered(dossier_id, open_store(store), Settings.from_dict(settings),
                                on_stage=_report_stage)
    timings = dict(result.timings, task=time.perf_counter() - started)
    return DossierResult(result.dossier_id, result.state, result.pages, result.persons,
                         result.review_open, result.error_kind, timings).to_dict()


# -- the run summary ----------------------------------------------------------------------------
@dataclass
class RunSummary:
    """Counts, failures by id and error class, the ids of the run's files already in quarantine
    (the command names them to the operator from the store), overdue sealings (due, not sealed)
    and sealings made late (due before they were sealed) by id and date: no names."""

    registered: int = 0
    skipped: int = 0                    # already held by the store
    unreadable: int = 0                 # could not even be hashed
    quarantined: list[str] = field(default_factory=list)   # files of the run in quarantine when registered
    results: list[DossierResult] = field(default_factory=list)
    overdue: list[tuple[str, str, int]] = field(default_factory=list)   # id, due date, days
    sealed_late: list[tuple[str, str, str, int]] = field(default_factory=list)  # id, due, sealed on, days
    wall_seconds: float = 0.0
    concurrency: int = 1

    def count(self, state: str) -> int:
        return sum(1 for r in self.results if r.state == state)

    @property
    def counts(self) -> dict[str, int]:
        return {"sealed": self.count(SEALED), "not eligible": self.count(NOT_ELIGIBLE),
                "waiting for review": self.count(REVIEW), "failed": self.count(FAILED),
                "already in store": self.skipped, "unreadable": self.unreadable}

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)

    @property
    def orchestration_seconds(self) -> float:
        """What Prefect added: per dossier, submit-to-result time minus the task body's time,
        summed and spread over the parallel slots (wall time it cost the run)."""
        overhead = sum(r.timings.get("orchestration", 0.0) for r in self.results)
        return overhead / max(1, min(self.concurrency, len(self.results)))

    def failures(self) -> list[tuple[str, str]]:
        return [(r.dossier_id, r.error_kind or "") for r in self.results if r.state == FAILED]

    def to_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, "pages": self.pages, "wall_seconds": round(self.wall_seconds, 3),
                "orchestration_seconds": round(self.orchestration_seconds, 3),
                "failures": [{"dossier_id": d, "error_kind": k} for d, k in self.failures()],
                "quarantined": list(self.quarantined),
                "overdue": [{"dossier_id": d, "due_date": due, "days_overdue": n}
                            for d, due, n in self.overdue],
                "sealed_late": [{"dossier_id": d, "due_date": due, "sealed_on": on, "days_late": n}
                                for d, due, on, n in self.sealed_late]}

    def markdown(self) -> str:
        lines = ["## fengcun run", "", "| outcome | dossiers |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in self.counts.items()]
        lines += ["", f"Pages: {self.pages}. Wall time: {self.wall_seconds:.1f} s; "
                      f"orchestration: {self.orchestration_seconds:.1f} s.", ""]
        if self.failures():
            lines += ["### Failures (quarantined)", "", "| dossier | error |", "|---|---|"]
            lines += [f"| `{d[:12]}` | {k} |" for d, k in self.failures()]
            lines.append("")
        if self.overdue:
            lines += ["### Overdue sealings", "", "| dossier | due | days overdue |", "|---|---|---:|"]
            lines += [f"| `{d[:12]}` | {due} | {n} |" for d, due, n in self.overdue]
            lines.append("")
        if self.sealed_late:
            lines += ["### Sealed late (due date passed before sealing)", "",
                      "| dossier | due | sealed on | days late |", "|---|---|---|---:|"]
            lines += [f"| `{d[:12]}` | {due} | {on} | {n} |" for d, due, on, n in self.sealed_late]
        return "\n".join(lines) + "\n"


# -- the shared runner --------------------------------------------------------------------------
def _task_runner(concurrency: int, dask_address: str | None) -> TaskRunner:
    if dask_address:
        from prefect_dask import DaskTaskRunner
        return DaskTaskRunner(address=dask_address)
    return ThreadPoolTaskRunner(max_workers=concurrency)


def _window(submit: Callable[[str], PrefectFuture], ids: list[str],
            concurrency: int) -> Iterator[tuple[str, PrefectFuture, float]]:
    """Keep at most `concurrency` dossiers in flight; yield each as it finishes, with the
    seconds from its submission to its result."""
    pending = iter(ids)
    in_flight: dict[PrefectFuture, tuple[str, float]] = {}

    def refill() -> None:
        while len(in_flight) < concurrency:
            dossier_id = next(pending, None)
            if dossier_id is None:
                return
            in_flight[submit(dossier_id)] = (dossier_id, time.perf_counter())

    refill()
    while in_flight:
        done = next(as_completed(list(in_flight)))
        done.wait()
        dossier_id, submitted = in_flight.pop(done)
        yield dossier_id, done, time.perf_counter() - submitted
        refill()


def run_dossiers(store_root: str, dossier_ids: list[str], *, concurrency: int | None, settings: Settings,
                 dask_address: str | None, summary: RunSummary) -> RunSummary:
    """Process the given registered dossiers inside the current flow run, `concurrency` at
    once (None: one per usable core). The OCR engine's own pool keeps the cores busy
    whatever the number (extractors.ocr.base.ReadingPool); more dossiers in flight overlap
    the stages that do not OCR."""
    concurrency = concurrency or usable_cores()
    logger = get_run_logger()
    store = open_store(store_root)
    progress = _current_progress()
    progress.start(len(dossier_ids))
    summary.concurrency = concurrency
    started = time.perf_counter()
    params = {"store": store_root, "settings": settings.to_dict()}
    with _task_runner(concurrency, dask_address) as runner:
        def submit(dossier_id: str) -> PrefectFuture:
            return runner.submit(process_dossier_task, {"dossier_id": dossier_id, **params})

        for dossier_id, future, turnaround in _window(submit, dossier_ids, concurrency):
            outcome = future.result(raise_on_failure=False)
            if isinstance(outcome, dict):
                result = DossierResult.from_dict(outcome)
                result.timings["orchestration"] = max(0.0, turnaround - result.timings["task"])
            else:   # retries exhausted: only a transient fault (or a crashed worker) gets here
                result = DossierResult(dossier_id, FAILED, error_kind=type(outcome).__name__)
                if not store.records.has(dossier_id):
                    store.quarantine.put(dossier_id, outcome, actor="flow")
            summary.results.append(result)
            progress.advance(result)
    summary.wall_seconds = time.perf_counter() - started
    ids = set(dossier_ids)
    summary.overdue = [(o.dossier_id, o.due_date.isoformat(), o.days_overdue)
                       for o in sealing_due.overdue(store) if o.dossier_id in ids]
    summary.sealed_late = [(e.dossier_id, e.due_date.isoformat(), e.sealed_on.isoformat(), e.days_late)
                           for e in store.records.sealed_late() if e.dossier_id in ids]
    if summary.results:
        store.records.record_timings("run", {"orchestration": summary.orchestration_seconds},
                             summary.pages)
    logger.info("processed %d dossiers, %d pages: %s", len(summary.results), summary.pages,
                ", ".join(f"{k} {v}" for k, v in summary.counts.items()))
    create_markdown_artifact(markdown=summary.markdown(), key="fengcun-run-summary",
                             description="Counts, failures, overdue and late sealings (ids only)")
    set_anchor(store)      # entries of this run cut from the log's end show at the next verify
    return summary


# -- walking an archive ---------------------------------------------------------------------------
def archive_files(root: Path, since: dt.date | None = None, until: dt.date | None = None) -> list[Path]:
    """PDF, TIFF and JPEG files under `root` in a stable order, filtered by modification
    date (inclusive) when `since`/`until` are given; hidden files and our own temp files skipped.
    A link whose file is gone is kept: registering it quarantines it as unreadable, so a
    vanished dossier is named instead of skipped."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() not in SOURCE_SUFFIXES or path.name.startswith("."):
            continue
        if not (path.is_file() or path.is_symlink()):
            continue
        if since or until:
            day = dt.date.fromtimestamp((path.stat() if path.exists() else path.lstat()).st_mtime)
            if (since and day < since) or (until and day > until):
                continue
        found.append(path)
    return found


def register_all(store: Store, paths: list[Path], summary: RunSummary) -> list[str]:
    """Register each file; return the ids still to process, in first-seen order. A file that
    cannot be read is quarantined under its path's id (archive.quarantine); a quarantined file
    that now registers as another dossier (made readable, replaced) leaves the quarantine.
    `summary.quarantined` gets the ids of the files still in quarantine, for the command to
    name them to the operator."""
    ids: list[str] = []
    registered: list[tuple[Path, str]] = []
    for path in paths:
        started = time.perf_counter()
        try:
            dossier_id = store.records.register(path)
        except UnreadableFileError as exc:
            summary.unreadable += 1
            summary.quarantined.append(store.quarantine.put_unreadable(exc))
            continue
        if store.records.state(dossier_id) not in SETTLED_STATES:
            store.records.record_timings(dossier_id, {"hash": time.perf_counter() - started})
        ids.append(dossier_id)
        registered.append((path, dossier_id))
    store.quarantine.resolve_superseded(registered)
    unique = list(dict.fromkeys(ids))
    todo = store.records.unsettled(unique)
    held = {e.dossier_id for e in store.quarantine.entries()}
    summary.quarantined += [i for i in unique if i in held]
    summary.registered = len(unique)
    summary.skipped = len(unique) - len(todo)
    return todo


# -- the flows --------------------------------------------------------------------------------------
@flow(name="fengcun-backfill", persist_result=False, log_prints=False, validate_parameters=True)
def backfill_flow(archive_root: str, store: str, concurrency: int | None = None, since: dt.date | None = None,
                  until: dt.date | None = None, ocr_engine: str = Settings.ocr_engine,
                  dpi: int = Settings.dpi, profile: str | None = None,
                  dask_address: str | None = None, retry_quarantined: bool = False,
                  timeout_s: int = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
    """Walk ARCHIVE_ROOT, skip what STORE already holds (by content hash), process the rest.
    Interrupted or killed, it loses nothing: rerun it and it resumes."""
    if concurrency is not None and concurrency < 1:
        raise UsageError("concurrency must be at least 1 (or left out: one dossier per usable core)")
    if not Store.exists(store):       # a mistyped parameter never becomes a new, empty store
        raise StoreMissing(f"no store at {store}")
    handle = Store.open(store)         # migrates once, before any worker joins
    handle.sweep()
    if retry_quarantined:
        handle.quarantine.requeue()
    handle.close()
    summary = RunSummary()
    files = archive_files(Path(archive_root), since, until)
    _current_progress().found(len(files))
    todo = register_all(open_store(store), files, summary)
    get_run_logger().info("%d files registered, %d already in the store, %d unreadable",
                          summary.registered, summary.skipped, summary.unreadable)
    run_dossiers(store, todo, concurrency=concurrency, dask_address=dask_address,
                 settings=Settings(ocr_engine, dpi, profile, timeout_s=timeout_s), summary=summary)
    return summary.to_dict()


@flow(name="fengcun-process", persist_result=False, log_prints=False, validate_parameters=True)
def process_flow(store: str, dossier_ids: list[str], concurrency: int | None = None,
                 ocr_engine: str = Settings.ocr_engine, dpi: int = Settings.dpi,
                 profile: str | None = None, dask_address: str | None = None,
                 timeout_s: int = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
    """Process dossiers already registered in STORE (the CLI registers the files it is given)."""
    summary = RunSummary()
    run_dossiers(store, dossier_ids, concurrency=concurrency, dask_address=dask_address,
                 settings=Settings(ocr_engine, dpi, profile, timeout_s=timeout_s), summary=summary)
    return summary.to_dict()
