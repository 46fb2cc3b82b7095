"""The audit log: append-only and hash-chained, in the catalog database.

Every access to sealed material is recorded (Measures art. 10, "every access is
recorded"). Entry n stores `prev_hash` = hash of entry n-1 (64 zeros for the
first) and `hash` = SHA-256 of the canonical JSON of its own fields including
`prev_hash`, so deleting, reordering or editing any entry breaks the chain from
that point on and `verify()` names the first missing or altered `seq`. What
vouches for the end of the chain lives in archive.audit_anchor: `Store.open`
sets `witness` to its `set_anchor`, which every append calls once committed. Details carry ids,
counts and hashes only: a string with CJK characters is refused outright,
because names, addresses and schools in the archive are written in them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from archive.catalog import audit_log, catalog_meta

GENESIS = "0" * 64
_LOCK_ROW = "audit-lock"
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")
Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str
    actor: str
    action: str
    dossier_id: str | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "ts": self.ts, "actor": self.actor, "action": self.action,
                "dossier_id": self.dossier_id, "detail": self.detail,
                "prev_hash": self.prev_hash, "hash": self.hash}


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    reason: str | None = None


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(seq: int, ts: str, actor: str, action: str, dossier_id: str | None,
               detail: dict[str, Any], prev_hash: str) -> str:
    """The one definition of an entry's hash; `fengcun audit verify` recomputes it."""
    body = {"seq": seq, "ts": ts, "actor": actor, "action": action, "dossier_id": dossier_id,
            "detail": detail, "prev_hash": prev_hash}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def _check_clean(where: str, value: Any) -> None:
    if isinstance(value, str):
        if _CJK.search(value):
            raise ValueError(f"audit {where} must carry ids, counts and hashes only, not text in CJK")
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_clean(where, k)
            _check_clean(f"{where}.{k}", v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_clean(where, v)
    elif not isinstance(value, (int, float, bool)) and value is not None:
        raise ValueError(f"audit {where}: {type(value).__name__} is not a JSON scalar, list or dict")


class AuditLog:
    """Append and verify; reached as `Store.audit`."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.witness: Callable[[], object] | None = None

    def checkpoint(self) -> None:
        """Move the witnesses of the chain's head (archive.audit_anchor.set_anchor) onto the
        newest committed entry; callers of `append(connection=…)` call it after their commit."""
        if self.witness is not None:
            self.witness()

    def append(self, actor: str, action: str, dossier_id: str | None = None, *,
               connection: Connection | None = None, **detail: Any) -> AuditEntry:
        """Add one entry. Pass `connection` to make the entry part of the caller's
        transaction (it then commits or rolls back with the change it records);
        appenders are serialised by a lock row so the chain never forks. An entry appended
        on its own is witnessed (`checkpoint`) as soon as it is committed."""
        _check_clean("actor", actor)
        _check_clean("action", action)
        _check_clean("dossier_id", dossier_id)
        _check_clean("detail", detail)
        detail = json.loads(canonical(detail))   # exactly what verify() will read back
        if connection is not None:
            return self._append(connection, actor, action, dossier_id, detail)
        with self._engine.begin() as conn:
            entry = self._append(conn, actor, action, dossier_id, detail)
        self.checkpoint()
        return entry

    def _append(self, conn: Connection, actor: str, action: str, dossier_id: str | None,
                detail: dict[str, Any]) -> AuditEntry:
        conn.execute(update(catalog_meta).where(catalog_meta.c.name == _LOCK_ROW)
                     .values(value=catalog_meta.c.value))
        last = conn.execute(select(audit_log.c.seq, audit_log.c.hash)
                            .order_by(audit_log.c.seq.desc()).limit(1)).first()
        seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS)
        ts = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
        digest = entry_hash(seq, ts, actor, action, dossier_id, detail, prev)
        conn.execute(audit_log.insert().values(seq=seq, ts=ts, actor=actor, action=action,
                                               dossier_id=dossier_id, detail=canonical(detail),
                                               prev_hash=prev, hash=digest))
        return AuditEntry(seq, ts, actor, action, dossier_id, detail, prev, digest)

    def entries(self, *, since_seq: int = 0, dossier_id: str | None = None) -> Iterator[AuditEntry]:
        query = select(audit_log).where(audit_log.c.seq > since_seq).order_by(audit_log.c.seq)
        if dossier_id is not None:
            query = query.where(audit_log.c.dossier_id == dossier_id)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        for r in rows:
            yield AuditEntry(r.seq, r.ts, r.actor, r.action, r.dossier_id, json.loads(r.detail),
                             r.prev_hash, r.hash)

    def verify(self) -> ChainCheck:
        """Walk the whole chain: seq without gaps, each prev_hash the previous hash,
        each hash recomputed from the entry. A gap names the first missing seq."""
        prev, expected_seq, count = GENESIS, 1, 0
        for e in self.entries():
            if e.seq != expected_seq:
                return ChainCheck(False, count, expected_seq,
                                  f"entry {expected_seq} is missing (the next one is {e.seq})")
            if e.prev_hash != prev:
                return ChainCheck(False, count, e.seq, "prev_hash does not match the previous entry")
            if entry_hash(e.seq, e.ts, e.actor, e.action, e.dossier_id, e.detail, e.prev_hash) != e.hash:
                return ChainCheck(False, count, e.seq, "entry was altered (hash mismatch)")
            prev, expected_seq, count = e.hash, expected_seq + 1, count + 1
        return ChainCheck(True, count)
