"""Re-sealing the catalog's sealed values under a new master key (`fengcun keys rotate`).

Every value the catalog keeps sealed is listed here with the associated data it was
sealed with — a value is opened and sealed again with the same context, so it still
belongs where it is. Each row is re-sealed in its own transaction, and a value that the
new key opens already is left alone: a rotation that stops half-way is finished by
running it again.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, Table, select, update

from archive.after_catalog import inquiries
from archive.audit_anchor import ANCHOR_ROW
from archive.break_glass import break_glass
from archive.break_glass import context as break_glass_context
from archive.catalog import catalog_meta, dossiers
from archive.inquiries import context as inquiry_context
from archive.signoffs import context as signoff_context
from archive.signoffs import signoff_pages

Reseal = Callable[[bytes, str], "bytes | None"]      # the blob under the new key; None: it is already


@dataclass(frozen=True)
class SealedColumns:
    table: Table
    key: str                                          # the primary key column
    columns: dict[str, Callable[[str], str]]          # column → context from the row's key


CATALOG_META_CONTEXTS = {"index-key": "catalog-index-key", ANCHOR_ROW: "audit-anchor"}

SEALED = (
    SealedColumns(dossiers, "dossier_id", {
        "source_path_enc": lambda d: f"source-path:{d}",
        "record_enc": lambda d: f"record:{d}",
        "error_enc": lambda d: f"error:{d}"}),
    SealedColumns(inquiries, "inquiry_id", {
        "application_enc": lambda i: inquiry_context(i, "application"),
        "decision_reason_enc": lambda i: inquiry_context(i, "decision")}),
    SealedColumns(break_glass, "grant_id", {"reason_enc": break_glass_context}),
    SealedColumns(signoff_pages, "entry_id", {"reason_enc": signoff_context}),
    SealedColumns(catalog_meta, "name", {"value": lambda name: CATALOG_META_CONTEXTS[name]}),
)


def reseal_catalog(engine: Engine, reseal: Reseal, new_key_id: str) -> int:
    """Re-seal every sealed value of the catalog with `reseal`; return how many changed.
    catalog_meta rows that are not sealed (the migration lock) are skipped."""
    changed = 0
    for sealed in SEALED:
        key = sealed.table.c[sealed.key]
        with engine.connect() as conn:
            ids = [r[0] for r in conn.execute(select(key).order_by(key)).all()]
        for row_id in ids:
            if sealed.table is catalog_meta and row_id not in CATALOG_META_CONTEXTS:
                continue
            with engine.begin() as conn:
                row = conn.execute(select(sealed.table).where(key == row_id)).one()
                values: dict[str, bytes] = {}
                for column, context in sealed.columns.items():
                    blob = getattr(row, column)
                    if blob is not None and (new := reseal(bytes(blob), context(row_id))) is not None:
                        values[column] = new
                if values:
                    if sealed.table is dossiers:
                        values["key_id"] = new_key_id     # type: ignore[assignment]
                    conn.execute(update(sealed.table).where(key == row_id).values(**values))
                    changed += 1
    return changed
