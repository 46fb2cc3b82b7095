"""Sign-off of redacted copies: a person looks at every page before a copy is released.

A copy for ordinary use (`<short>.redacted.pdf`, redaction.outputs) is written by a
machine; before it leaves the archive a reviewer signs it off page by page. A copy is
known by its dossier, its path in the store and the SHA-256 of its bytes (`copy_id` is
derived from the three), so a copy rewritten by reprocessing — other bytes — is a new
copy that needs its own sign-off, and the sign-off of the old one no longer counts for
anything (it is `superseded`). Should the very bytes be published again, they are the copy
that was judged, and its verdicts stand.

A copy is `awaiting` until every page is signed (`released`), or until one page is
rejected (`rejected`: it goes back to the reviewers and operators with its reason code).
The rejection's reason is the reviewer's own text and may name a party: it is sealed
under the master key (context `signoff:<entry_id>`, re-sealed by a key rotation like
every sealed column) and its audit entry carries only its length. Every verdict is
written in the same transaction as its audit entry; the copy's row is locked by a
conditional UPDATE first, so two reviewers signing the last two pages at once cannot
both miss the release.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import (
    Column, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Connection, func, insert, select,
    update,
)

from archive.store import Store
from models.errors import ConflictError, NotFoundError, ValidationError

AWAITING, RELEASED, REJECTED, SUPERSEDED = "awaiting", "released", "rejected", "superseded"
CURRENT = (AWAITING, RELEASED, REJECTED)       # the states of a copy still in the outputs
SIGNED, REJECTED_PAGE = "signed", "rejected"
# Why a page is rejected: the code is what the rest of the system sees; the typed reason stays sealed.
REJECTION_CODES = ("identifier_visible", "removed_too_much", "page_damaged", "other")
MIN_REASON = 10

metadata = MetaData()
signoff_copies = Table(
    "signoff_copies", metadata,
    Column("copy_id", String(32), primary_key=True),
    Column("dossier_id", String(64), nullable=False),
    Column("path", String(512), nullable=False),          # relative to the store; names only the short id
    Column("sha256", String(64), nullable=False),
    Column("pages", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("registered_at", String(32), nullable=False),
    Column("settled_at", String(32)),
)
Index("ix_signoff_copies_dossier", signoff_copies.c.dossier_id)
Index("ix_signoff_copies_state", signoff_copies.c.state)
signoff_pages = Table(
    "signoff_pages", metadata,
    Column("entry_id", String(48), primary_key=True),      # <copy_id>-<page>: one verdict per page
    Column("copy_id", String(32), ForeignKey("signoff_copies.copy_id", ondelete="CASCADE"), nullable=False),
    Column("page", Integer, nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("account", String(32), nullable=False),
    Column("at", String(32), nullable=False),
    Column("code", String(32)),
    Column("reason_enc", LargeBinary),
)
Index("ix_signoff_pages_copy", signoff_pages.c.copy_id)


def copy_id_of(dossier_id: str, path: str, sha256: str) -> str:
    """The copy's id: the same file at the same place is the same copy, whoever registers it."""
    return hashlib.sha256(f"{dossier_id}\n{path}\n{sha256}".encode()).hexdigest()[:32]


def entry_id_of(copy_id: str, page: int) -> str:
    return f"{copy_id}-{page}"


def context(entry_id: str) -> str:
    """The associated data of a rejection's sealed reason."""
    return f"signoff:{entry_id}"


@dataclass(frozen=True)
class Copy:
    copy_id: str
    dossier_id: str
    path: str
    sha256: str
    pages: int
    state: str
    registered_at: dt.datetime
    settled_at: dt.datetime | None

    @property
    def short_id(self) -> str:
        return self.dossier_id[:12]


@dataclass(frozen=True)
class Verdict:
    """One page's sign-off or rejection (the rejection's reason is opened only by `reason`)."""

    page: int
    verdict: str
    account: str
    at: dt.datetime
    code: str | None


@dataclass(frozen=True)
class Published:
    """A copy as the pipeline publishes it: its path in the store, its bytes' hash, its pages."""

    path: str
    sha256: str
    pages: int


