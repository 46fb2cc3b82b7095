"""The canary: dossiers with known minors' names and ID numbers — in their contents, their
file names and their folder names — go through both flows; then everything Prefect wrote
(database and WAL, PREFECT_HOME, the server's log) and everything the commands printed
(Prefect's console log, the project's own loggers at DEBUG, the summary) is searched for
those strings in every plausible encoding. Zero hits, but for the lines that name a
quarantined file to the operator at the terminal."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive import Store, file_sha256
from core.keys import ENV_KEY

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
PROJECT_LOGGERS = ("fengcun", "flows", "archive", "extractors", "models", "redaction")
# one interpreter runs several commands (each start costs seconds); loggers at DEBUG
RUN_CLI = ("import json, logging, sys\n"
           f"for name in {PROJECT_LOGGERS!r}: logging.getLogger(name).setLevel(logging.DEBUG)\n"
           "from flows.cli import main\n"
           "codes = [main(argv) for argv in json.loads(sys.argv[1])]\n"
           "sys.exit(max(codes) if set(codes) <= {0, 3, 4} else 99)\n")


def encodings(needle: str) -> list[bytes]:
    forms = {needle.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "gbk", "gb18030")
             if _encodable(needle, enc)}
    escaped = needle.encode("ascii", "backslashreplace").replace(b"\\x", b"\\u00")
    forms |= {escaped, escaped.upper().replace(b"\\U", b"\\u")}      # JSON: either hex case
    return sorted(forms)


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def hits(blobs: dict[str, bytes], needles: list[str]) -> list[tuple[str, str]]:
    found = []
    for where, blob in blobs.items():
        for needle in needles:
            if any(form in blob for form in encodings(needle)):
                found.append((where, needle[:1] + "…"))   # never print the whole needle
    return found


def test_the_search_finds_a_planted_name_in_every_encoding():
    needle = "欧阳小明"
    for form in encodings(needle):
        assert hits({"planted": b"\x00junk" + form + b"junk"}, [needle])
    assert b"\\u6b27\\u9633\\u5c0f\\u660e" in encodings(needle)
    assert not hits({"clean": "欧阳 小明".encode()}, [needle])


def test_prefect_and_the_logs_never_see_a_minor(tmp_path, synth_archive, master_key, prefect_server):
    truth = [json.loads(p.read_text(encoding="utf-8"))
             for p in sorted((synth_archive / "truth").glob("*.json"))][:4]
    needles = sorted({s for record in truth for person in record["persons"]
                      for s in [person["name"], *person["aliases"], person["id_number"]]
                      if s and len(s) >= 2})
    # the archive names folders and files after the parties, as real archives do
    archive, loose = tmp_path / "archive", tmp_path / "loose"
    ids = []
    for record in truth[:3]:
        person = next(p for p in record["persons"] if p["role"] == "defendant")
        folder = archive / f"{person['name']}案"
        folder.mkdir(parents=True)
        target = folder / f"{person['name']}-{person['id_number'] or '无'}.pdf"
        shutil.copyfile(synth_archive / Path(record["source"]["path"]).name, target)
        ids.append(file_sha256(target))
    (archive / f"{needles[0]}-损坏.pdf").write_bytes(b"%PDF-1.4\n%broken beyond repair\n")
    last = truth[3]
    named = next(p for p in last["persons"] if p["role"] == "defendant")
    loose.mkdir()
    shutil.copyfile(synth_archive / Path(last["source"]["path"]).name,
                    loose / f"{named['name']}.pdf")

    env = {**os.environ, **prefect_server, ENV_KEY: os.environ[ENV_KEY], "OMP_THREAD_LIMIT": "1",
           "PREFECT_LOGGING_EXTRA_LOGGERS": ",".join(PROJECT_LOGGERS)}
    store_dir = tmp_path / "store"
    home = Path(prefect_server["PREFECT_HOME"])
    # the server is the session's: earlier tests' failed flow runs (a missing store, on purpose)
    # left their pickled exceptions in its result storage; this run must add nothing there
    stored_before = set((home / "storage").glob("*"))
    commands = [["backfill", str(archive), "--store", str(store_dir), "--create", "--verbose"],
                ["process", str(loose), "--store", str(store_dir), "--verbose"],
                ["status", "--store", str(store_dir)]]
    run = subprocess.run([sys.executable, "-c", RUN_CLI, json.dumps(commands)], cwd=ROOT, env=env,
                         capture_output=True, timeout=600)
    assert run.returncode in (0, 3, 4), run.stderr.decode()[-3000:]
    assert b"Finished in state Completed" in run.stderr, run.stdout.decode()  # console log was on
    # the one exception: the operator's terminal names each quarantined file with its cause
    # (the operator holds the key); nothing else printed, and nothing in Prefect, does
    lines = run.stdout.decode().splitlines()
    shown = [line for line in lines if line.startswith("quarantined: ")]
    assert len(shown) == 2                                     # by backfill, then by status
    assert all(line.endswith(f"{needles[0]}-损坏.pdf") for line in shown)
    rest = "\n".join(line for line in lines if not line.startswith(("quarantined: ", "  cause: ")))
    printed = {"stdout": rest.encode(), "stderr": run.stderr}

    with Store.open(store_dir) as store:      # the run really happened, failure included
        assert len(list(store.records.all())) == 5 and len(store.quarantine.entries()) == 1
    written = {str(p.relative_to(home)): p.read_bytes() for p in home.rglob("*") if p.is_file()}
    assert any(name.startswith("prefect.db") for name in written)
    assert any(ids[0].encode() in blob for blob in written.values())   # we searched the right place
    assert set((home / "storage").glob("*")) == stored_before         # no result written by us
    assert hits({**written, **printed}, needles) == []
