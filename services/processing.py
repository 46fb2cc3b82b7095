"""Use cases of one dossier: process it, and decide it again after a reviewer's answer.

`process_dossier` runs the named stages in order —
hash → pages (triage and OCR) → nlp → rules → redaction (outputs and their leak
check) → verify → catalog — times each one into the catalog, where the
benchmark reads them, and then has the saved dossier searched for sealed records
of the same persons (services.unsealing). It is a plain function so it runs the
same under the CLI, a Prefect task, a Dask worker or a test. A dossier that fails for a reason a
retry cannot fix is quarantined here, with its error sealed, and the function
returns normally; only faults a retry may cure (a dropped database connection,
a timeout) escape as `TransientError`, whose message holds the dossier's short
id and the error's class, never a path or a page's text.

`decide_again` is what a reviewer's answer runs (review.decisions): the same
rules → outputs → publish → save as a processed dossier, then the same unsealing
search.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError

from archive import Store
from extractors.nlp import extract
from extractors.ocr import DEFAULT_ENGINE, ENGINES
from extractors.pages import read_pages
from extractors.text import DossierText, PageText
from models.coparties import coparty_plan
from models.errors import FengcunError, LeakDetectedError, UsageError
from models.record import DecisionRecord, Outputs, PipelineInfo, Review, Source
from models.rules import Profile, available_profiles
from redaction.outputs import write_outputs
from redaction.sealed import SealConfig, key_path_for
from services import signoffs
from services.decide import decide, rule_table
from services.unsealing import check_new_dossier

log = logging.getLogger("fengcun.pipeline")
PIPELINE_VERSION = version("fengcun")
STAGES = ("hash", "pages", "nlp", "rules", "redaction", "verify", "catalog")


class TransientError(FengcunError):
    """A fault worth retrying; carries the dossier's short id and the cause's class only."""

    def __init__(self, dossier_id: str, cause: BaseException) -> None:
        super().__init__(f"dossier {dossier_id[:12]}: transient {type(cause).__name__}")
        self.dossier_id = dossier_id
        self.cause_kind = type(cause).__name__


@dataclass(frozen=True)
class Settings:
    """Options only (no paths, no data): what a flow parameter or CLI flag may set."""

    ocr_engine: str = DEFAULT_ENGINE
    dpi: int = 300
    profile: str | None = None          # jurisdiction rule table; None: chosen from the case
    authority: str | None = None        # who seals (封存机关); None: the court named in the case
    timeout_s: int | None = None        # time budget of one dossier, checked between stages

    def __post_init__(self) -> None:
        """Checked when made, so a wrong option (a flow parameter typed in the UI) stops the
        run before any dossier is touched, instead of quarantining every scanned one."""
        if self.ocr_engine not in ENGINES:
            raise UsageError(f"unknown OCR engine {self.ocr_engine!r}; choose one of {', '.join(sorted(ENGINES))}")
        if self.profile is not None and self.profile not in available_profiles():
            raise UsageError(f"no rule profile {self.profile!r}; available: {', '.join(available_profiles())}")
        if self.dpi < 1 or (self.timeout_s is not None and self.timeout_s < 1):
            raise UsageError("dpi and timeout_s must be at least 1")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Settings:
        return cls(**(d or {}))


@dataclass(frozen=True)
class DossierResult:
    """What a run reports about one dossier: ids, counts, a state — never data."""

    dossier_id: str
    state: str
    pages: int = 0
    persons: int = 0
    review_open: int = 0
    error_kind: str | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def work_seconds(self) -> float:
        """Time in the pipeline's own stages (not hashing, which happens at registration)."""
        return sum(v for k, v in self.timings.items() if k in STAGES)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DossierResult:
        return cls(**d)


