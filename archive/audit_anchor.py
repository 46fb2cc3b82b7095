"""The audit log's anchor: what catches entries cut off the END of the chain.

A hash chain shows an edited, removed or reordered entry anywhere before its
last entry, but deleting the last entries (or rewriting the whole chain with
fresh hashes, which needs no secret) leaves a chain that verifies. The anchor
closes both holes up to the moment it was set: it is the head (seq, hash)
sealed with the master key (AES-GCM, so nobody without the key can forge or
move it forward), kept in `catalog_meta`. `verify` then also demands that the
chain reaches the anchored seq and still holds the anchored hash there.

Limits (docs/after-sealing.md): entries appended after the last anchor can
still be cut from the end unnoticed; deleting the anchor row is reported as
"no anchor", not as tampering; someone who kept an older anchor blob can put it
back (a rollback to that point). Every command of this area re-anchors after
its own entry, and `fengcun audit verify` re-anchors after a clean check; the
anchor never moves away from evidence (an anchor the chain no longer honours stays).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select, update

from archive.audit import ChainCheck
from archive.catalog import audit_log, catalog_meta
from archive.database import insert_ignore
from archive.store import Store
from models.errors import KeyMaterialError

ANCHOR_ROW = "audit-anchor"
_CONTEXT = "audit-anchor"


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str


@dataclass(frozen=True)
class AuditVerdict:
    """The chain check plus what the anchor says; `ok` only when both agree."""

    chain: ChainCheck
    anchor: Anchor | None
    first_bad_seq: int | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None and self.reason is None


def read_anchor(store: Store) -> Anchor | None:
    """The sealed anchor, or None when none was set. A blob that does not open under this
    key is tampering (or a foreign key), never silently ignored."""
    with store.engine.connect() as conn:
        blob = conn.execute(select(catalog_meta.c.value)
                            .where(catalog_meta.c.name == ANCHOR_ROW)).scalar_one_or_none()
    if blob is None:
        return None
    body = json.loads(store.key.open(blob, _CONTEXT))
    return Anchor(int(body["seq"]), str(body["hash"]))


def set_anchor(store: Store) -> Anchor | None:
    """Seal the current head as the anchor; None for an empty log. The anchor only moves
    forward from an anchor the chain still honours: a tampered anchor, or a chain that no
    longer holds the anchored entry, is left as evidence for `verify` instead of being
    papered over by the next append."""
    try:
        current = read_anchor(store)
    except KeyMaterialError:
        return None
    last = _last_seq(store)
    head = next(store.audit.entries(since_seq=last - 1), None) if last else None
    if head is None:
        return current
    if current is not None:
        at = next(store.audit.entries(since_seq=current.seq - 1), None)
        if current.seq >= head.seq or at is None or (at.seq, at.hash) != (current.seq, current.hash):
            return current
    anchor = Anchor(head.seq, head.hash)
    blob = store.key.seal(json.dumps({"seq": anchor.seq, "hash": anchor.hash}).encode(), _CONTEXT)
    with store.engine.begin() as conn:
        insert_ignore(conn, catalog_meta, {"name": ANCHOR_ROW, "value": blob})
        conn.execute(update(catalog_meta).where(catalog_meta.c.name == ANCHOR_ROW).values(value=blob))
    return anchor


def _last_seq(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.max(audit_log.c.seq))).scalar() or 0)


def verify(store: Store) -> AuditVerdict:
    """The whole chain, then the anchor: the first bad seq and why, or ok."""
    chain = store.audit.verify()
    try:
        anchor = read_anchor(store)
    except KeyMaterialError:
        return AuditVerdict(chain, None, chain.first_bad_seq,
                            "the audit anchor does not open under this master key: it was altered")
    if not chain.ok:
        return AuditVerdict(chain, anchor, chain.first_bad_seq, chain.reason)
    if anchor is None:
        return AuditVerdict(chain, None, None, None)
    if chain.entries < anchor.seq:
        return AuditVerdict(chain, anchor, chain.entries + 1,
                            f"entries removed from the end: the anchor vouches for {anchor.seq}, "
                            f"the log holds {chain.entries}")
    at = next(store.audit.entries(since_seq=anchor.seq - 1), None)
    if at is None or at.hash != anchor.hash:
        return AuditVerdict(chain, anchor, anchor.seq,
                            "the chain was rewritten: the anchored entry's hash differs")
    return AuditVerdict(chain, anchor, None, None)


def append_anchored(store: Store, actor: str, action: str, dossier_id: str | None = None,
                    **detail: object) -> None:
    """Append an entry and move the anchor onto it: for accesses to sealed material that
    must never disappear from the end of the log unnoticed (inquiries, releases, unsealing)."""
    store.audit.append(actor, action, dossier_id, **detail)
    set_anchor(store)
