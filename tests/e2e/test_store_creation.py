"""No store is made by a typo or by a command that fails: only `fengcun init` or `--create`
make one, and a run without a key stops at once, in one line, before anything is created.
Through the real command line, in a subprocess, as an operator types it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.keys import ENV_KEY, ENV_KEY_FILE
from models.errors import ExitCode, KeyMaterialError, OrchestrationError, StoreMissing

ROOT = Path(__file__).resolve().parents[2]


def fengcun(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flows.cli", *argv], cwd=ROOT, env=env or dict(os.environ),
                          capture_output=True, text=True, timeout=300)


def without_key(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != ENV_KEY}
    env[ENV_KEY_FILE] = str(tmp_path / "no-such.key")
    return env


def test_a_mistyped_store_is_an_error_naming_the_path_and_creates_nothing(tmp_path, master_key) -> None:
    typo = tmp_path / "stroe"
    for argv in (["status"], ["export", "--format", "jsonl"], ["audit", "verify"],
                 ["process", str(tmp_path)], ["backfill", str(tmp_path)]):
        run = fengcun(*argv, "--store", str(typo))
        assert run.returncode == ExitCode.store_error, (argv, run.stderr)
        assert run.stderr.splitlines() == [f"fengcun: no store at {typo}", f"  fix: {StoreMissing.fix}"], run.stderr
        assert not typo.exists()


def test_init_makes_the_store_that_the_other_commands_then_open(tmp_path, master_key) -> None:
    store = tmp_path / "store"
    run = fengcun("init", "--store", str(store))
    assert run.returncode == 0 and "created" in run.stdout and "fengcun backfill" in run.stdout
    assert fengcun("status", "--store", str(store)).returncode == 0
    again = fengcun("init", "--store", str(store))
    assert again.returncode == 0 and "nothing changed" in again.stdout


def test_backfill_without_a_key_fails_at_once_in_one_line_and_creates_nothing(tmp_path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.pdf").write_bytes(b"%PDF-1.4\n")
    store = tmp_path / "store"
    for argv in (["backfill", str(archive)], ["process", str(archive)], ["init"]):
        run = fengcun(*argv, "--store", str(store), *(["--create"] if argv[0] != "init" else []),
                      env=without_key(tmp_path))
        assert run.returncode == ExitCode.key_error, run.stderr
        lines = run.stderr.splitlines()
        assert len(lines) == 2 and lines[0].startswith("fengcun: ") and lines[1] == f"  fix: {KeyMaterialError.fix}"
        assert "Traceback" not in run.stderr and "prefect" not in run.stderr.lower()
        assert not store.exists()


def test_a_prefect_server_that_does_not_answer_is_one_line_with_what_to_do(tmp_path, master_key) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.pdf").write_bytes((ROOT / "tests" / "resources" / "judgment.pdf").read_bytes())
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api", "PREFECT_HOME": str(tmp_path / "prefect")}
    run = fengcun("backfill", str(archive), "--store", str(tmp_path / "store"), "--create", env=env)
    assert run.returncode == ExitCode.orchestration, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines[-2].startswith("fengcun: Prefect failed: ") and "127.0.0.1:9" in lines[-2]
    assert lines[-1] == f"  fix: {OrchestrationError.fix}" and "Traceback" not in run.stderr
