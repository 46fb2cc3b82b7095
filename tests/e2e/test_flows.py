"""The Prefect flows and the CLI around them, on real synthetic dossiers, a real Prefect
server, real encryption and a real catalog."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import jsonschema
import pytest

from archive import FAILED, Store, file_sha256
from archive.audit_anchor import Anchor, read_anchor
from archive.audit_anchor import verify as audit_verify
from flows.cli import main
from models.errors import StoreMissing

SCHEMA = json.loads((Path(__file__).parents[1] / "resources" / "contract" / "decision-record.schema.json").read_text())
pytestmark = pytest.mark.slow


def copy_archive(src: Path, dst: Path, n: int) -> list[Path]:
    dst.mkdir(parents=True, exist_ok=True)
    files = sorted(src.glob("*.pdf"))[:n]
    for f in files:
        shutil.copyfile(f, dst / f.name)
    return [dst / f.name for f in files]


def export(store: Path) -> list[dict]:
    out = store.parent / "records.jsonl"
    assert main(["export", "--store", str(store), "--format", "jsonl", "--out", str(out)]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_process_command_runs_every_stage_and_exports_valid_records(
        tmp_path, synth_archive, master_key, prefect_server, capsys):
    files = copy_archive(synth_archive, tmp_path / "in", 3)
    broken = tmp_path / "in" / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a pdf\n")
    store_dir = tmp_path / "store"
    code = main(["process", str(tmp_path / "in"), "--store", str(store_dir), "--create"])
    out = capsys.readouterr().out
    assert code == 3                                   # the broken file was quarantined
    assert "failed" in out and "sealed" in out and "outputs:" in out
    assert out.strip().splitlines()[-1].startswith(f"next: fengcun status --store {store_dir}")

    records = export(store_dir)
    assert len(records) == 4                           # one per dossier, the broken one included
    for record in records:
        jsonschema.validate(record, SCHEMA)
    by_id = {r["dossier_id"]: r for r in records}
    assert set(by_id) == {file_sha256(f) for f in [*files, broken]}
    assert by_id[file_sha256(broken)]["review"]["required"] is True

    with Store.open(store_dir) as store:
        assert store.records.state(file_sha256(broken)) == FAILED
        assert store.quarantine.entries()[0].error_kind == "InputFileError"
        for record in records:
            for rel in [record["outputs"]["sealed_pdf"], *record["outputs"]["redacted_copies"],
                        *record["outputs"]["notices"]]:
                if rel:
                    assert (store_dir / rel).is_file()
        stages = store.records.stage_totals()
        assert {"hash", "pages", "nlp", "rules", "redaction", "verify", "catalog",
                "orchestration"} <= set(stages)
        actions = [e.action for e in store.audit.entries()]
        assert actions.count("record.saved") == 3 and actions.count("dossier.quarantined") == 1
        assert actions[-1] == "records.exported" and store.audit.verify().ok

    # a second run over the same files processes nothing and says so
    assert main(["process", str(tmp_path / "in"), "--store", str(store_dir)]) == 0
    again = capsys.readouterr().out
    assert "already in store" in again
    assert len(export(store_dir)) == 4


def test_backfill_flow_resumes_and_publishes_an_artifact_without_names(
        tmp_path, synth_archive, master_key, prefect_server):
    from flows.backfill import backfill_flow

    archive = tmp_path / "archive"
    copy_archive(synth_archive, archive, 2)
    store_dir = tmp_path / "store"
    with pytest.raises(StoreMissing):                 # a flow parameter never makes a new store
        backfill_flow(archive_root=str(archive), store=str(store_dir), concurrency=2)
    assert not store_dir.exists()
    Store.open(store_dir, master_key=master_key).close()          # what `fengcun init` does
    first = backfill_flow(archive_root=str(archive), store=str(store_dir), concurrency=2)
    assert sum(first["counts"][k] for k in ("sealed", "not eligible", "waiting for review")) == 2
    copy_archive(synth_archive, archive, 3)           # one more file arrives
    second = backfill_flow(archive_root=str(archive), store=str(store_dir), concurrency=2)
    assert second["counts"]["already in store"] == 2
    assert sum(second["counts"][k] for k in ("sealed", "not eligible", "waiting for review",
                                              "failed")) == 1
    with Store.open(store_dir, master_key=master_key) as store:      # the run anchored its own entries
        head = list(store.audit.entries())[-1]
        assert read_anchor(store) == Anchor(head.seq, head.hash) and audit_verify(store).ok

    # the REST API directly: prefect 3.8.8's client sends nulls its own server rejects
    response = httpx.post(f"{prefect_server['PREFECT_API_URL']}/artifacts/filter", json={
        "artifacts": {"key": {"any_": ["fengcun-run-summary"]}}, "limit": 50, "offset": 0,
        "sort": "CREATED_DESC"})
    response.raise_for_status()
    artifacts = [a["data"] for a in response.json()]
    assert len(artifacts) >= 2 and "| outcome | dossiers |" in artifacts[0]
    truth = [json.loads(p.read_text()) for p in sorted((synth_archive / "truth").glob("*.json"))]
    for record in truth:
        for person in record["persons"]:
            assert all(person["name"] not in data for data in artifacts)


def test_deployment_parameters_are_paths_and_options_only():
    from prefect.utilities.callables import parameter_schema

    from flows.backfill import backfill_flow

    schema = parameter_schema(backfill_flow.fn).model_dump()
    props = schema["properties"]
    assert set(schema["required"]) == {"archive_root", "store"}
    assert set(props) == {"archive_root", "store", "concurrency", "since", "until", "ocr_engine",
                          "dpi", "profile", "dask_address", "retry_quarantined", "timeout_s"}
    allowed = {"string", "integer", "boolean", "null"}
    for name, prop in props.items():
        kinds = {p.get("type") for p in prop.get("anyOf", [prop])}
        assert kinds <= allowed, name
