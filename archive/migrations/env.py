"""Alembic environment: fengcun always runs migrations on a connection it passes in
(archive.database.Catalog.migrate), so there is no alembic.ini and no URL here."""
from __future__ import annotations

from alembic import context

from archive.catalog import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
