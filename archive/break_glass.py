"""Break-glass grants: a reviewer sees a dossier's original pages outside the review queue.

The review app shows originals only for dossiers with an open item in the reviewer's
queue (review.app). Anything else — a dossier already decided, a colleague's question —
needs a grant: the reviewer types why, and may then see that dossier's originals for a
limited time. The reason is the reviewer's own text and may name a party, so it is sealed
under the master key (`reason_enc`, context `break-glass:<grant_id>`, re-sealed by a key
rotation like every sealed column) and never logged; the audit entry `review.break_glass`
written in the same transaction carries the grant id, the account, the dossier and the
expiry, so the audit chain vouches for every grant.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import Column, Index, LargeBinary, MetaData, String, Table, insert, select

from archive.store import Store

metadata = MetaData()
break_glass = Table(
    "break_glass", metadata,
    Column("grant_id", String(32), primary_key=True),
    Column("account", String(32), nullable=False),
    Column("dossier_id", String(64), nullable=False),
    Column("granted_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Column("reason_enc", LargeBinary, nullable=False),
)
Index("ix_break_glass_account_dossier", break_glass.c.account, break_glass.c.dossier_id)


def context(grant_id: str) -> str:
    """The associated data of a grant's sealed reason."""
    return f"break-glass:{grant_id}"


@dataclass(frozen=True)
class Grant:
    grant_id: str
    account: str
    dossier_id: str
    granted_at: dt.datetime
    expires_at: dt.datetime


class BreakGlass:
    """The break-glass grants of one store's catalog."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def grant(self, actor: str, account: str, dossier_id: str, reason: str, *, now: dt.datetime,
              duration: dt.timedelta) -> Grant:
        """Record a grant with its sealed reason and its audit entry, in one transaction."""
        now = now.astimezone(dt.timezone.utc)
        grant = Grant(secrets.token_hex(8), account, dossier_id, now, now + duration)
        with self.store.engine.begin() as conn:
            conn.execute(insert(break_glass).values(
                grant_id=grant.grant_id, account=account, dossier_id=dossier_id,
                granted_at=now.isoformat(), expires_at=grant.expires_at.isoformat(),
                reason_enc=self.store.catalog.seal(reason.encode("utf-8"), context(grant.grant_id))))
            self.store.audit.append(actor, "review.break_glass", dossier_id, connection=conn,
                                    grant=grant.grant_id, expires_at=grant.expires_at.isoformat(),
                                    reason_chars=len(reason))
        self.store.audit.checkpoint()
        return grant

    def active(self, account: str, dossier_id: str, now: dt.datetime) -> Grant | None:
        """The account's grant for the dossier that is still running at `now`, if any."""
        now = now.astimezone(dt.timezone.utc)
        with self.store.engine.connect() as conn:
            row = conn.execute(select(break_glass).where(
                break_glass.c.account == account, break_glass.c.dossier_id == dossier_id,
                break_glass.c.granted_at <= now.isoformat(), break_glass.c.expires_at > now.isoformat())
                .order_by(break_glass.c.expires_at.desc()).limit(1)).first()
        if row is None:
            return None
        return Grant(row.grant_id, row.account, row.dossier_id, dt.datetime.fromisoformat(row.granted_at),
                     dt.datetime.fromisoformat(row.expires_at))

    def since(self, start: dt.datetime | None = None) -> list[Grant]:
        """Every grant made at or after `start` (all of them without), oldest first."""
        query = select(break_glass).order_by(break_glass.c.granted_at, break_glass.c.grant_id)
        if start is not None:
            query = query.where(break_glass.c.granted_at >= start.astimezone(dt.timezone.utc).isoformat())
        with self.store.engine.connect() as conn:
            return [Grant(r.grant_id, r.account, r.dossier_id, dt.datetime.fromisoformat(r.granted_at),
                          dt.datetime.fromisoformat(r.expires_at)) for r in conn.execute(query)]

    def reason(self, grant_id: str) -> str:
        """A grant's reason, opened with the master key (for whoever audits the grant)."""
        with self.store.engine.connect() as conn:
            blob = conn.execute(select(break_glass.c.reason_enc)
                                .where(break_glass.c.grant_id == grant_id)).scalar_one()
        return self.store.catalog.open(bytes(blob), context(grant_id)).decode("utf-8")
