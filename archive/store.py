"""A store: one directory with its catalog's repositories and its file store.

Layout of STORE_DIR:
    catalog.db     the SQLite catalog (absent when a PostgreSQL URL is given)
    outputs/       published outputs, one directory per dossier (archive.files)
    tmp/           staging space (archive.files)
    inquiries/     sealed attachments of inquiries (services.inquiries)
    audit-checkpoints.jsonl  signed heads of the audit log (archive.audit_anchor)

`Store.open(root)` creates the directories, brings the catalog to the newest
schema and hands out the repositories, each with one job:

    store.records     manifest and sealed decision records (archive.records)
    store.quarantine  dossiers set aside with their error (archive.quarantine)
    store.inquiries   inquiries and released copies (archive.inquiries)
    store.unsealings  unsealing cases (archive.unsealings)
    store.audit       the hash-chained audit log (archive.audit), witnessed after
                      every append by archive.audit_anchor
    store.files       staging and publishing of outputs (archive.files)
    Accounts(store)   review-app accounts and sessions (archive.accounts)
    SignOffs(store)   the page-by-page sign-off of redacted copies (archive.signoffs)

Everything in the store is its owner's alone (files 0600, folders 0700, whatever
the umask; core.atomic.make_private_dir). `store.engine` and `store.key` are the catalog's connection pool and master key,
which the repositories share. The store holds no workflow: what is done with
these lives in services/.
"""
from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path

from sqlalchemy import Engine

from archive.audit import AuditLog
from archive.audit_anchor import set_anchor
from archive.database import Catalog, catalog_url_for
from archive.files import FileStore
from archive.inquiries import Inquiries
from archive.quarantine import Quarantine
from archive.records import Records
from archive.unsealings import Unsealings
from core.atomic import PRIVATE_DIR, make_private_dir
from core.keys import MasterKey
from models.errors import StoreError


@dataclass(frozen=True, repr=False)
class Store:
    root: Path
    catalog: Catalog
    records: Records
    quarantine: Quarantine
    inquiries: Inquiries
    unsealings: Unsealings
    files: FileStore

    def __repr__(self) -> str:
        return f"Store({self.root.name}, {self.engine.dialect.name})"

    @classmethod
    def open(cls, root: Path | str, catalog_url: str | None = None, *,
             master_key: MasterKey | None = None, migrate: bool = True) -> Store:
        """Open the store at `root`; `catalog_url` (or FENGCUN_CATALOG_URL) selects
        PostgreSQL, the default is `root/catalog.db`. Create the directories and bring the
        catalog to the newest schema; workers that join a running batch pass
        `migrate=False` and only check the schema. The master key is loaded on first use
        unless given."""
        path = Path(root).absolute()
        catalog = Catalog(catalog_url_for(path, catalog_url), master_key)
        records = Records(catalog)
        store = cls(path, catalog, records, Quarantine(catalog, records), Inquiries(catalog),
                    Unsealings(catalog), FileStore(path))
        catalog.audit.witness = lambda: set_anchor(store)
        try:
            for sub in ("outputs", "tmp"):
                make_private_dir(path / sub)
            for folder in (path, path / "outputs", path / "tmp"):
                os.chmod(folder, PRIVATE_DIR)          # also a store made before, or by hand
        except OSError as exc:
            raise StoreError(f"cannot create the store at {path}: {exc.strerror}") from None
        if migrate:
            catalog.migrate()
        else:
            catalog.check_schema()
        return store

    @staticmethod
    def exists(root: Path | str) -> bool:
        """Whether `root` holds a store (`Store.open` made it): the commands open only
        existing stores, so a mistyped path never becomes a new, empty one."""
        return (Path(root) / "outputs").is_dir()

    @property
    def engine(self) -> Engine:
        return self.catalog.engine

    @property
    def key(self) -> MasterKey:
        return self.catalog.key

    @property
    def audit(self) -> AuditLog:
        return self.catalog.audit

    def sweep(self) -> int:
        """Remove debris of killed processes (archive.files.FileStore.sweep) against the
        catalog's claims."""
        return self.files.sweep(self.records.claims())

    def close(self) -> None:
        self.catalog.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
