"""Writing outputs so that a crash leaves either the whole file or nothing.

Every output goes to `.tmp-<random>` in the destination directory, is fsynced
and then renamed over its final name (one filesystem, so `os.replace` is
atomic). A process killed midway leaves only `.tmp-*` files, which
`cleanup_temp` removes on the next start. Sealed material is encrypted before
its first byte reaches a temporary file, so even a leftover is ciphertext.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

TEMP_PREFIX = ".tmp-"


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> Path:
    """Write to a private temporary sibling, fsync it, rename it over `path` and fsync the
    directory: readers see the old file or the new one, never a torn one, and the rename
    survives a power cut. The one atomic write of the project (the store uses it too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    return path


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def cleanup_temp(directory: Path) -> int:
    """Remove temporary files a killed run left in `directory` (recursively); returns how many."""
    if not directory.is_dir():
        return 0
    removed = 0
    for leftover in directory.rglob(f"{TEMP_PREFIX}*"):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed
