"""What the commands share: store options, a progress bar, the summary table.

Everything printed here is ids and counts, with two exceptions for the operator, who
holds the key: a file named on the command line that does not exist, and each
quarantined file — its path, cause and fix, decrypted for the terminal only (never a
log, Prefect or a file).
"""
from __future__ import annotations

import argparse
import contextlib
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from archive import Store
from archive.accounts import NAME_PATTERN
from archive.quarantine import QuarantineNotice
from archive.database import ENV_CATALOG_URL
from core.keys import MasterKey
from extractors.ocr import ENGINES
from models.errors import FengcunError, OrchestrationError, StoreMissing
from models.rules import available_profiles

stderr = Console(stderr=True)


# -- option types: argparse calls these while parsing, so a wrong value exits 2 at once ------------

def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def positive_int(text: str) -> int:
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not at least 1")
    return value


def concurrency(text: str) -> int | None:
    """`auto` (None: one dossier per usable core) or a number of at least 1."""
    return None if text == "auto" else positive_int(text)


def non_negative_int(text: str) -> int:
    value = _whole_number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def port(text: str) -> int:
    value = positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a TCP port (1-65535)")
    return value


def catalog_url(text: str) -> str:
    """A SQLAlchemy URL of SQLite or PostgreSQL (the catalog's two dialects)."""
    try:
        url = make_url(text)
    except ArgumentError:
        raise argparse.ArgumentTypeError("not a database URL (postgresql+psycopg://user@host/db)") from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise argparse.ArgumentTypeError("the catalog is SQLite or PostgreSQL")
    return text


def dask_address(text: str) -> str:
    scheme, sep, rest = text.partition("://")
    if not sep or not scheme or ":" not in rest:
        raise argparse.ArgumentTypeError(f"{text!r} is not a scheduler address like tcp://10.0.0.5:8786")
    return text


def dossier_id(text: str) -> str:
    """A dossier id: the SHA-256 of the file, 64 hex digits (as `fengcun status` prints it)."""
    if not re.fullmatch(r"[0-9a-f]{64}", text):
        raise argparse.ArgumentTypeError("a dossier id is the file's SHA-256: 64 hex digits")
    return text


def inquiry_id(text: str) -> str:
    if not re.fullmatch(r"Q\d{4}-\d{4,}", text):
        raise argparse.ArgumentTypeError("not an inquiry number like Q2026-0001")
    return text


def account_name(text: str) -> str:
    """An account's handle (archive.accounts.NAME_PATTERN): the audit log names it."""
    if not NAME_PATTERN.match(text):
        raise argparse.ArgumentTypeError("an account name is lower-case ASCII, e.g. wang.li")
    return text


def actor(text: str) -> str:
    """Who acts, as the audit log records it: ids only, never a name in Chinese."""
    if not re.fullmatch(r"[a-z][a-z0-9._:-]{1,63}", text):
        raise argparse.ArgumentTypeError("an actor is lower-case ASCII (an account or a role), e.g. auditor")
    return text


def add_store_args(p: argparse.ArgumentParser, *, creates: bool = False) -> None:
    """--store and --catalog-url; with `creates`, also --create (the commands that fill a
    store may make a new one, when asked to)."""
    p.add_argument("--store", required=True, type=Path, metavar="STORE",
                   help="store directory (catalog, outputs, audit log), made by `fengcun init`")
    if creates:
        p.add_argument("--create", action="store_true", help="create the store if it does not exist yet")
    p.add_argument("--catalog-url", type=catalog_url, metavar="URL",
                   help=f"SQLAlchemy URL of a shared PostgreSQL catalog (or set {ENV_CATALOG_URL}); "
                        "default: STORE/catalog.db")


def add_run_args(p: argparse.ArgumentParser) -> None:
    """Options of a processing run; all of them may become Prefect parameters."""
    p.add_argument("--concurrency", type=concurrency, default=None, metavar="N",
                   help="dossiers processed at once: a number, or auto for one per usable core "
                        "(default auto); OCR runs on one pool of a reader per core whatever the number")
    p.add_argument("--ocr-engine", default=None, choices=sorted(ENGINES),
                   help="OCR engine name (default: the project's)")
    p.add_argument("--dpi", type=positive_int, default=300,
                   help="render resolution for OCR (default 300)")
    p.add_argument("--profile", default=None, choices=available_profiles(),
                   help="jurisdiction rule table (default: chosen from each case)")
    p.add_argument("--dask-address", type=dask_address, metavar="ADDR",
                   help="fan dossiers out over a Dask cluster, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--timeout", type=positive_int, default=3600, metavar="SECONDS",
                   help="per-dossier time limit (default 3600)")
    p.add_argument("--verbose", action="store_true", help="show Prefect's run log on the console")


