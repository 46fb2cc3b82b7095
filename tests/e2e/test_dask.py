"""A run fanned out over a (local, multi-process) Dask cluster produces the same records as a
run on the local thread pool."""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from archive import Store
from archive.catalog import dossiers
from archive.records import worker_name
from flows.backfill import RunSummary, process_flow, register_all

pytestmark = pytest.mark.slow


def comparable(store: Store) -> dict[str, dict]:
    """Records minus the moment they were processed."""
    out = {}
    for record in store.records.all():
        d = record.to_dict()
        d["pipeline"].pop("processed_at")
        out[record.dossier_id] = d
    return out


def test_dask_run_matches_local_run(tmp_path, synth_archive, master_key, prefect_server):
    from distributed import LocalCluster

    files = sorted(synth_archive.glob("*.pdf"))[:3]
    for f in files:
        shutil.copyfile(f, tmp_path / f.name)
    files = [tmp_path / f.name for f in files]
    records = {}
    # the worker is a separate process: it inherits the key and the Prefect API from os.environ
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        for mode, address in (("local", None), ("dask", cluster.scheduler_address)):
            with Store.open(tmp_path / f"store-{mode}") as store:
                ids = register_all(store, files, RunSummary())
                summary = process_flow(store=str(store.root), dossier_ids=ids, concurrency=2,
                                       dask_address=address)
                assert sum(summary["counts"].values()) == len(files)
                records[mode] = comparable(store)
                with store.engine.connect() as conn:
                    workers = set(conn.execute(select(dossiers.c.claimed_by)).scalars())
                # who processed the dossiers: this process, or the Dask worker process
                assert (workers == {worker_name()}) == (mode == "local")
    assert len(records["dask"]) == len(files)
    assert records["dask"] == records["local"]
