"""The master key: real AES-GCM, real files, real permissions."""
from __future__ import annotations

import base64
import stat

import pytest

from core.keys import ENV_KEY, MasterKey
from models.errors import KeyMaterialError


def test_create_writes_owner_only_file_and_refuses_overwrite(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_KEY, raising=False)
    path = tmp_path / "k" / "master.key"
    key = MasterKey.create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert MasterKey.load(path).key_id == key.key_id
    with pytest.raises(KeyMaterialError, match="never overwrites"):
        MasterKey.create(path)


def test_seal_binds_context_and_detects_tampering(tmp_path):
    key = MasterKey.create(tmp_path / "master.key")
    blob = key.seal(b"secret", "sealed-pdf-password:abc")
    assert b"secret" not in blob
    assert key.open(blob, "sealed-pdf-password:abc") == b"secret"
    with pytest.raises(KeyMaterialError):
        key.open(blob, "sealed-pdf-password:other")
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(KeyMaterialError):
        key.open(tampered, "sealed-pdf-password:abc")


def test_environment_key_wins_and_wrong_key_fails(tmp_path, monkeypatch):
    file_key = MasterKey.create(tmp_path / "master.key")
    blob = file_key.seal(b"x", "ctx")
    monkeypatch.setenv(ENV_KEY, base64.b64encode(b"\x01" * 32).decode())
    env_key = MasterKey.load(tmp_path / "master.key")
    assert env_key.key_id != file_key.key_id
    with pytest.raises(KeyMaterialError, match="wrong master key"):
        env_key.open(blob, "ctx")


def test_missing_key_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_KEY, raising=False)
    with pytest.raises(KeyMaterialError, match="fengcun keys init"):
        MasterKey.load(tmp_path / "absent.key")
