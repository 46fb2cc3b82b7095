"""The file store: staging space and the published outputs of each dossier.

Layout under the store directory:
    outputs/ab/<dossier_id>/ sealed PDFs, redacted copies, notices of one dossier
    tmp/                     staging: <host>-<pid>-<id12>-<rand>/ per dossier in progress

A dossier's outputs are written into a staging directory, renamed into
`outputs/` in one step, and only then committed to the catalog; a process killed
anywhere leaves either nothing or debris that `sweep()` recognises (a staging
directory of a dead process, or an outputs directory the catalog does not
claim). Originals are only ever read. Directories are named by dossier id, never
by a party.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import shutil
import socket
from collections.abc import Iterator, Mapping
from pathlib import Path

from archive.fsutil import pid_alive
from archive.records import DONE_STATES, PROCESSING, Claim
from core.atomic import PRIVATE_DIR, fsync_dir, make_private, make_private_dir


class FileStore:
    """The outputs and staging directories under one store root."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def output_dir(self, dossier_id: str) -> Path:
        """Where a dossier's outputs live: named by id, never by a party."""
        return self.root / "outputs" / dossier_id[:2] / dossier_id

    def relpath(self, path: Path | str) -> str:
        """A path as the record stores it: relative to the store root, with forward slashes."""
        return Path(path).absolute().relative_to(self.root).as_posix()

    @contextlib.contextmanager
    def staging(self, dossier_id: str) -> Iterator[Path]:
        """A fresh private directory for one dossier's outputs; removed if the block fails.
        Pass it to `publish` inside the block to make the outputs final."""
        path = self.root / "tmp" / f"{socket.gethostname()}-{os.getpid()}-{dossier_id[:12]}-" \
                                   f"{secrets.token_hex(4)}"
        path.mkdir(mode=PRIVATE_DIR)
        os.chmod(path, PRIVATE_DIR)
        try:
            yield path
        finally:
            if path.exists():
                shutil.rmtree(path)

    def publish(self, staged: Path, dossier_id: str) -> Path:
        """Move a staged directory to the dossier's outputs in one rename, replacing what an
        interrupted earlier attempt left there. Whatever wrote the files, they are published
        as their owner's alone (0600, folders 0700)."""
        final = self.output_dir(dossier_id)
        make_private(staged)
        make_private_dir(final.parent)
        self.withdraw(dossier_id)
        os.rename(staged, final)
        fsync_dir(final.parent)
        return final

    def withdraw(self, dossier_id: str) -> bool:
        """Take a dossier's published outputs away in one rename (then delete them), e.g. when
        a new decision's outputs failed the leak check: the old ones came from an older decision.
        Returns whether there was anything to withdraw."""
        final = self.output_dir(dossier_id)
        if not final.exists():
            return False
        doomed = self.root / "tmp" / f"{socket.gethostname()}-{os.getpid()}-old-{secrets.token_hex(4)}"
        os.rename(final, doomed)
        fsync_dir(final.parent)
        shutil.rmtree(doomed)
        return True

    def sweep(self, claims: Mapping[str, Claim],
              stale_after: dt.timedelta = dt.timedelta(hours=6)) -> int:
        """Remove debris of killed processes: this host's staging directories whose process
        is gone (other hosts' when older than `stale_after`), and outputs directories whose
        dossier `claims` (the catalog's, archive.records.Records.claims) does not hold as done.
        Returns how many entries were removed."""
        removed = 0
        host = socket.gethostname()
        cutoff = dt.datetime.now().timestamp() - stale_after.total_seconds()
        for entry in sorted((self.root / "tmp").iterdir()):
            pid = _pid_of(entry.name)
            mine = entry.name.startswith(f"{host}-")
            if (mine and pid is not None and pid != os.getpid() and not pid_alive(pid)) or \
                    (not mine and entry.stat().st_mtime < cutoff):
                _remove(entry)
                removed += 1
        for shard in sorted((self.root / "outputs").iterdir()):
            for entry in sorted(shard.iterdir()) if shard.is_dir() else []:
                claim = claims.get(entry.name)
                if claim is not None and claim.state in DONE_STATES:
                    if entry.name.startswith(".tmp-"):
                        _remove(entry)
                        removed += 1
                    continue
                if claim is not None and claim.state == PROCESSING and _claim_alive(claim.claimed_by):
                    continue
                _remove(entry)
                removed += 1
        return removed


def _pid_of(name: str) -> int | None:
    """The pid in `<host>-<pid>-...`: the first all-digit dash-separated part after the host."""
    host = socket.gethostname()
    if not name.startswith(f"{host}-"):
        return None
    part = name[len(host) + 1:].split("-", 1)[0]
    return int(part) if part.isdigit() else None


def _claim_alive(claimed_by: str | None) -> bool:
    if not claimed_by:
        return False
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname():
        return True          # another machine's worker: leave its files alone
    return pid.isdigit() and int(pid) != os.getpid() and pid_alive(int(pid))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
