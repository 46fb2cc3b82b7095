"""File-system helpers for a store that a killed process must never leave half-written."""
from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """The dossier id: SHA-256 of the file's bytes, read in chunks (archives hold GB-sized scans)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_name(target: Path) -> Path:
    """A sibling name the sweep recognises as debris (`.tmp-` prefix) should we die before the rename."""
    return target.with_name(f".tmp-{target.name}.{os.getpid()}.{secrets.token_hex(4)}")


def atomic_write_bytes(target: Path, data: bytes, mode: int = 0o600) -> None:
    """Write to a temporary sibling, fsync, rename over `target`: readers see the old
    file or the new one, never a torn one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def atomic_write_text(target: Path, text: str, mode: int = 0o600) -> None:
    atomic_write_bytes(target, text.encode("utf-8"), mode)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
