"""What vouches for the audit log's completeness: the anchor and the checkpoint file.

A hash chain shows an edited, removed or reordered entry anywhere before its last
entry, but deleting the last entries, deleting every entry, or rewriting the whole
chain with fresh hashes (which needs no secret) leaves a chain that verifies. Two
witnesses of the chain's head close those holes, up to the last time they moved:

- the anchor: the head (seq, hash) sealed with the master key (AES-GCM) in
  `catalog_meta`, so nobody without the key can forge it or move it forward;
- the checkpoint file `STORE/audit-checkpoints.jsonl`, outside the catalog: one line
  per move of the head, `{"seq", "hash", "ts", "key", "mac"}`, the MAC an HMAC-SHA256
  under a sub-key of the master key (`MasterKey.derive`). Lines are only ever
  appended (and fsynced); someone who can rewrite the catalog but not this file
  cannot hide what happened before its newest line. The operator backs it up with
  the key (or marks it append-only, `chattr +a`).

`set_anchor` moves both, and is what `AuditLog.append` calls after every entry it
commits (`Store.open` wires it), so every writer moves them: the commands, the
flows and the review app. It never moves over evidence: when the chain no longer
holds the anchored or the newest checkpointed entry, when the anchor row is gone
while checkpoints exist, or when the file is gone while the anchor exists, it
leaves everything as it is for `verify`. Entries written inside another
transaction (`append(connection=…)`) are witnessed by the next move: the next
entry, the end of a batch, or `fengcun audit verify`.

`verify` demands that the chain reaches the newest checkpoint and holds every
checkpointed (seq, hash) and the anchored one. Limits (README, Security): entries
after the newest checkpoint can still be cut unnoticed if the checkpoint file is
rolled back with them; whoever holds the master key can forge both witnesses.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, select, update

from archive.audit import ChainCheck, canonical
from archive.catalog import audit_log, catalog_meta
from archive.database import insert_ignore
from core.atomic import PRIVATE_FILE, fsync_dir, write_atomic
from core.keys import MasterKey
from models.errors import KeyMaterialError, StoreError

if TYPE_CHECKING:
    from archive.store import Store

ANCHOR_ROW = "audit-anchor"
CHECKPOINTS = "audit-checkpoints.jsonl"
_CONTEXT = "audit-anchor"
_MAC_PURPOSE = "audit-checkpoint"
_LOCK_ROW = "audit-lock"
_TAIL = 64 * 1024            # bytes read from the file's end to find its newest line


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str


@dataclass(frozen=True)
class AuditVerdict:
    """The chain check plus what the witnesses say. `first_bad_seq` is the first entry that
    is missing or altered, when one can be named; `reason` says what is wrong in words."""

    chain: ChainCheck
    anchor: Anchor | None
    checkpoint: Anchor | None          # the newest checkpoint
    first_bad_seq: int | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None and self.reason is None


class CheckpointError(StoreError):
    """A line of the checkpoint file that is not what `set_anchor` wrote (says which, in words)."""

    fix = "run `fengcun audit verify`, and compare the checkpoint file with its backup"


def checkpoint_path(store: Store) -> Path:
    return store.root / CHECKPOINTS


def read_anchor(store: Store, conn: Connection | None = None) -> Anchor | None:
    """The sealed anchor, or None when none was set. A blob that does not open under this
    key is tampering (or a foreign key), never silently ignored: KeyMaterialError."""
    query = select(catalog_meta.c.value).where(catalog_meta.c.name == ANCHOR_ROW)
    if conn is None:
        with store.engine.connect() as own:
            blob = own.execute(query).scalar_one_or_none()
    else:
        blob = conn.execute(query).scalar_one_or_none()
    if blob is None:
        return None
    body = json.loads(store.key.open(bytes(blob), _CONTEXT))
    return Anchor(int(body["seq"]), str(body["hash"]))


def _mac(key: MasterKey, body: dict[str, object]) -> str:
    return hmac.new(key.derive(_MAC_PURPOSE), canonical(body).encode(), hashlib.sha256).hexdigest()


def checkpoint_line(key: MasterKey, seq: int, digest: str, ts: str) -> bytes:
    """One signed line of the checkpoint file."""
    body: dict[str, object] = {"seq": seq, "hash": digest, "ts": ts, "key": key.key_id}
    return (canonical({**body, "mac": _mac(key, body)}) + "\n").encode()


def _parse_line(key: MasterKey, line: bytes, number: int | None) -> Anchor | None:
    """The checkpoint of one line; None for a line that is not JSON at all: a write cut by a
    crash (dropping a line gains nothing: whoever can write the file can delete lines)."""
    where = f"line {number}" if number is not None else "a line near its end"
    try:
        body = json.loads(line)
    except ValueError:
        return None
    try:
        mac = body.pop("mac")
        seq, digest, key_id = int(body["seq"]), str(body["hash"]), str(body["key"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise CheckpointError(f"{where} of {CHECKPOINTS} is damaged") from None
    if key_id != key.key_id:
        raise CheckpointError(f"{where} of {CHECKPOINTS} is signed by another master key "
                              f"({key_id}); finish `fengcun keys rotate`, or use the key it names")
    if not isinstance(mac, str) or not hmac.compare_digest(mac, _mac(key, body)):
        raise CheckpointError(f"{where} of {CHECKPOINTS} was altered (its signature does not match)")
    return Anchor(seq, digest)


def read_checkpoints(store: Store, *, tail_only: bool = False) -> list[Anchor] | None:
    """The checkpoints in the file, each signature checked (CheckpointError otherwise); None
    when there is no file. A last line without its newline is a write cut by a crash and is
    left out. With `tail_only`, only the lines in the file's last 64 KiB (enough for the newest)."""
    path = checkpoint_path(store)
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            start = max(0, size - _TAIL) if tail_only else 0
            fh.seek(start)
            data = fh.read()
    except FileNotFoundError:
        return None
    lines = data.split(b"\n")[:-1]            # the part after the last newline is unfinished
    if start > 0 and lines:
        lines = lines[1:]                     # began mid-line
    points = (_parse_line(store.key, line, None if start else n) for n, line in enumerate(lines, 1))
    return [p for p in points if p is not None]


