"""The master key: the one secret an archive must back up.

Everything sealed at rest — each sealed PDF's password, the catalog's personal
fields, stored decision records — is encrypted with AES-256-GCM under this key,
with a context string as associated data so a blob cannot be moved to another
purpose or dossier and still open. The key comes from the environment
(`FENGCUN_MASTER_KEY`, base64 of 32 bytes) or from a key file created with
0600 permissions by `fengcun keys init`. Neither the key nor any password it
wraps is ever logged or put into an exception message.
"""
from __future__ import annotations

import base64
import hashlib
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.atomic import PRIVATE_FILE, make_private_dir
from models.errors import KeyMaterialError

ENV_KEY = "FENGCUN_MASTER_KEY"
ENV_KEY_FILE = "FENGCUN_KEY_FILE"
_NONCE = 12
_VERSION = b"\x01"


def default_key_file() -> Path:
    env = os.environ.get(ENV_KEY_FILE)
    if env:
        return Path(env)
    config = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    return config / "fengcun" / "master.key"


class MasterKey:
    """AES-256-GCM under one 32-byte key; `key_id` names it without revealing it."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise KeyMaterialError("the master key must be 32 bytes (base64 of 32 random bytes)")
        self._aead = AESGCM(key)
        self._key = key
        self.key_id = hashlib.sha256(b"fengcun-key-id" + key).hexdigest()[:16]

    def __repr__(self) -> str:
        return f"MasterKey({self.key_id})"

    @classmethod
    def load(cls, key_file: Path | None = None) -> MasterKey:
        """The key from FENGCUN_MASTER_KEY, else from `key_file`, else from the default file."""
        env = os.environ.get(ENV_KEY)
        if env:
            try:
                return cls(base64.b64decode(env, validate=True))
            except ValueError:
                raise KeyMaterialError(f"{ENV_KEY} is not valid base64 of 32 bytes") from None
        return cls.from_file(key_file or default_key_file())

    @classmethod
    def from_file(cls, path: Path) -> MasterKey:
        """The key in the file at `path`, whatever the environment says (a rotation reads
        the new key this way while the old one is in use)."""
        try:
            raw = path.read_text().strip()
        except FileNotFoundError:
            raise KeyMaterialError(
                f"no master key at {path}: run `fengcun keys init` (or restore the key file from backup)"
            ) from None
        except OSError as exc:
            raise KeyMaterialError(f"cannot read the master key file {path}: {exc.strerror}") from None
        try:
            return cls(base64.b64decode(raw, validate=True))
        except ValueError:
            raise KeyMaterialError(f"{path} does not hold a valid master key") from None

    @classmethod
    def create(cls, key_file: Path) -> MasterKey:
        """Write a new random key readable by its owner only; refuse to overwrite one."""
        make_private_dir(key_file.parent)
        key = secrets.token_bytes(32)
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
            os.fchmod(fd, PRIVATE_FILE)
        except FileExistsError:
            raise KeyMaterialError(
                f"{key_file} already exists; fengcun never overwrites a master key (it would make "
                "everything sealed with it unreadable)"
            ) from None
        with os.fdopen(fd, "w") as fh:
            fh.write(base64.b64encode(key).decode() + "\n")
        return cls(key)

    def seal(self, plaintext: bytes, context: str) -> bytes:
        """Encrypt; `context` (e.g. "sealed-pdf-password:<dossier_id>") is bound as associated data."""
        nonce = secrets.token_bytes(_NONCE)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, context.encode())

    def derive(self, purpose: str) -> bytes:
        """A 32-byte sub-key for one purpose (HKDF-SHA256 with `purpose` as info): a MAC key
        must not be the encryption key itself, and a sub-key of one purpose opens nothing else."""
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                    info=f"fengcun:{purpose}".encode()).derive(self._key)

    def open(self, blob: bytes, context: str) -> bytes:
        if not blob.startswith(_VERSION) or len(blob) < 1 + _NONCE + 16:
            raise KeyMaterialError("encrypted value is malformed")
        nonce, body = blob[1:1 + _NONCE], blob[1 + _NONCE:]
        try:
            return self._aead.decrypt(nonce, body, context.encode())
        except InvalidTag:
            raise KeyMaterialError(
                "cannot decrypt: wrong master key, or the value was altered or belongs elsewhere"
            ) from None


def new_file_password() -> str:
    """A random password for one sealed file (256 bits, URL-safe text)."""
    return secrets.token_urlsafe(32)


def new_pdf_password() -> str:
    """A random password for one sealed PDF: 32 URL-safe characters (192 bits).

    Longer is not safer in practice and breaks readers: Poppler (evince, okular,
    pdftoppm 22.x) uses only the first 32 bytes of an AES-256 (R6) password, so a
    43-character `new_file_password()` opens in qpdf and PDFium but not there.
    """
    return secrets.token_urlsafe(24)
