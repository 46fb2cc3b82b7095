"""Every quarantined or unreadable file is named to the operator in the terminal with its
cause and its fix, listed by `fengcun status` until it is processed, and never named to
Prefect or to a log: the real CLI, real PDFs, a real Prefect server and a real catalog."""
from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import httpx
import pikepdf
import pytest

from archive import DONE_STATES, FAILED, Store, file_sha256
from flows.cli import main
from models.errors import ExitCode, UnreadableFileError

RESOURCES = Path(__file__).parents[1] / "resources"
GOOD = RESOURCES / "judgment.pdf"
pytestmark = pytest.mark.slow


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def prefect_texts(prefect_server: dict[str, str]) -> str:
    """Everything the Prefect server holds that could carry a name: flow runs (parameters,
    names), task runs, logs and artifacts."""
    api = prefect_server["PREFECT_API_URL"]
    newest = {"flow_runs": "ID_DESC", "task_runs": "ID_DESC", "logs": "TIMESTAMP_DESC", "artifacts": "ID_DESC"}
    return "".join(httpx.post(f"{api}/{what}/filter", json={"limit": 200, "offset": 0, "sort": sort})
                   .raise_for_status().text for what, sort in newest.items())


def test_a_quarantined_file_is_named_with_its_cause_and_fix_until_it_is_replaced(
        tmp_path, master_key, prefect_server, capsys, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    archive = tmp_path / "in"
    archive.mkdir()
    locked = archive / "张小明-加密.pdf"
    with pikepdf.open(GOOD) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="user-secret", owner="owner-secret", R=6))
    store_dir = tmp_path / "store"

    code, out = run(capsys, "process", str(archive), "--store", str(store_dir), "--create")
    assert code == ExitCode.input_file
    assert f"quarantined: {locked}" in out
    assert "cause: password-protected" in out
    assert "fix: replace the file at this path with a readable copy" in out

    code, out = run(capsys, "status", "--store", str(store_dir))
    assert code == 0 and "quarantine (1):" in out
    assert f"quarantined: {locked}" in out and "password-protected" in out and "fix: " in out

    code, out = run(capsys, "process", str(archive), "--store", str(store_dir))   # still there
    assert "already in store" in out and f"quarantined: {locked}" in out

    assert locked.name not in prefect_texts(prefect_server)
    assert locked.name not in caplog.text

    shutil.copyfile(GOOD, locked)                       # the operator puts a readable copy in its place
    code, out = run(capsys, "process", str(archive), "--store", str(store_dir))
    assert code in (ExitCode.ok, ExitCode.review_pending) and "quarantined:" not in out
    code, out = run(capsys, "status", "--store", str(store_dir))
    assert "quarantine (" not in out and "quarantined:" not in out
    with Store.open(store_dir) as store:
        assert store.records.state(file_sha256(locked)) in DONE_STATES
        assert store.quarantine.notices() == [] and store.records.counts()[FAILED] == 0
        assert "quarantine.resolved" in [e.action for e in store.audit.entries()]


def dangling_link(path: Path) -> None:
    """A dossier whose file vanished: the archive still lists it (a link to a file gone)."""
    path.symlink_to(path.with_name("moved-away.bin"))


def restore_link(path: Path) -> None:
    shutil.copyfile(GOOD, path.with_name("moved-away.bin"))


def no_read_permission(path: Path) -> None:
    shutil.copyfile(GOOD, path)
    path.chmod(0o000)


def grant_read(path: Path) -> None:
    path.chmod(0o644)


UNREADABLE = [
    pytest.param(dangling_link, restore_link, "No such file or directory", id="vanished"),
    pytest.param(no_read_permission, grant_read, "Permission denied", id="no-read-permission",
                 marks=pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")),
]


@pytest.mark.parametrize("command", ["process", "backfill"])
@pytest.mark.parametrize(("break_it", "fix_it", "cause"), UNREADABLE)
def test_an_unreadable_file_is_registered_named_listed_and_processed_once_readable(
        tmp_path, master_key, prefect_server, capsys, caplog, command, break_it, fix_it, cause) -> None:
    caplog.set_level(logging.DEBUG)
    archive = tmp_path / "in"
    archive.mkdir()
    with pikepdf.open(GOOD) as pdf:                   # the batch goes on past the unreadable file
        pdf.save(archive / "readable.pdf")            # (other bytes than GOOD: a dossier of its own)
    path = archive / "李小红-判决.pdf"
    break_it(path)
    store_dir = tmp_path / "store"

    for attempt in (1, 2):
        code, out = run(capsys, command, str(archive), "--store", str(store_dir), "--create")
        assert code == ExitCode.input_file
        assert f"quarantined: {path}\n  cause: {cause}\n  fix: {UnreadableFileError.fix}" in out
        code, out = run(capsys, "status", "--store", str(store_dir))
        assert "quarantine (1):" in out and f"quarantined: {path}" in out and cause in out
        with Store.open(store_dir) as store:          # one entry, whatever the number of runs
            [entry] = store.quarantine.entries()
            assert entry.error_kind == "UnreadableFileError" and entry.attempts == attempt
            assert entry.dossier_id == store.quarantine.unreadable_id(path)
            assert store.quarantine.requeue() == 0   # it leaves only by being read

    assert path.name not in prefect_texts(prefect_server)
    assert path.name not in caplog.text

    fix_it(path)
    code, out = run(capsys, command, str(archive), "--store", str(store_dir))
    assert code in (ExitCode.ok, ExitCode.review_pending) and "quarantined:" not in out
    code, out = run(capsys, "status", "--store", str(store_dir))
    assert "quarantine (" not in out and "quarantined:" not in out
    with Store.open(store_dir) as store:
        assert store.records.state(file_sha256(path)) in DONE_STATES
        assert store.quarantine.entries() == []
