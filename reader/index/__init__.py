"""The searchable, cached collection index (SQLite + FTS5). No UI imports here."""

from reader.index.cache_db import SCHEMA_VERSION, default_cache_dir
from reader.index.indexer import Index, SyncReport
from reader.index.records import IndexedArticle

__all__ = ["SCHEMA_VERSION", "Index", "IndexedArticle", "SyncReport", "default_cache_dir"]
