"""Every error a user can cause ends `fengcun` with its own exit code and a one-line fix.

Each code is reached through the real command line where a test can cause it (a wrong
option, a broken key, a file where the store should be, a reviewer deciding an inquiry,
a wrong password, an id the store does not hold); the causes a test cannot provoke
from outside (a missing program, a broken packaged rule table, a leak the pipeline
turns into a review item) are raised by the real code that raises them and carried
through the real `main`.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

import flows.cli
from archive import Store
from archive.accounts import Accounts
from core.keys import ENV_KEY, MasterKey
from flows.cli import main
from flows.console import exit_code
from models import errors
from models.errors import ExitCode, FengcunError
from models.rules import RuleTableError
from models.rules.table import ELIGIBILITY_FACTS, ELIGIBILITY_OUTCOMES, _row
from services import inquiries as inq
from support.inquiry import attachment_files

README = Path(__file__).resolve().parents[2] / "README.md"
PASSWORD = "correct horse battery"
NUMBER = "11010519491231002X"


def family() -> list[type[FengcunError]]:
    """Every cause: the base and each class of models.errors with an exit code of its own
    (Forbidden is PermissionDenied as the web app raises it)."""
    found = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, FengcunError)]
    return [c for c in found if c is FengcunError or c.exit_code != c.__mro__[1].__dict__.get("exit_code")]


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str],
        stdin: str = "") -> tuple[int, str]:
    """`fengcun ARGV` in this process; argparse's own exit (code 2) is returned like any other."""
    import io
    import sys
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def assert_fix(err: str, cause: type[FengcunError]) -> None:
    """The message, then the cause's fix on the next line."""
    lines = err.strip().splitlines()
    assert lines[0].startswith("fengcun: ") and lines[-1] == f"  fix: {cause.fix}", err


def test_every_cause_has_its_own_code_and_a_one_line_fix() -> None:
    causes = family()
    codes = [c.exit_code for c in causes]
    assert len(codes) == len(set(codes)), sorted(codes)
    results = {ExitCode.ok, ExitCode.no_match, ExitCode.review_pending}      # outcomes, not errors
    assert set(codes) | results == set(ExitCode)
    for cause in causes:
        assert cause.fix.strip() and "\n" not in cause.fix, cause
    assert errors.Forbidden.exit_code == ExitCode.permission_denied


def test_the_readme_table_lists_every_exit_code() -> None:
    table = README.read_text(encoding="utf-8").split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    listed = {int(n) for n in re.findall(r"^\| (\d+) \|", table, flags=re.M)}
    assert listed == {int(c) for c in ExitCode}


@pytest.mark.parametrize("option", [
    ["--ocr-engine", "nope"], ["--profile", "nope"], ["--concurrency", "0"], ["--dpi", "many"],
    ["--timeout", "-5"], ["--dask-address", "localhost"], ["--catalog-url", "mysql://db/x"],
])
def test_a_wrong_option_exits_2_before_the_store_is_touched(tmp_path, monkeypatch, capsys, option) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n")
    store = tmp_path / "store"
    code, err = run(monkeypatch, capsys, ["process", str(tmp_path / "a.pdf"), "--store", str(store), *option])
    assert code == ExitCode.bad_args and option[0] in err
    assert not store.exists()


@pytest.mark.parametrize("argv", [
    ["inquiry", "show", "some inquiry"],
    ["inquiry", "refuse", "Q2026-0001", "--reason", "r", "--account", "王警官"],
    ["inquiry", "new", "--kind", "unit", "--unit", "u", "--officer", "o", "--reason", "r", "--legal-basis", "b",
     "--purpose", "p", "--official-letter", "f", "--work-certificate", "f", "--commitment", "f", "--actor", "赵书记员"],
    ["unsealing", "check", "d0001"],
    ["unsealing", "approve", "0", "--account", "li.rev"],
    ["audit", "verify", "--actor", "审计员"],
    ["users", "add", "王丽", "--role", "reviewer"],
    ["status", "--limit", "-1"],
    ["review", "serve", "--port", "70000"],
])
def test_ids_names_and_numbers_are_checked_before_the_store_is_touched(tmp_path, monkeypatch, capsys,
                                                                       argv) -> None:
    store = tmp_path / "store"
    code, err = run(monkeypatch, capsys, [*argv, "--store", str(store)])
    assert code == ExitCode.bad_args and "error: argument" in err, err
    assert not store.exists()


def test_every_run_option_is_checked_the_same_way_by_backfill(tmp_path, monkeypatch, capsys) -> None:
    store = tmp_path / "store"
    code, _ = run(monkeypatch, capsys, ["backfill", str(tmp_path), "--store", str(store), "--ocr-engine", "nope"])
    assert code == ExitCode.bad_args and not store.exists()


def test_settings_refuse_a_wrong_option_from_a_flow_parameter() -> None:
    from services.processing import Settings
    with pytest.raises(errors.UsageError, match="OCR engine"):
        Settings(ocr_engine="nope")
    with pytest.raises(errors.UsageError, match="rule profile"):
        Settings(profile="atlantis")


def test_an_unreadable_input_file_exits_3(tmp_path, monkeypatch, capsys) -> None:
    code, err = run(monkeypatch, capsys, ["eval", "--truth", str(tmp_path / "none"),
                                          "--predictions", str(tmp_path / "p.jsonl")])
    assert code == ExitCode.input_file
    assert_fix(err, errors.InputFileError)


def test_dossiers_waiting_for_review_exit_4() -> None:
    assert exit_code({"counts": {"sealed": 2, "waiting for review": 1}}) == ExitCode.review_pending
    assert exit_code({"counts": {"sealed": 2}}) == ExitCode.ok


