"""The SQLite cache file: where it lives, its schema, and what to do when it is unusable.

A cache is only ever a speed-up, so every failure (corrupt file, another program's lock,
read-only folder, a schema from another version) ends in a rebuilt or an in-memory
database plus a one-line notice, never in an exception.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from reader.storage.private_files import private_database, private_folder, remove_if_unused
from reader.storage.sqlite import is_damage, is_unavailable, transaction, use_wal

# Bump whenever the schema, the text handed to FTS5 (reader.query.folding.fold_for_index) or
# the stored row format changes: older caches are then rebuilt.
# 2: no bodies (read from the files on open), FTS5 text folded by unicode61, sidebar order
#    from an index instead of a rank column, entity groups.
# 3: word_index (detail=none, prefix indexes) beside text_index (positions, no prefix indexes).
# 4: entity links in entity_index (FTS5, detail=none) instead of a link table.
# 5: articles.content_key (reader.state.store.content_key, computed while parsing), so that the app
#    keys its read/starred marks without re-reading every file.
# 6: articles.item, the article's key within its file: one file may hold many articles, unique (path, item).
# 7: text_index columns source, author, site (the source: / author: / site: filters).
# 8: articles.span_start, span_length: where an item's bytes are in its file (read alone when opened).
# 9: articles.sketch and articles.story, story_index (near copies of one story, reader.stories.sketch),
#    entity_names.articles.
# 10: sketches of the text's bytes and 16 bands (band words must be deleted as they were made),
#     articles_in_stories.
SCHEMA_VERSION = 10
BUSY_TIMEOUT_MS = 5000
PAGE_SIZE = 16384  # FTS5 doclists are long: 15 % faster inserts than 4096 (measured)

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO meta VALUES ('next_id', 1), ('orphans', 0);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,                 -- assigned from meta.next_id: never reused (see orphans)
    path TEXT NOT NULL,
    item TEXT NOT NULL DEFAULT '',          -- the article's key within its file ("" for one-article files)
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sort_key INTEGER NOT NULL,              -- records.sort_key: the date packed, newest first, undated (-1) last
    title TEXT NOT NULL,
    subtitle TEXT,
    dateline TEXT,
    words INTEGER NOT NULL,
    encoding TEXT,                          -- NULL for utf-8
    title_derived INTEGER NOT NULL,
    date_written TEXT,                      -- the date as it stands in the file (its parts are in sort_key)
    first_day INTEGER, last_day INTEGER,    -- YYYYMMDD range of the date, NULL when undated
    warning TEXT,                           -- a loading caveat (e.g. decoded as cp1252)
    content_key TEXT,                       -- reader.state.store.content_key of the article (its words' hash)
    source TEXT,                            -- the publication, as the file states it (a feed's title…)
    span_start INTEGER,                     -- where the item's bytes are in the file (offset, length),
    span_length INTEGER,                    -- when its format reads an item from them alone
    entities TEXT,                          -- entity_names ids ("12 345"), NULL until the entity pass did it
    sketch BLOB,                            -- reader.stories.sketch of the text (by the entity pass)
    story INTEGER,                          -- the id of the first article of its same-story group, else NULL
    UNIQUE (path, item)
);
CREATE INDEX articles_in_order ON articles(sort_key DESC, path, item, id);
CREATE INDEX articles_by_source ON articles(source);   -- (whether there is more than one: at once)
CREATE INDEX articles_in_stories ON articles(story) WHERE story IS NOT NULL;  -- (the groups, at once)
CREATE TABLE failures (                     -- files that could not be used, so they are not re-read
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    reason TEXT NOT NULL
);
-- Two contentless full-text tables over the same articles (same rowids), see search_sql:
-- text_index has positions and columns, for phrases and fields such as title: (no prefix indexes:
-- they doubled its size), word_index only says which article has which word (detail=none,
-- one column: a fifth of the size) with prefix indexes, for words and the prefix being typed.
-- Contentless: the text lives in the files. A contentless row can only be deleted by handing
-- back its exact text, which is gone once a file changes, so a changed or removed article
-- leaves its old entries behind under an id that no article has any more ("orphans", counted
-- in meta). Every query maps ids through articles, which ignores them, and sync rebuilds the
-- tables when they outnumber the live rows.
CREATE VIRTUAL TABLE text_index USING fts5(
    title, body, dateline, source, author, site,
    content='', columnsize=0, tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE word_index USING fts5(
    words,
    content='', columnsize=0, detail=none, tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
-- Merge segments 16 at a time instead of 4: cold builds ~40 % faster, queries unchanged (measured).
INSERT INTO text_index(text_index, rank) VALUES ('automerge', 16);
INSERT INTO word_index(word_index, rank) VALUES ('automerge', 16);
CREATE TABLE entity_names (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    canonical TEXT NOT NULL,
    representative TEXT NOT NULL,           -- one spelling per person across the collection
    key TEXT NOT NULL,                      -- reader.entities.canonical_key(canonical)
    articles INTEGER NOT NULL DEFAULT 0,    -- how many articles have it (as of the last entity pass)
    UNIQUE (label, canonical)
);
CREATE INDEX entity_names_by_key ON entity_names(label, key);
-- Which articles have which entity: each article's entity ids as words ("e12 e345") in a
-- contentless detail=none table, whose rowid is the article id. 5.7 million links at 100,000
-- articles take ~10 MB here against ~110 MB as a two-way indexed link table. The words are
-- also kept in articles.entities, so that they can be deleted exactly.
CREATE VIRTUAL TABLE entity_index USING fts5(
    entities, content='', columnsize=0, detail=none, tokenize='unicode61'
);
-- Near copies: each sketch's band words (reader.stories.sketch.band_words), rowid the article id;
-- two articles sharing a word are candidates for one story. Deleted exactly from articles.sketch.
CREATE VIRTUAL TABLE story_index USING fts5(
    bands, content='', columnsize=0, detail=none, tokenize='unicode61'
);
"""

