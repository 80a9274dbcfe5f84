"""The searchable, cached collection index (SQLite + FTS5). No UI imports here.

``Index`` (index.py) is the facade; ``CollectionIndex`` (protocol.py) is the interface the
app, the session and the command line use; ``SyncReport`` is what a sync did.
"""

from reader.index.cache_db import SCHEMA_VERSION, default_cache_dir
from reader.index.index import Index
from reader.index.indexer import SyncReport
from reader.index.protocol import CollectionIndex
from reader.index.records import IndexedArticle

__all__ = ["SCHEMA_VERSION", "CollectionIndex", "Index", "IndexedArticle", "SyncReport", "default_cache_dir"]
