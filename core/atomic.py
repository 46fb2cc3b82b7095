"""Writing outputs so that a crash leaves either the whole file or nothing.

Every output goes to `.tmp-<random>` in the destination directory, is fsynced
and then renamed over its final name (one filesystem, so `os.replace` is
atomic). A process killed midway leaves only `.tmp-*` files, which
`cleanup_temp` removes on the next start. Sealed material is encrypted before
its first byte reaches a temporary file, so even a leftover is ciphertext.

What a store holds is its owner's alone: files 0600 and folders 0700, set with
chmod after creation so the umask cannot widen (or narrow) them. `make_private_dir`
and `make_private` are the store's one way to get there.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

TEMP_PREFIX = ".tmp-"
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def make_private_dir(path: Path) -> Path:
    """Create `path` and any missing parents as folders only their owner can enter (0700);
    folders that exist already are left as they are."""
    missing = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue                       # made meanwhile by another process: its mode is its own
        os.chmod(folder, PRIVATE_DIR)
    return path


def make_private(path: Path) -> None:
    """Make `path` its owner's alone: a file 0600; a folder 0700 with everything in it."""
    if path.is_symlink():
        return
    if not path.is_dir():
        os.chmod(path, PRIVATE_FILE)
        return
    os.chmod(path, PRIVATE_DIR)
    for folder, dirs, files in os.walk(path):
        for name in dirs:
            if not os.path.islink(os.path.join(folder, name)):
                os.chmod(os.path.join(folder, name), PRIVATE_DIR)
        for name in files:
            if not os.path.islink(os.path.join(folder, name)):
                os.chmod(os.path.join(folder, name), PRIVATE_FILE)


def write_atomic(path: Path, data: bytes, mode: int = PRIVATE_FILE) -> Path:
    """Write to a private temporary sibling, fsync it, rename it over `path` and fsync the
    directory: readers see the old file or the new one, never a torn one, and the rename
    survives a power cut. The one atomic write of the project (the store uses it too).
    The file gets exactly `mode`; missing folders are made private (`make_private_dir`)."""
    make_private_dir(path.parent)
    tmp = path.parent / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        os.fchmod(fd, mode)
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