TEMP_SCHEMA = """
CREATE TEMP TABLE IF NOT EXISTS flagged_items (
    flag TEXT NOT NULL, path TEXT NOT NULL, item TEXT NOT NULL, PRIMARY KEY (flag, path, item)
);
"""


class CacheUnusable(Exception):
    """The cache file cannot be used; the message says why, for a notice."""


def default_cache_dir() -> Path:
    """The user cache directory (XDG_CACHE_HOME is respected on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("reader"))


def cache_file(cache_dir: Path, roots: list[Path]) -> Path:
    """One database per set of opened folders, so that "vanished" is well defined."""
    key = "\0".join(sorted(str(root.resolve()) for root in roots))
    # (surrogatepass: a folder whose name is not UTF-8 gets a cache too)
    return cache_dir / f"index-{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}.sqlite3"


def connect_memory() -> sqlite3.Connection:
    connection = _connect(":memory:")
    _create_if_empty(connection)
    return connection


def connect_file(path: Path) -> tuple[sqlite3.Connection, list[str]]:
    """Open (creating, upgrading or rebuilding as needed) the cache at ``path``.

    Returns the connection and notices. Raises CacheUnusable when it must be bypassed.
    """
    notices: list[str] = []
    try:
        private_folder(path.parent)
    except OSError as error:
        raise CacheUnusable(f"cannot create the cache folder {path.parent}: {error.strerror or error}") from None
    for attempt in (1, 2):
        created = private_database(path)
        try:
            return _open_checked(path, notices)
        except _Rebuild as rebuild:
            notices.append(str(rebuild))
            if attempt == 2 or not _remove(path):
                raise CacheUnusable(f"cannot rebuild the cache {path}") from None
        except BaseException:
            if created:
                remove_if_unused(path)
            raise
    raise CacheUnusable(f"cannot use the cache {path}")  # pragma: no cover - loop always returns or raises


class _Rebuild(Exception):
    """The cache file must be replaced; the message says why."""


def _open_checked(path: Path, notices: list[str]) -> tuple[sqlite3.Connection, list[str]]:
    """One attempt at `connect_file`: the connection, or _Rebuild / CacheUnusable."""
    try:
        connection = _connect(str(path))
    except sqlite3.Error as error:
        raise CacheUnusable(f"cannot open the cache {path}: {error}") from None
    try:
        version = _checked_version(connection)
        if version == SCHEMA_VERSION:
            return connection, notices
        if version == 0 and _create_if_empty(connection):
            return connection, notices
        reason = f"cache from another version ({version}, now {SCHEMA_VERSION}); rebuilding it"
    except sqlite3.DatabaseError as error:
        if is_unavailable(error):
            connection.close()
            raise CacheUnusable(f"cache {path} is unavailable ({error})") from None
        reason = f"cache was damaged ({error}); rebuilding it"
    except BaseException:
        connection.close()
        raise
    connection.close()
    raise _Rebuild(reason)


def connect_again(path: Path) -> sqlite3.Connection:
    """A second connection to a cache `connect_file` opened (for a writer beside the readers)."""
    connection = _connect(str(path))
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.executescript(TEMP_SCHEMA)
    return connection


def remove(path: Path) -> bool:
    return _remove(path)


def _connect(target: str) -> sqlite3.Connection:
    connection = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # only takes effect on a new file
    # An FTS5 merge can write a few hundred MB in one commit: don't keep a WAL that size afterwards.
    connection.execute("PRAGMA journal_size_limit = 67108864")
    return connection


def _checked_version(connection: sqlite3.Connection) -> int:
    """The schema version, after checks cheap enough for every start.

    No integrity check here (PRAGMA quick_check reads the whole file: seconds at 100,000
    articles): damage that any later query or sync runs into is recovered from the same way
    (Index._recover: the file is replaced and rebuilt, with a notice).
    """
    use_wal(connection, BUSY_TIMEOUT_MS / 1000)
    connection.execute("PRAGMA synchronous = NORMAL")
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version == SCHEMA_VERSION:
        connection.execute("SELECT value FROM meta WHERE key = 'next_id'").fetchone()
    connection.executescript(TEMP_SCHEMA)
    return version


# What an SQLite error says about the cache file, from its result code only (never from its
# message, and never from the statement that failed). Any other error (SQLITE_ERROR from a
# query the engine cannot take, say) is the statement's problem and leaves the cache alone.
def is_cache_trouble(error: BaseException) -> bool:
    """Damaged (rebuild it) or unavailable (bypass it): the cache file is at fault, not the statement."""
    return is_damage(error) or is_unavailable(error)


def _create_if_empty(connection: sqlite3.Connection) -> bool:
    """Create the schema in an empty file; False if the file holds something else.

    The look and the creation happen under one write lock: a second reader opening the same
    new cache at the same moment must see either nothing or the finished schema, never the
    half-made one it would take for a foreign file and delete from under the first.
    """
    with transaction(connection):
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if version == 0 and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            _create_schema(connection)
            version = SCHEMA_VERSION
    connection.executescript(TEMP_SCHEMA)
    return version == SCHEMA_VERSION


def _create_schema(connection: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _remove(path: Path) -> bool:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(f"{path}{suffix}")
        except FileNotFoundError:
            pass
        except OSError:
            return False
    return True