def _entry_hash_at(conn: Connection, seq: int) -> str | None:
    return conn.execute(select(audit_log.c.hash).where(audit_log.c.seq == seq)).scalar_one_or_none()


def set_anchor(store: Store) -> Anchor | None:
    """Move the anchor and the checkpoint file onto the chain's head; returns the anchor
    now in force (None when nothing could be witnessed). Serialised with appenders by the
    audit lock row, so the head read is the head written and the file's lines grow in order.
    Leaves everything alone over evidence of tampering (see the module's docstring), and
    when no master key is at hand."""
    try:
        with store.engine.begin() as conn:
            conn.execute(update(catalog_meta).where(catalog_meta.c.name == _LOCK_ROW)
                         .values(value=catalog_meta.c.value))
            checkpoints = read_checkpoints(store, tail_only=True)
            current = read_anchor(store, conn)
            newest = max(checkpoints, key=lambda c: c.seq) if checkpoints else None
            if not _honoured(conn, current, newest, file_exists=checkpoints is not None):
                return current
            head = conn.execute(select(audit_log.c.seq, audit_log.c.hash, audit_log.c.ts)
                                .order_by(audit_log.c.seq.desc()).limit(1)).first()
            if head is None or (current is not None and current.seq >= head.seq
                                and newest is not None and newest.seq >= head.seq):
                return current
            anchor = Anchor(head.seq, head.hash)
            blob = store.key.seal(json.dumps({"seq": anchor.seq, "hash": anchor.hash}).encode(), _CONTEXT)
            insert_ignore(conn, catalog_meta, {"name": ANCHOR_ROW, "value": blob})
            conn.execute(update(catalog_meta).where(catalog_meta.c.name == ANCHOR_ROW).values(value=blob))
            _append_line(checkpoint_path(store), checkpoint_line(store.key, head.seq, head.hash, head.ts))
    except (KeyMaterialError, CheckpointError):
        return None
    return anchor


def _honoured(conn: Connection, anchor: Anchor | None, newest: Anchor | None, *, file_exists: bool) -> bool:
    """Whether the witnesses agree with the chain, so that moving them forward hides nothing."""
    if newest is not None and anchor is None:
        return False                                   # the anchor row was deleted
    if anchor is not None and not file_exists:
        return False                                   # the checkpoint file was deleted
    return all(_entry_hash_at(conn, w.seq) == w.hash for w in (anchor, newest) if w is not None)


def _append_line(path: Path, line: bytes) -> None:
    """Append one line in a single write and make it durable; the file is made owner-only.
    After a write cut by a crash, the new line starts on a line of its own."""
    created = not path.exists()
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
    try:
        if created:
            os.fchmod(fd, PRIVATE_FILE)
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        fsync_dir(path.parent)


def verify(store: Store) -> AuditVerdict:
    """The whole chain, then both witnesses: the first missing or altered entry and why, or ok."""
    chain = store.audit.verify()
    try:
        checkpoints = read_checkpoints(store)
    except CheckpointError as exc:
        return AuditVerdict(chain, None, None, chain.first_bad_seq, f"the checkpoint file is not intact: {exc}")
    newest = max(checkpoints, key=lambda c: c.seq) if checkpoints else None
    try:
        anchor = read_anchor(store)
    except KeyMaterialError:
        return AuditVerdict(chain, None, newest, chain.first_bad_seq,
                            "the audit anchor in the catalog does not open under this master key: "
                            "it was altered (or the key is not this store's)")

    def bad(seq: int | None, reason: str | None) -> AuditVerdict:
        return AuditVerdict(chain, anchor, newest, seq, reason)

    if not chain.ok:
        return bad(chain.first_bad_seq, chain.reason or "the chain is broken")
    hashes = {e.seq: e.hash for e in store.audit.entries()}
    witnessed = sorted({*(checkpoints or []), *([anchor] if anchor else [])}, key=lambda w: w.seq)
    for w in witnessed:
        if w.seq <= chain.entries and hashes.get(w.seq) != w.hash:
            return bad(w.seq, "the chain was rewritten: this entry's hash differs from the one "
                              "the checkpoint file or the anchor vouches for")
    vouched = max((w.seq for w in witnessed), default=0)
    if chain.entries < vouched:
        return bad(chain.entries + 1, f"entries removed: the checkpoint file or the anchor vouches for "
                                      f"{vouched} entries, the log holds {chain.entries}")
    if newest is not None and anchor is None:
        return bad(None, "the audit anchor was deleted from the catalog, while the checkpoint file "
                         f"vouches for {newest.seq} entries")
    if anchor is not None and checkpoints is None:
        return bad(None, f"the checkpoint file {CHECKPOINTS} is missing while the catalog holds an "
                         "anchor: restore it from the backup")
    return bad(None, None)


def resign_checkpoints(store: Store, old: MasterKey, new: MasterKey) -> int:
    """Sign the checkpoint file anew under `new` (a key rotation); returns how many lines
    changed. Lines `new` signed already are kept, so an interrupted rotation finishes by
    running again; a line neither key signed stops it (CheckpointError): that is evidence."""
    path = checkpoint_path(store)
    if not path.exists():
        return 0
    out: list[bytes] = []
    changed = 0
    for n, line in enumerate(path.read_bytes().split(b"\n")[:-1], 1):
        try:
            if _parse_line(new, line, n) is not None:
                out.append(line + b"\n")
                continue
        except CheckpointError:
            pass
        point = _parse_line(old, line, n)
        if point is not None:
            out.append(checkpoint_line(new, point.seq, point.hash, str(json.loads(line)["ts"])))
        changed += 1
    if changed:
        write_atomic(path, b"".join(out))
    return changed
