"""A backfill killed with SIGKILL at several points and rerun processes every dossier exactly
once, leaves no stray files in the store and never touches the originals."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from archive import DONE_STATES, SETTLED_STATES, Store, file_sha256
from core.keys import ENV_KEY

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def start_backfill(archive: Path, store: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "backfill", str(archive), "--store", str(store),
         "--create", "--concurrency", "2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)


def kill_when(proc: subprocess.Popen, condition: Callable[[], bool], timeout: float = 240) -> None:
    """SIGKILL the whole process group the moment `condition` holds; fail if the run ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the backfill ended before the kill point:\n{proc.stdout.read().decode()[-3000:]}")
        if condition():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            assert proc.returncode == -signal.SIGKILL
            return
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    pytest.fail("kill point not reached in time")


def test_sigkill_at_several_points_then_rerun_processes_each_dossier_once(
        tmp_path, synth_archive, master_key, prefect_server):
    archive = tmp_path / "archive"
    shutil.copytree(synth_archive, archive)
    originals = {p: file_sha256(p) for p in sorted(archive.rglob("*")) if p.is_file()}
    sources = {h for p, h in originals.items() if p.suffix == ".pdf"}
    store_dir = tmp_path / "store"
    env = {**os.environ, **prefect_server, ENV_KEY: os.environ[ENV_KEY], "OMP_THREAD_LIMIT": "1"}
    with Store.open(store_dir) as store:   # the test's view of the catalog (the runs migrate it too)

        def done() -> int:
            counts = store.records.counts()
            return sum(counts[s] for s in SETTLED_STATES)

        def writing_outputs() -> bool:
            return any(any(d.iterdir()) for d in (store_dir / "tmp").iterdir() if d.is_dir())

        # 1: in the middle of writing a dossier's outputs
        kill_when(start_backfill(archive, store_dir, env), writing_outputs)
        first = done()
        # 2: right after the resumed run committed more dossiers
        kill_when(start_backfill(archive, store_dir, env), lambda: done() >= first + 2)
        assert done() < len(sources)        # the kills really interrupted the backfill
        final = start_backfill(archive, store_dir, env)
        output, _ = final.communicate(timeout=300)
        assert final.returncode in (0, 3, 4), output.decode()[-3000:]

        # every dossier exactly once: one row each, settled, one commit each in the audit log
        counts = store.records.counts()
        assert counts["pending"] == counts["processing"] == 0
        assert sum(counts.values()) == len(sources)
        commits = Counter(e.dossier_id for e in store.audit.entries()
                          if e.action in ("record.saved", "dossier.quarantined"))
        assert set(commits) == sources and set(commits.values()) == {1}
        assert store.audit.verify().ok
        records = {r.dossier_id: r for r in store.records.all()}
        assert set(records) == sources

        # no stray files: staging empty, outputs exactly what the records list (+ key sidecars)
        assert list((store_dir / "tmp").iterdir()) == []
        listed = set()
        for record in records.values():
            assert store.records.state(record.dossier_id) in DONE_STATES | {"failed"}
            for rel in [record.outputs.sealed_pdf, *record.outputs.redacted_copies,
                        *record.outputs.notices]:
                if rel:
                    listed |= {store_dir / rel, store_dir / (rel + ".key")}
        present = {p for p in (store_dir / "outputs").rglob("*") if p.is_file()}
        assert present - listed == set() and {p for p in listed if p.suffix == ".pdf"} <= present
        assert not [p for p in store_dir.rglob(".tmp-*")]

    # the originals: same files, same bytes
    assert {p: file_sha256(p) for p in sorted(archive.rglob("*")) if p.is_file()} == originals