def test_a_broken_master_key_exits_6(monkeypatch, capsys) -> None:
    monkeypatch.setenv(ENV_KEY, "not base64 of a key")
    code, err = run(monkeypatch, capsys, ["keys", "show-id"])
    assert code == ExitCode.key_error
    assert_fix(err, errors.KeyMaterialError)


def test_a_store_that_cannot_be_made_exits_8(tmp_path, master_key, monkeypatch, capsys) -> None:
    (tmp_path / "file").write_text("not a directory")
    code, err = run(monkeypatch, capsys, ["init", "--store", str(tmp_path / "file")])
    assert code == ExitCode.store_error
    assert_fix(err, errors.StoreError)
    code, err = run(monkeypatch, capsys, ["status", "--store", str(tmp_path / "file")])
    assert code == ExitCode.store_error
    assert_fix(err, errors.StoreMissing)


@pytest.fixture
def filed(tmp_path: Path, master_key: MasterKey) -> tuple[Path, str]:
    """A store with an operator, a reviewer and one pending inquiry; returns (store, inquiry id)."""
    with Store.open(tmp_path / "store", master_key=master_key) as store:
        accounts = Accounts(store)
        accounts.add("op.wang", "operator", PASSWORD)
        accounts.add("rev.li", "reviewer", PASSWORD)
        application = inq.Application("unit", "某区人力资源和社会保障局", "qian.officer", "某某", NUMBER,
                                      "招录审查", "公务员法", "政审")
        inquiry = inq.submit(store, application, attachment_files(tmp_path), "clerk.zhao")
    return tmp_path / "store", inquiry.inquiry_id


def refuse(monkeypatch, capsys, store: Path, inquiry_id: str, account: str, password: str = PASSWORD,
           reason: str = "材料不全") -> tuple[int, str]:
    return run(monkeypatch, capsys, ["inquiry", "refuse", inquiry_id, "--store", str(store), "--reason", reason,
                                     "--account", account, "--password-stdin"], stdin=password + "\n")


def test_an_account_without_the_role_exits_9(filed, monkeypatch, capsys) -> None:
    code, err = refuse(monkeypatch, capsys, *filed, "rev.li")
    assert code == ExitCode.permission_denied and "role operator" in err
    assert_fix(err, errors.PermissionDenied)


def test_deciding_what_is_decided_exits_10(filed, monkeypatch, capsys) -> None:
    assert refuse(monkeypatch, capsys, *filed, "op.wang")[0] == ExitCode.ok
    code, err = refuse(monkeypatch, capsys, *filed, "op.wang")
    assert code == ExitCode.conflict and "already decided" in err
    assert_fix(err, errors.ConflictError)


def test_a_value_that_is_not_acceptable_exits_11(filed, monkeypatch, capsys) -> None:
    code, err = refuse(monkeypatch, capsys, *filed, "op.wang", reason="  ")
    assert code == ExitCode.validation_failed and "reason" in err
    assert_fix(err, errors.ValidationError)


def test_a_wrong_password_exits_12(filed, monkeypatch, capsys) -> None:
    code, err = refuse(monkeypatch, capsys, *filed, "op.wang", password="wrong password!")
    assert code == ExitCode.sign_in_required and PASSWORD not in err
    assert_fix(err, errors.SignInRequired)


def test_an_id_the_store_does_not_hold_exits_13(filed, monkeypatch, capsys) -> None:
    store, _ = filed
    code, err = run(monkeypatch, capsys, ["inquiry", "show", "Q1999-0001", "--store", str(store)])
    assert code == ExitCode.not_found and "Q1999-0001" in err
    assert_fix(err, errors.NotFoundError)


def _raised(make: object) -> FengcunError:
    try:
        make()  # type: ignore[operator]
    except FengcunError as exc:
        return exc
    raise AssertionError("nothing raised")


def _missing_language_data() -> None:
    from extractors.ocr.tesseract import TesseractEngine
    TesseractEngine(languages="xyz")


def _broken_rule_row() -> None:
    _row("broken.yaml", {"id": "X", "when": {"age_at_offence": "minor"}, "outcome": "sealed",
                         "reason_zh": "甲", "reason_en": "a", "citation": "c"},
         ELIGIBILITY_FACTS, ELIGIBILITY_OUTCOMES)


def _leak() -> None:
    # the pipeline catches this one and sends the dossier to review; a tool that writes
    # outputs itself ends with it
    raise errors.LeakDetectedError("d0000000000: the redacted copy still shows 1 identifier(s)")


def _bug() -> None:
    raise FengcunError("an error raised on purpose without a cause of its own")


@pytest.mark.parametrize("make, cause", [
    (_missing_language_data, errors.MissingDependencyError),
    (_leak, errors.LeakDetectedError),
    (_broken_rule_row, RuleTableError),
    (_bug, FengcunError),
])
def test_a_cause_raised_inside_a_command_keeps_its_code_and_fix(monkeypatch, capsys, make, cause) -> None:
    """The real error from the real code that raises it, carried through the real `main`."""
    error = _raised(make)
    assert type(error) is cause

    def parser() -> argparse.ArgumentParser:
        p = argparse.ArgumentParser(prog="fengcun")
        p.set_defaults(run=lambda _args: (_ for _ in ()).throw(error))
        return p

    monkeypatch.setattr(flows.cli, "build_parser", parser)
    code, err = run(monkeypatch, capsys, [])
    assert code == cause.exit_code
    assert_fix(err, cause)
