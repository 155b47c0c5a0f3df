"""Persistence: the embedded file database by default, PostgreSQL through a URL."""

from jisr.store.db import (
    DiffReport,
    ImportReport,
    Store,
    StoredEntity,
    StoredStatement,
    StoreError,
    database_url,
    file_sha256,
    jisr_home,
)

__all__ = [
    "DiffReport",
    "ImportReport",
    "Store",
    "StoreError",
    "StoredEntity",
    "StoredStatement",
    "database_url",
    "file_sha256",
    "jisr_home",
]