def prepare_environment(args: argparse.Namespace) -> None:
    """Before Prefect is imported: the catalog URL for every worker, a quiet console."""
    if getattr(args, "catalog_url", None):
        os.environ[ENV_CATALOG_URL] = args.catalog_url
    if getattr(args, "verbose", False):
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "INFO"
    else:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    # a loaded machine starts the temporary local server slowly (20 s default limit)
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")   # no telemetry calls
    os.environ.setdefault("DO_NOT_TRACK", "1")                          # nor the client's, nor its notice


def open_store(args: argparse.Namespace, *, create: bool = False, master_key: MasterKey | None = None) -> Store:
    """The store named by --store. It must exist unless `create` (`fengcun init`) or --create
    says to make it: a mistyped path is an error naming the path, never a new empty store."""
    prepare_environment(args)
    if not (create or getattr(args, "create", False) or Store.exists(args.store)):
        raise StoreMissing(f"no store at {args.store.absolute()}")
    return Store.open(args.store, master_key=master_key)


def require_key() -> None:
    """Fail at once, before anything is created or Prefect starts, when no master key can
    be loaded: a run without one could only fail later, dossier by dossier."""
    MasterKey.load()


_ORCHESTRATION_MODULES = ("prefect", "httpx", "httpcore", "anyio", "uvicorn")


def _raised_in_orchestration(exc: BaseException) -> bool:
    """Whether Prefect's machinery (or the HTTP client it talks to its server with) raised
    `exc`; an error raised in fengcun's own code keeps its traceback: that is a bug."""
    if type(exc).__module__.split(".")[0] in _ORCHESTRATION_MODULES:
        return True
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    origin = tb.tb_frame.f_globals.get("__name__", "") if tb is not None else ""
    return origin.split(".")[0] in _ORCHESTRATION_MODULES


@contextlib.contextmanager
def orchestration_errors() -> Iterator[None]:
    """Turn a failure of Prefect around the work into one line with what to do
    (models.errors.OrchestrationError) instead of a page of traceback. Only the exception's
    class and first line are kept: flow parameters are paths of the archive and the store,
    task runs are named by dossier id, so Prefect's messages name no person."""
    try:
        yield
    except (FengcunError, KeyboardInterrupt):
        raise
    except Exception as exc:
        if not _raised_in_orchestration(exc):
            raise
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        raise OrchestrationError(f"Prefect failed: {type(exc).__name__}: {first}".rstrip(": ")) from None


def run_options(args: argparse.Namespace) -> dict[str, Any]:
    from services.processing import Settings
    return {"concurrency": args.concurrency, "ocr_engine": args.ocr_engine or Settings.ocr_engine,
            "dpi": args.dpi, "profile": args.profile, "dask_address": args.dask_address,
            "timeout_s": args.timeout}


STAGE_WORDS = {"hash": "hashing", "pages": "reading pages", "nlp": "extracting", "rules": "deciding",
               "redaction": "writing sealed files", "verify": "verifying outputs", "catalog": "saving"}


class _Rate(ProgressColumn):
    """Dossiers per minute since the first dossier started."""

    def render(self, task: Task) -> Text:
        since = task.fields.get("since")
        elapsed = (task.fields.get("last") or time.monotonic()) - since if since else None
        rate = task.completed / elapsed * 60 if elapsed and task.completed else None
        return Text(f"{rate:.1f}/min" if rate else "–/min", style="progress.data.speed")


class _LiveEta(ProgressColumn):
    """Time left, counting down between dossiers: the run's own pace (seconds per dossier
    so far, all slots together) times what is left, less the time since the last one ended.
    rich's own estimate stands still until the next dossier ends."""

    max_refresh = 1.0

    def render(self, task: Task) -> Text:
        since, last = task.fields.get("since"), task.fields.get("last")
        if not task.total or not task.completed or since is None or last is None:
            return Text("ETA –", style="progress.remaining")
        if task.finished:
            return Text("done", style="progress.remaining")
        pace = (last - since) / task.completed
        left = max(0.0, pace * (task.total - task.completed) - (time.monotonic() - last))
        return Text(f"ETA {int(left) // 3600}:{int(left) % 3600 // 60:02d}:{int(left) % 60:02d}",
                    style="progress.remaining")