class SignOffs:
    """The sign-off state of one store's redacted copies."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- copies come and go with the outputs ------------------------------------------------------
    def publish(self, dossier_id: str, copies: list[Published], *, actor: str,
                now: dt.datetime | None = None) -> list[Copy]:
        """The dossier's copies are now exactly `copies`: each new one awaits sign-off, one
        already known (same path and bytes) keeps its state — or, superseded meanwhile, gets
        back the state its verdicts give — and every other copy of the dossier is
        superseded. Pass [] when the outputs are withdrawn."""
        stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).isoformat()
        wanted = {copy_id_of(dossier_id, c.path, c.sha256): c for c in copies}
        with self.store.engine.begin() as conn:
            known = {r.copy_id: r.state for r in conn.execute(
                select(signoff_copies.c.copy_id, signoff_copies.c.state)
                .where(signoff_copies.c.dossier_id == dossier_id))}
            stale = [cid for cid, state in known.items() if state in CURRENT and cid not in wanted]
            if stale:
                conn.execute(update(signoff_copies).where(signoff_copies.c.copy_id.in_(stale))
                             .values(state=SUPERSEDED, settled_at=stamp))
                self.store.audit.append(actor, "copy.superseded", dossier_id, connection=conn, copies=stale)
            for cid, c in wanted.items():
                if cid in known:
                    if known[cid] == SUPERSEDED:      # the very bytes judged before: their verdicts stand
                        verdicts = list(conn.execute(select(signoff_pages.c.verdict)
                                                     .where(signoff_pages.c.copy_id == cid)).scalars())
                        state = REJECTED if REJECTED_PAGE in verdicts else \
                            RELEASED if verdicts.count(SIGNED) == c.pages else AWAITING
                        conn.execute(update(signoff_copies).where(signoff_copies.c.copy_id == cid)
                                     .values(state=state, settled_at=None if state == AWAITING else stamp))
                        self.store.audit.append(actor, "copy.republished", dossier_id, connection=conn,
                                                copy=cid, state=state)
                    continue
                conn.execute(insert(signoff_copies).values(
                    copy_id=cid, dossier_id=dossier_id, path=c.path, sha256=c.sha256, pages=c.pages,
                    state=AWAITING, registered_at=stamp))
                self.store.audit.append(actor, "copy.awaiting_signoff", dossier_id, connection=conn,
                                        copy=cid, pages=c.pages)
        self.store.audit.checkpoint()
        return [self.get(cid) for cid in wanted]

    def known_paths(self) -> set[tuple[str, str]]:
        """(dossier, path) of every copy ever registered: what a store made before sign-off lacks."""
        with self.store.engine.connect() as conn:
            return {(r.dossier_id, r.path) for r in conn.execute(
                select(signoff_copies.c.dossier_id, signoff_copies.c.path))}

    # -- reading ----------------------------------------------------------------------------------
    def get(self, copy_id: str) -> Copy:
        with self.store.engine.connect() as conn:
            row = conn.execute(select(signoff_copies).where(signoff_copies.c.copy_id == copy_id)).first()
        if row is None:
            raise NotFoundError(f"no redacted copy {copy_id[:32]}")
        return _copy(row)

    def copies(self, states: tuple[str, ...] = CURRENT) -> list[Copy]:
        """Copies in the given states, oldest first (the order they wait in)."""
        with self.store.engine.connect() as conn:
            return [_copy(r) for r in conn.execute(
                select(signoff_copies).where(signoff_copies.c.state.in_(states))
                .order_by(signoff_copies.c.registered_at, signoff_copies.c.copy_id))]

    def counts(self) -> dict[str, int]:
        """Copies per current state (zero included)."""
        with self.store.engine.connect() as conn:
            found = dict(conn.execute(select(signoff_copies.c.state, func.count())
                                      .group_by(signoff_copies.c.state)).all())
        return {state: int(found.get(state, 0)) for state in CURRENT}

    def verdicts(self, copy_id: str) -> dict[int, Verdict]:
        """The verdict on each page judged so far, by page number."""
        with self.store.engine.connect() as conn:
            return {r.page: Verdict(r.page, r.verdict, r.account, dt.datetime.fromisoformat(r.at), r.code)
                    for r in conn.execute(select(signoff_pages).where(signoff_pages.c.copy_id == copy_id))}

    def reason(self, copy_id: str, page: int) -> str:
        """A rejection's reason, opened with the master key (for whoever follows the rejection up)."""
        entry = entry_id_of(copy_id, page)
        with self.store.engine.connect() as conn:
            blob = conn.execute(select(signoff_pages.c.reason_enc)
                                .where(signoff_pages.c.entry_id == entry)).scalar_one_or_none()
        if blob is None:
            raise NotFoundError(f"no rejection of page {page} of copy {copy_id[:32]}")
        return self.store.catalog.open(bytes(blob), context(entry)).decode("utf-8")

    # -- verdicts -----------------------------------------------------------------------------------
    def sign(self, copy_id: str, page: int, *, account: str, actor: str, now: dt.datetime) -> Copy:
        """Sign one page; the copy is released with its last page. ConflictError when the copy
        no longer awaits sign-off or the page was judged already."""
        stamp = now.astimezone(dt.timezone.utc).isoformat()
        with self.store.engine.begin() as conn:
            copy = self._lock_awaiting(conn, copy_id, page)
            self._insert_verdict(conn, copy_id, page, SIGNED, account, stamp)
            signed = conn.execute(select(func.count()).select_from(signoff_pages).where(
                signoff_pages.c.copy_id == copy_id, signoff_pages.c.verdict == SIGNED)).scalar_one()
            self.store.audit.append(actor, "copy.page_signed", copy.dossier_id, connection=conn, copy=copy_id,
                                    page=page, signed=signed, pages=copy.pages)
            if signed == copy.pages:
                conn.execute(update(signoff_copies).where(signoff_copies.c.copy_id == copy_id)
                             .values(state=RELEASED, settled_at=stamp))
                self.store.audit.append(actor, "copy.released", copy.dossier_id, connection=conn, copy=copy_id,
                                        pages=copy.pages)
        self.store.audit.checkpoint()
        return self.get(copy_id)

    def reject(self, copy_id: str, page: int, *, code: str, reason: str, account: str, actor: str,
               now: dt.datetime) -> Copy:
        """Reject the copy at one page, with a code and a typed reason (sealed): it is not
        released and goes back to review. ValidationError for an unknown code or a reason
        shorter than MIN_REASON characters."""
        if code not in REJECTION_CODES:
            raise ValidationError("signoff_code_unknown")
        reason = " ".join(reason.split())
        if len(reason) < MIN_REASON:
            raise ValidationError("signoff_reason_short")
        stamp = now.astimezone(dt.timezone.utc).isoformat()
        entry = entry_id_of(copy_id, page)
        with self.store.engine.begin() as conn:
            copy = self._lock_awaiting(conn, copy_id, page)
            self._insert_verdict(conn, copy_id, page, REJECTED_PAGE, account, stamp, code=code,
                                 reason_enc=self.store.catalog.seal(reason.encode("utf-8"), context(entry)))
            conn.execute(update(signoff_copies).where(signoff_copies.c.copy_id == copy_id)
                         .values(state=REJECTED, settled_at=stamp))
            self.store.audit.append(actor, "copy.rejected", copy.dossier_id, connection=conn, copy=copy_id,
                                    page=page, code=code, reason_chars=len(reason))
        self.store.audit.checkpoint()
        return self.get(copy_id)

    def _lock_awaiting(self, conn: Connection, copy_id: str, page: int) -> Copy:
        """The copy, its row locked for this transaction; it must await sign-off and hold the page."""
        locked = conn.execute(update(signoff_copies).where(
            signoff_copies.c.copy_id == copy_id, signoff_copies.c.state == AWAITING)
            .values(state=AWAITING)).rowcount
        row = conn.execute(select(signoff_copies).where(signoff_copies.c.copy_id == copy_id)).first()
        if row is None:
            raise NotFoundError(f"no redacted copy {copy_id[:32]}")
        if not locked:
            raise ConflictError(f"copy {copy_id} is {row.state}, not awaiting sign-off")
        if not 1 <= page <= row.pages:
            raise NotFoundError(f"copy {copy_id} has no page {page}")
        return _copy(row)

    @staticmethod
    def _insert_verdict(conn: Connection, copy_id: str, page: int, verdict: str, account: str, stamp: str,
                        **extra: object) -> None:
        """One verdict per page; the copy's row is locked, so the check and the insert are one step."""
        entry = entry_id_of(copy_id, page)
        if conn.execute(select(signoff_pages.c.entry_id).where(signoff_pages.c.entry_id == entry)).first():
            raise ConflictError(f"page {page} of copy {copy_id} was judged already")
        conn.execute(insert(signoff_pages).values(entry_id=entry, copy_id=copy_id, page=page, verdict=verdict,
                                                  account=account, at=stamp, **extra))


def _copy(row: object) -> Copy:
    settled = getattr(row, "settled_at")
    return Copy(row.copy_id, row.dossier_id, row.path, row.sha256, row.pages, row.state,  # type: ignore[attr-defined]
                dt.datetime.fromisoformat(row.registered_at),  # type: ignore[attr-defined]
                dt.datetime.fromisoformat(settled) if settled else None)