def is_transient(exc: BaseException) -> bool:
    """Faults of the environment rather than of the dossier."""
    if isinstance(exc, OperationalError | TimeoutError | ConnectionError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


class DossierTimeout(FengcunError):
    """A dossier used up its time budget; it is quarantined (a retry would take as long)."""


class _Clock:
    """Stage timings, and the dossier's time budget: checked when each stage ends, because a
    thread cannot be interrupted inside OCR; a hung stage is bounded only by its engine."""

    def __init__(self, timeout_s: int | None = None, on_stage: Callable[[str], None] | None = None) -> None:
        self.timings: dict[str, float] = {}
        self._deadline = time.monotonic() + timeout_s if timeout_s else None
        self._on_stage = on_stage

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self._on_stage is not None:
            self._on_stage(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise DossierTimeout(f"time budget used up after stage {name}")


def process_dossier(path: Path, store: Store, settings: Settings = Settings()) -> DossierResult:
    """Register a file in the store's manifest (by content hash) and process it."""
    clock = _Clock(settings.timeout_s)
    with clock.stage("hash"):
        dossier_id = store.records.register(path)
    return process_registered(dossier_id, store, settings, _clock=clock)


def process_registered(dossier_id: str, store: Store, settings: Settings = Settings(), *,
                       _clock: _Clock | None = None,
                       on_stage: Callable[[str, str], None] | None = None) -> DossierResult:
    """Process a dossier already in the manifest: what a flow's per-dossier task calls.
    `on_stage(dossier_id, stage)` is told as each stage starts (the command's progress display)."""
    watch = (lambda name: on_stage(dossier_id, name)) if on_stage is not None else None
    clock = _Clock(settings.timeout_s, watch) if _clock is None else _clock
    pages_read = 0
    source: Path | None = None
    try:
        store.records.claim(dossier_id)
        source = store.records.source_path(dossier_id)      # decrypted once, handed on
        with clock.stage("pages"):
            pages = read_pages(source, settings.ocr_engine, dpi=settings.dpi)
        pages_read = len(pages)
        with clock.stage("nlp"):
            extraction = extract(DossierText(pages))
        record = DecisionRecord(
            dossier_id, Source(str(source), dossier_id, len(pages)), extraction.case,
            list(extraction.persons), Review(list(extraction.review_items)))
        decided = redecide(store, dossier_id, record, settings, pages=pages, source=source,
                           clock=clock)
        record, state = decided.record, decided.state
        store.records.record_timings(dossier_id, {"catalog": clock.timings["catalog"]}, len(pages))
        check_new_dossier(store, dossier_id)
    except Exception as exc:      # noqa: BLE001 — every failure is either retried or quarantined
        if is_transient(exc):
            raise TransientError(dossier_id, exc) from None
        store.quarantine.put(dossier_id, exc, pages=pages_read, source=source)
        store.records.record_timings(dossier_id, clock.timings, pages_read)
        log.warning("dossier %s quarantined: %s", dossier_id[:12], type(exc).__name__)
        return DossierResult(dossier_id, "failed", pages_read, error_kind=type(exc).__name__,
                             timings=dict(clock.timings))
    log.info("dossier %s: %s, %d pages", dossier_id[:12], state, len(pages))
    return DossierResult(dossier_id, state, len(pages), len(record.persons),
                         sum(1 for i in record.review.items if i.status == "open"),
                         timings=dict(clock.timings))


@dataclass(frozen=True)
class Redecision:
    record: DecisionRecord
    state: str
    outputs_written: bool


def decide_again(store: Store, dossier_id: str, record: DecisionRecord, *,
                 actor: str) -> Redecision:
    """After a reviewer's answer: decide the answered record again (`redecide`), then search
    the saved dossier for sealed records of its persons, as `process_registered` does — an
    answer may have corrected the very ID number the search goes by."""
    decided = redecide(store, dossier_id, record, actor=actor)
    check_new_dossier(store, dossier_id)
    return decided


def redecide(store: Store, dossier_id: str, record: DecisionRecord, settings: Settings | None = None,
             *, pages: list[PageText] | None = None, source: Path | None = None,
             actor: str = "pipeline", clock: _Clock | None = None) -> Redecision:
    """Rules → outputs (leak-checked) → publish → save: what follows extraction in
    `process_registered`, and what a reviewer's answer runs again (`decide_again`), so a
    reviewed dossier gets exactly what a processed one gets. The unsealing search is the
    callers' next step, once the record is saved.

    `pages` (and `source`, the decrypted source path) are the dossier's when the caller has
    them (the pipeline). Without them (a review answer) outputs are rewritten only once no
    item is open: reading the file again is OCR for a scan, too slow for every answer, and
    until then the outputs published earlier stand — they release no copy while a decision
    is pending. When the leak check discards new outputs, the ones published earlier are
    withdrawn too: they were made from an older decision, and a dossier that failed the leak
    check must not keep copies out silently; the record gets an open item and goes to review."""
    settings = settings or Settings()
    timings = None if clock is None else clock.timings      # a review's answer is no stage timing
    clock = clock or _Clock()
    with clock.stage("rules"):
        profile = _profile(record, settings)
        record = decide(record, profile)
    record.pipeline = PipelineInfo(PIPELINE_VERSION, record.pipeline.rules_version,
                                   dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    written = False
    if pages is not None or not record.review.required:
        source = source or store.records.source_path(dossier_id)
        if pages is None:
            pages = read_pages(source, settings.ocr_engine, dpi=settings.dpi)
        with store.files.staging(dossier_id) as staged:
            with clock.stage("redaction"):
                outputs = _write_outputs(record, source, pages, staged, store,
                                         _seal_config(record, profile, settings), settings.ocr_engine)
            with clock.stage("verify"):
                if outputs is None:
                    store.files.withdraw(dossier_id)
                    record.outputs = Outputs()
                else:
                    record.outputs = _publish(store, staged, dossier_id, outputs)
                    written = True
                # a copy for ordinary use waits for a person's sign-off before release
                signoffs.published(store, dossier_id, record.outputs, actor=actor)
    with clock.stage("catalog"):
        state = store.records.save(record, actor=actor, timings=timings)
    return Redecision(record, state, written)


def _profile(record: DecisionRecord, settings: Settings) -> Profile:
    """The rule table the settings name, else the record's own (services.decide.rule_table)."""
    return rule_table(record, settings.profile)


def _seal_config(record: DecisionRecord, profile: Profile, settings: Settings) -> SealConfig:
    return SealConfig(authority=settings.authority or record.case.court or "人民法院",
                      sealed_on=dt.date.today(), jurisdiction=profile.title_zh or profile.name)


def _write_outputs(record: DecisionRecord, source: Path, pages: list[PageText], staged: Path,
                   store: Store, config: SealConfig, ocr_engine: str) -> Outputs | None:
    """Sealed PDF, notices and the copy for ordinary use into the staging directory. No copy
    is released while anyone's decision is pending (the plan is incomplete); a leak found in
    the read-back discards the outputs and sends the dossier to review (exit code 7)."""
    plan = coparty_plan(record)
    copy = plan.copies[0] if plan.copies and plan.complete else None
    try:
        return write_outputs(record, source, pages, staged, store.key, config,
                             sealed_person_ids=plan.sealed,
                             redact_person_ids=copy.remove if copy else (),
                             mark_case_file=plan.complete and plan.mark_case_file,
                             cited_records=[c.text for c in plan.cited_records] if plan.complete else (),
                             store_root=staged,
                             ocr_engine=ocr_engine)
    except LeakDetectedError:
        record.review.add(None, "outputs", "an output failed the leak check and was discarded")
        return None


def _publish(store: Store, staged: Path, dossier_id: str, outputs: Outputs) -> Outputs:
    """Check every listed output is a non-empty file inside the staging directory and nothing
    unlisted is there, move the directory into place, and return paths relative to the store."""
    listed = [p for p in [outputs.sealed_pdf, *outputs.redacted_copies, *outputs.notices] if p]
    resolved = [(staged / p).resolve() for p in listed]
    for path in resolved:
        if staged.resolve() not in path.parents or not path.is_file() or path.stat().st_size == 0:
            raise RuntimeError("an output is missing, empty or outside the staging directory")
    sidecars = {key_path_for(p) for p in resolved}      # wrapped passwords of sealed PDFs
    present = {p.resolve() for p in staged.rglob("*") if p.is_file()}
    if present - set(resolved) - sidecars:
        raise RuntimeError(f"{len(present - set(resolved) - sidecars)} unlisted files in the outputs")
    if not resolved:
        return Outputs()
    final = store.files.publish(staged, dossier_id)

    def moved(p: Path) -> str:
        return store.files.relpath(final / p.relative_to(staged.resolve()))

    it = iter(resolved)
    sealed = moved(next(it)) if outputs.sealed_pdf else None
    copies = [moved(next(it)) for _ in outputs.redacted_copies]
    notices = [moved(next(it)) for _ in outputs.notices]
    return Outputs(sealed, copies, notices)


__all__ = [
    "STAGES",
    "DossierResult",
    "DossierTimeout",
    "Redecision",
    "Settings",
    "TransientError",
    "decide_again",
    "is_transient",
    "process_dossier",
    "process_registered",
    "redecide",
]