class ProgressBar:
    """What the run is doing, from the first second, on stderr (the `flows.backfill.Progress`
    protocol): the start-up, files found, then dossiers done of all, pages read, the rate, a
    live ETA and the stages of the dossiers in flight. Counts and stage names only: file
    names and paths can name parties, so they are never shown."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._bar = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                             MofNCompleteColumn(), TextColumn("{task.fields[pages]} pages"), _Rate(),
                             TimeElapsedColumn(), _LiveEta(), TextColumn("{task.fields[doing]}"),
                             console=stderr, refresh_per_second=2)
        self._task: Any = None
        self._stages: dict[str, str] = {}
        self._pages = 0
        self._lock = threading.Lock()

    def __enter__(self) -> ProgressBar:
        self._bar.start()
        self._task = self._bar.add_task(f"{self._label}: starting Prefect", total=None, pages=0, doing="",
                                        since=None, last=None)
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def found(self, files: int) -> None:
        self._bar.update(self._task, description=f"{self._label}: {files} files found, registering")

    def note(self, text: str) -> None:
        """What the command does before the dossiers start (counts only)."""
        self._bar.update(self._task, description=f"{self._label}: {text}")

    def start(self, total: int) -> None:
        now = time.monotonic()
        self._bar.update(self._task, description=self._label, total=total, completed=0, since=now, last=now)

    def stage(self, dossier_id: str, stage: str) -> None:
        with self._lock:
            self._stages[dossier_id] = STAGE_WORDS.get(stage, stage)
            self._bar.update(self._task, doing=self._doing())

    def advance(self, result: Any) -> None:
        with self._lock:
            self._stages.pop(result.dossier_id, None)
            self._pages += result.pages
            self._bar.update(self._task, advance=1, pages=self._pages, last=time.monotonic(),
                             doing=self._doing())

    def _doing(self) -> str:
        if not self._stages:
            return ""
        counted = Counter(self._stages.values())
        return f"{len(self._stages)} in flight: " + ", ".join(
            f"{stage}" + (f" ×{n}" if n > 1 else "") for stage, n in counted.items())


def print_summary(summary: dict[str, Any], store: Store) -> None:
    counts = summary["counts"]
    table = Table(title="fengcun summary", show_header=True)
    table.add_column("outcome")
    table.add_column("dossiers", justify="right")
    for name in ("sealed", "not eligible", "waiting for review", "failed"):
        table.add_row(name, str(counts.get(name, 0)))
    for name in ("already in store", "unreadable"):
        if counts.get(name):
            table.add_row(name, str(counts[name]))
    Console().print(table)
    print(f"pages: {summary['pages']}; wall {summary['wall_seconds']:.1f} s; "
          f"orchestration {summary['orchestration_seconds']:.1f} s")
    run_ids = [f["dossier_id"] for f in summary["failures"]] + summary.get("quarantined", [])
    for line in quarantine_lines(store.quarantine.notices(run_ids)):
        print(line)
    if summary["overdue"]:
        print(f"overdue sealings: {len(summary['overdue'])} (see `fengcun status --store {store.root}`)")
    if summary.get("sealed_late"):
        print(f"sealed late (due date passed before sealing): {len(summary['sealed_late'])}")
    print(f"outputs: {store.root / 'outputs'}")
    print(f"next: {next_command(summary, store)}")


def quarantine_lines(notices: list[QuarantineNotice]) -> list[str]:
    """Each quarantined file by its path, with its cause and its fix. Plain text (a path may
    hold brackets that rich would read as markup), for the terminal only."""
    lines = []
    for n in notices:
        lines += [f"quarantined: {n.path}", f"  cause: {n.cause}", f"  fix: {n.fix}"]
    return lines


def next_command(summary: dict[str, Any], store: Store) -> str:
    """The one command the operator runs next, by what the run left to do: quarantined or
    unreadable files first (status lists them), then reviews, then the overview."""
    counts = summary["counts"]
    where = f"--store {store.root}"
    if counts.get("failed") or counts.get("unreadable"):
        return (f"fengcun status {where}   (lists what could not be read; fix it and run the same command "
                "again, a backfill with --retry-quarantined)")
    if counts.get("waiting for review"):
        return f"fengcun review serve {where}   (reviewers answer the open items; `fengcun users add` makes accounts)"
    if summary["overdue"]:
        return f"fengcun status {where}   (overdue sealings)"
    return f"fengcun status {where}"


def exit_code(summary: dict[str, Any]) -> int:
    from models.errors import ExitCode
    counts = summary["counts"]
    if counts.get("failed") or counts.get("unreadable"):
        return ExitCode.input_file
    if counts.get("waiting for review"):
        return ExitCode.review_pending
    return ExitCode.ok
