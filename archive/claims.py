"""Who works which dossier in the review queue: claims, assignments and skips.

An answer decides the whole dossier again, so a dossier is worked by one reviewer at a
time: a claim holds all of a dossier's open items for one account. A claim is taken by
opening an item (`opened`: it lets go when the reviewer opens another dossier), by asking
for it (`claimed`), or by an assignment (`assigned`, made by someone else for the
account). `opened` and `claimed` run out CLAIM_FOR after the holder's last action, so a
reviewer who walks away does not block the queue; an assignment holds until the assignee
releases or skips it, or the dossier is assigned to someone else. A skip puts one item at
the end of one account's order, kept here so that it follows the account, not a browser.

Rows carry dossier ids, item ids and account handles only; every claim, release,
assignment and skip is audited in the transaction that makes it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import (Column, Connection, Index, MetaData, PrimaryKeyConstraint, String, Table, delete, insert,
                        select, update)
from sqlalchemy.exc import IntegrityError

from archive.store import Store

CLAIM_FOR = dt.timedelta(minutes=30)
Kind = Literal["opened", "claimed", "assigned"]

metadata = MetaData()
review_claims = Table(
    "review_claims", metadata,
    Column("dossier_id", String(64), primary_key=True),
    Column("account", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("claimed_at", String(32), nullable=False),
    Column("expires_at", String(32)),                  # none for an assignment
    Column("assigned_by", String(64)),                 # the actor who assigned it
)
review_skips = Table(
    "review_skips", metadata,
    Column("account", String(32), nullable=False),
    Column("dossier_id", String(64), nullable=False),
    Column("item_id", String(16), nullable=False),
    Column("skipped_at", String(32), nullable=False),
    PrimaryKeyConstraint("account", "dossier_id", "item_id"),
)
Index("ix_review_claims_account", review_claims.c.account)


@dataclass(frozen=True)
class Claim:
    dossier_id: str
    account: str
    kind: str
    claimed_at: dt.datetime
    expires_at: dt.datetime | None

    def live(self, now: dt.datetime) -> bool:
        return self.expires_at is None or self.expires_at > now


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat()


def _claim(row: object) -> Claim:
    expires = getattr(row, "expires_at")
    return Claim(getattr(row, "dossier_id"), getattr(row, "account"), getattr(row, "kind"),
                 dt.datetime.fromisoformat(getattr(row, "claimed_at")),
                 dt.datetime.fromisoformat(expires) if expires else None)


class Claims:
    """The claims, assignments and skips of one store's catalog."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading ---------------------------------------------------------------------------------
    def live(self, now: dt.datetime) -> dict[str, Claim]:
        """Every claim still running at `now`, by dossier."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(review_claims)).all()
        return {c.dossier_id: c for c in map(_claim, rows) if c.live(now)}

    def of(self, dossier_id: str, now: dt.datetime) -> Claim | None:
        """The dossier's claim, when one is running at `now`."""
        with self.store.engine.connect() as conn:
            row = conn.execute(select(review_claims).where(review_claims.c.dossier_id == dossier_id)).first()
        claim = _claim(row) if row is not None else None
        return claim if claim is not None and claim.live(now) else None

    def skipped(self, account: str) -> dict[tuple[str, str], str]:
        """The account's skipped items, (dossier, item) → when, to put them last in that order."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(review_skips).where(review_skips.c.account == account)).all()
        return {(r.dossier_id, r.item_id): r.skipped_at for r in rows}

    # -- changing --------------------------------------------------------------------------------
    def take(self, dossier_id: str, account: str, actor: str, kind: Kind, now: dt.datetime, *,
             moved_on: bool = True) -> Claim:
        """Claim the dossier for `account`, or keep its claim running for CLAIM_FOR more.
        Returns the claim that holds the dossier afterwards: another account's when that one
        still runs (nothing changes then). Opening a dossier (`opened`, `moved_on`) lets the
        account's other `opened` claims go: a reviewer who moves on does not keep what was
        only looked at. An answer keeps its dossier claimed without that (`moved_on=False`):
        it may reach the server after the next item was opened, and that opening may let this
        claim go as soon as it is committed: the holder is read in the claiming transaction."""
        with self.store.engine.begin() as conn:
            if kind == "opened" and moved_on:
                self._let_go(conn, account, actor, keep=dossier_id)
            self._take(conn, dossier_id, account, actor, kind, now)
            row = conn.execute(select(review_claims).where(review_claims.c.dossier_id == dossier_id)).one()
        self.store.audit.checkpoint()
        return _claim(row)              # taken, kept, or another's that runs

    def _take(self, conn: Connection, dossier_id: str, account: str, actor: str, kind: Kind,
              now: dt.datetime) -> None:
        expires = _iso(now + CLAIM_FOR)
        row = conn.execute(select(review_claims).where(review_claims.c.dossier_id == dossier_id)).first()
        current = _claim(row) if row is not None else None
        if current is not None and current.account != account and current.live(now):
            return                                   # another's, still running
        if current is not None and current.account == account:
            values = {"expires_at": None if current.kind == "assigned" else expires}
            if kind == "claimed" and current.kind == "opened":
                values["kind"] = "claimed"
            conn.execute(update(review_claims).where(review_claims.c.dossier_id == dossier_id).values(**values))
            if values.get("kind"):
                self.store.audit.append(actor, "review.claimed", dossier_id, connection=conn, how=kind,
                                        expires_at=expires)
            return
        fresh = {"account": account, "kind": kind, "claimed_at": _iso(now), "expires_at": expires,
                 "assigned_by": None}
        if current is None:
            try:
                with conn.begin_nested():
                    conn.execute(insert(review_claims).values(dossier_id=dossier_id, **fresh))
            except IntegrityError:                   # another reviewer took it this instant
                return
        else:                                        # run out: taken over, if nobody was quicker
            taken = conn.execute(update(review_claims).where(
                review_claims.c.dossier_id == dossier_id, review_claims.c.account == current.account,
                review_claims.c.expires_at == row.expires_at).values(**fresh)).rowcount  # type: ignore[union-attr]
            if not taken:
                return
        self.store.audit.append(actor, "review.claimed", dossier_id, connection=conn, how=kind, expires_at=expires,
                                **({"after": current.account} if current is not None else {}))

    def _let_go(self, conn: Connection, account: str, actor: str, keep: str) -> None:
        gone = conn.execute(select(review_claims.c.dossier_id).where(
            review_claims.c.account == account, review_claims.c.kind == "opened",
            review_claims.c.dossier_id != keep)).scalars().all()
        for dossier_id in gone:
            conn.execute(delete(review_claims).where(review_claims.c.dossier_id == dossier_id,
                                                     review_claims.c.account == account))
            self.store.audit.append(actor, "review.released", dossier_id, connection=conn, why="moved_on")

    def release(self, dossier_id: str, account: str, actor: str, *, why: str = "released") -> bool:
        """Let the account's claim (or assignment) of the dossier go; False when it held none."""
        with self.store.engine.begin() as conn:
            gone = conn.execute(delete(review_claims).where(review_claims.c.dossier_id == dossier_id,
                                                            review_claims.c.account == account)).rowcount
            if gone:
                self.store.audit.append(actor, "review.released", dossier_id, connection=conn, why=why)
        if gone:
            self.store.audit.checkpoint()
        return bool(gone)

    def assign(self, dossier_id: str, account: str, actor: str, now: dt.datetime) -> Claim:
        """Assign the dossier to `account`: it is claimed for that account, without running
        out, and comes first in its order. Replaces whatever claim held the dossier."""
        with self.store.engine.begin() as conn:
            before = conn.execute(select(review_claims.c.account)
                                  .where(review_claims.c.dossier_id == dossier_id)).scalar_one_or_none()
            conn.execute(delete(review_claims).where(review_claims.c.dossier_id == dossier_id))
            conn.execute(insert(review_claims).values(dossier_id=dossier_id, account=account, kind="assigned",
                                                      claimed_at=_iso(now), expires_at=None, assigned_by=actor))
            # an item the assignee skipped before comes back into its order
            conn.execute(delete(review_skips).where(review_skips.c.account == account,
                                                    review_skips.c.dossier_id == dossier_id))
            self.store.audit.append(actor, "review.assigned", dossier_id, connection=conn, to=account,
                                    **({"after": before} if before and before != account else {}))
        self.store.audit.checkpoint()
        return Claim(dossier_id, account, "assigned", now, None)

    def skip(self, dossier_id: str, item_id: str, account: str, actor: str, now: dt.datetime) -> None:
        """Put the item at the end of the account's order and let the account's claim of its
        dossier go (an assignment too: the assignee declined it for now)."""
        with self.store.engine.begin() as conn:
            conn.execute(delete(review_skips).where(review_skips.c.account == account,
                                                    review_skips.c.dossier_id == dossier_id,
                                                    review_skips.c.item_id == item_id))
            conn.execute(insert(review_skips).values(account=account, dossier_id=dossier_id, item_id=item_id,
                                                     skipped_at=_iso(now)))
            released = conn.execute(delete(review_claims).where(review_claims.c.dossier_id == dossier_id,
                                                                review_claims.c.account == account)).rowcount
            self.store.audit.append(actor, "review.skipped", dossier_id, connection=conn, item=item_id,
                                    released=bool(released))
        self.store.audit.checkpoint()
