"""The catalog database: its engine, its schema migrations, and the sealing of its columns.

`Catalog.open(url)` gives the one connection pool that every repository of a store
shares (records, quarantine, accounts, inquiries, unsealing cases, the audit log).
SQLite is the default (`STORE/catalog.db`); a PostgreSQL URL (or FENGCUN_CATALOG_URL)
shares one catalog between machines. What a minor could be recognised by is stored
only as AES-GCM blobs under the master key (`seal`/`open`, with a context string so
a blob cannot be moved to another purpose or dossier), and ID numbers only as keyed
HMACs (`id_hmac`).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, make_url, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from archive.audit import AuditLog
from archive.catalog import catalog_meta
from core.atomic import PRIVATE_FILE
from core.keys import MasterKey
from models.errors import StoreError

ENV_CATALOG_URL = "FENGCUN_CATALOG_URL"
_MIGRATIONS = Path(__file__).parent / "migrations"
_LOCK_ROW = "audit-lock"
_INDEX_KEY = "index-key"


class Catalog:
    """The catalog of one store. The master key is loaded on first use unless given."""

    def __init__(self, url: str, master_key: MasterKey | None = None) -> None:
        self.url = url
        self._key = master_key
        self._index_key: bytes | None = None
        self.engine = _make_engine(url)
        self.audit = AuditLog(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ----------------------------------------------------------------------------------
    def _alembic_config(self, connection: Connection) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        cfg.attributes["connection"] = connection
        return cfg

    def migrate(self) -> None:
        """Upgrade the catalog to the head revision and create its fixed rows."""
        try:
            with self.engine.begin() as conn:
                command.upgrade(self._alembic_config(conn), "head")
            with self.engine.begin() as conn:
                insert_ignore(conn, catalog_meta, {"name": _LOCK_ROW, "value": b"0"})
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot migrate the catalog ({self.engine.dialect.name}): "
                             f"{type(exc).__name__}") from None

    def check_schema(self) -> None:
        head = ScriptDirectory(str(_MIGRATIONS)).get_current_head()
        try:
            with self.engine.connect() as conn:
                current = MigrationContext.configure(conn).get_current_revision()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the catalog: {type(exc).__name__}") from None
        if current != head:
            raise StoreError(f"catalog schema is at {current}, expected {head}: run a command "
                             "that opens the store with migration (e.g. `fengcun status`)")

    # -- keys ------------------------------------------------------------------------------------
    @property
    def key(self) -> MasterKey:
        if self._key is None:
            self._key = MasterKey.load()
        return self._key

    def seal(self, data: bytes, context: str) -> bytes:
        return self.key.seal(data, context)

    def open(self, blob: bytes, context: str) -> bytes:
        return self.key.open(blob, context)

    def id_hmac(self, id_number: str) -> str:
        """Keyed hash of an ID number: links dossiers of one person without storing the number."""
        return self.keyed_hash(id_number.strip().upper())

    def keyed_hash(self, text: str) -> str:
        """HMAC-SHA256 of `text` under the catalog's index key: a stable id for a value that must
        not be stored readable. The index key is kept sealed in the catalog (a key rotation
        re-seals it), so the same value keeps its id; callers prefix their own purpose."""
        if self._index_key is None:
            with self.engine.begin() as conn:
                insert_ignore(conn, catalog_meta, {
                    "name": _INDEX_KEY,
                    "value": self.seal(secrets.token_bytes(32), "catalog-index-key")})
                blob = conn.execute(select(catalog_meta.c.value)
                                    .where(catalog_meta.c.name == _INDEX_KEY)).scalar_one()
            self._index_key = self.open(blob, "catalog-index-key")
        return hmac.new(self._index_key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def catalog_url_for(root: Path, catalog_url: str | None = None) -> str:
    """The URL asked for, else FENGCUN_CATALOG_URL, else SQLite in the store directory."""
    return catalog_url or os.environ.get(ENV_CATALOG_URL) or f"sqlite:///{root / 'catalog.db'}"


def insert_ignore(conn: Connection, table: Any, values: dict[str, Any]) -> None:
    """INSERT that leaves an existing row alone (the same on SQLite and PostgreSQL)."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(postgresql.insert(table).values(**values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        conn.execute(sqlite.insert(table).values(**values).on_conflict_do_nothing())
    else:
        raise StoreError(f"catalog dialect {dialect} is not supported (use SQLite or PostgreSQL)")


def _private_sqlite_files(database: str) -> None:
    """Create the SQLite file as its owner's alone before SQLite does (it would follow the
    umask), and narrow a catalog, -wal or -shm file made otherwise: SQLite gives its -wal and
    -shm files the database file's mode, so they follow it."""
    path = Path(database)
    if not path.parent.is_dir():
        return                                  # SQLite reports the missing folder itself
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)
    for suffix in ("-wal", "-shm", "-journal"):
        try:
            os.chmod(f"{path}{suffix}", PRIVATE_FILE)
        except FileNotFoundError:
            pass


def _make_engine(url: str) -> Engine:
    """SQLite: WAL (readers never block the writer), a generous busy timeout for several
    worker processes, and BEGIN IMMEDIATE so two writers queue instead of deadlocking on
    a read-then-write upgrade; its files are the owner's alone (0600)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 60})
    database = make_url(url).database

    if database and database != ":memory:" and not database.startswith("file:"):
        @event.listens_for(engine, "do_connect")
        def _before_connect(*_args: Any) -> None:
            _private_sqlite_files(database)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
