"""`fengcun keys init|show-id`: the key is created once, never printed, never overwritten."""
from __future__ import annotations

import base64
import stat

from core.keys import ENV_KEY, MasterKey
from flows.cli import main
from models.errors import ExitCode


def test_init_then_show_id(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(ENV_KEY, raising=False)
    path = tmp_path / "conf" / "master.key"
    assert main(["keys", "init", "--key-file", str(path)]) == ExitCode.ok
    created = capsys.readouterr().out
    key_text = path.read_text().strip()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert key_text not in created
    key_id = MasterKey.load(path).key_id
    assert key_id in created
    assert main(["keys", "show-id", "--key-file", str(path)]) == ExitCode.ok
    assert capsys.readouterr().out.strip() == key_id


def test_init_never_overwrites(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(ENV_KEY, raising=False)
    path = tmp_path / "master.key"
    main(["keys", "init", "--key-file", str(path)])
    before = path.read_bytes()
    assert main(["keys", "init", "--key-file", str(path)]) == ExitCode.key_error
    assert "never overwrites" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_show_id_uses_the_environment_key_first(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(ENV_KEY, base64.b64encode(b"\x02" * 32).decode())
    assert main(["keys", "show-id", "--key-file", str(tmp_path / "absent.key")]) == ExitCode.ok
    assert capsys.readouterr().out.strip() == MasterKey(b"\x02" * 32).key_id
