"""The collection index: a cached, searchable copy of every article's metadata and words.

Typical use::

    index = Index.open(paths)              # never raises for cache trouble: see index.notices
    index.count(); index.summaries(0, 50)  # the first screen, from the cache, touching no file
    index.sync(progress=callback)          # afterwards, in the background: re-reads only new or changed files
    positions = index.search(parse_query("iran rus"))   # indexes into index.articles()
    index.sync_entities()                  # people, organisations and places, on every core

This module is the facade and the read side: the sidebar list, one article, search and the
small writes the app makes (flags, one article's entities). Syncing with the files is in
`indexer`, the entity pass in `entity_store`, the cache file in `cache_db`; `protocol`
states the interface the app relies on.

The cache holds no article bodies: `article(id)` reads the one file again (~0.2 ms). Bodies
are only indexed, in contentless FTS5 tables (see cache_db and search_sql).

Threads: queries use one connection and `sync` writes through a second one (for a cache
file; WAL lets readers go on while a batch is written), so a keystroke never waits for
indexing. ctrl+c (or kill -9) at any moment leaves a consistent cache: a batch is committed
whole (rows and full-text entries) or not at all.

Positions (`search`, `position`, `summaries`, `articles`) refer to the sidebar order as this
object last loaded it; it reloads after each of its own committed batches and on `refresh()`
(`generation` counts the reloads), so callers holding positions should re-read after either.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable
from itertools import compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reader.index import cache_db
from reader.index.records import (
    ESCAPE,
    ORDER,
    SUMMARY_COLUMNS,
    IndexedArticle,
    article_from,
    db_path,
    make_summary,
    path_from_db,
)
from reader.model import Article, Problem, article_key, split_article_key
from reader.storage.sqlite import is_damage, transaction

#: Files of many articles (datasets, feeds, mailboxes) kept parsed for opening their articles.
FILES_KEPT = 4

if TYPE_CHECKING:
    from types import TracebackType

    from reader.index.entity_store import EntityTable
    from reader.index.indexer import SyncReport
    from reader.index.story_store import Related
    from reader.query.nodes import Text
    from reader.query.parser import Query
    from reader.stories.facets import EntityCounts

Answer = TypeVar("Answer")


class Index:
    """The index of one collection (see the module docstring); satisfies `protocol.CollectionIndex`."""

    def __init__(
        self, connection: sqlite3.Connection, roots: list[Path], notices: list[str], location: Path | None
    ) -> None:
        self._db = connection
        self.roots = roots
        self.notices = notices
        self.location = location  # None when in memory
        self._lock = threading.RLock()  # guards self._db
        self._writer: sqlite3.Connection | None = None if location is not None else connection
        self._write_lock = threading.RLock() if location is not None else self._lock
        #: Bumped whenever the sidebar list this object serves is reloaded.
        self.generation = 0
        #: Paths `article()` found changed or gone since they were indexed; the next `sync` re-reads them.
        self.stale: set[str] = set()
        # files of many articles, parsed: path -> ((size, mtime_ns), articles by item); see _file_articles
        self._many: OrderedDict[str, tuple[tuple[int, int], dict[str, Article]]] = OrderedDict()
        self._order: array[int] | None = None  # ids in sidebar order
        self._table: array[int] | None = None
        self._summaries: list[IndexedArticle] | None = None
        self._entities: EntityTable | None = None
        self._entity_state = 0  # bumped whenever stored entities change (entity_counts is rebuilt)
        self._sort_keys: tuple[int, array[int]] | None = None  # (generation, sort_keys())
        self._counts: tuple[tuple[int, int], EntityCounts] | None = None

    # ----- opening -----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        paths: Iterable[str | os.PathLike[str]],
        cache_dir: str | os.PathLike[str] | None = None,
        no_cache: bool = False,
    ) -> Index:
        """Open the cache for ``paths`` (rebuilding or bypassing it with a notice when unusable).

        Cheap: reads no files and checks only the schema version, so that the cached list can be
        shown at once; `sync` (in the background) brings it up to date.
        """
        roots = [Path(path) for path in paths]
        if no_cache:
            return cls(cache_db.connect_memory(), roots, [], None)
        notices: list[str] = []
        try:
            directory = Path(cache_dir) if cache_dir is not None else cache_db.default_cache_dir()
            location = cache_db.cache_file(directory, roots)
            connection, notices = cache_db.connect_file(location)
        except cache_db.CacheUnusable as error:
            notices.append(f"{error}; working without a cache")
            return cls(cache_db.connect_memory(), roots, notices, None)
        except Exception as error:  # noqa: BLE001 - anything unexpected: still never crash on the cache
            notices.append(f"cache unavailable ({error}); working without a cache")
            return cls(cache_db.connect_memory(), roots, notices, None)
        return cls(connection, roots, notices, location)

    def close(self) -> None:
        with self._write_lock:
            if self._writer is not None and self._writer is not self._db:
                self._writer.close()
            self._writer = None
        with self._lock:
            self._db.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    # ----- the sidebar list ------------------------------------------------------------------

    def count(self) -> int:
        """How many articles `articles()` has."""
        return len(self._ids())

    def has_many_sources(self) -> bool:
        """Whether the articles come from more than one publication (a source stated, or none)."""
        query = "SELECT COUNT(*) > 1 FROM (SELECT DISTINCT source FROM articles LIMIT 2)"
        return bool(self._read(lambda db: db.execute(query).fetchone()[0], 0))

    def articles(self) -> list[IndexedArticle]:
        """Every article in sidebar order (newest first, undated last by path), without bodies."""
        with self._lock:
            if self._summaries is None:
                # Unordered (a table scan), then put in the order the index gives: twice as fast.
                def read(db: sqlite3.Connection) -> tuple[list[int], list[Any]]:
                    with transaction(db, "BEGIN"):  # one snapshot for both
                        order = db.execute(
                            f"SELECT json_group_array(id) FROM (SELECT id FROM articles ORDER BY {ORDER})"
                        ).fetchone()[0]
                        return json.loads(order), db.execute(f"SELECT {SUMMARY_COLUMNS} FROM articles").fetchall()

                empty: tuple[list[int], list[Any]] = ([], [])
                order, rows = self._read(read, empty)
                by_id = dict(zip(map(itemgetter(0), rows), map(make_summary, rows), strict=True))
                del rows
                self._set_order(array("q", order), list(map(by_id.__getitem__, order)))
            assert self._summaries is not None
            return self._summaries

    def summaries(self, start: int, stop: int) -> list[IndexedArticle]:
        """Rows ``start:stop`` of `articles()`, reading only those (for a lazily drawn sidebar)."""
        with self._lock:
            if self._summaries is not None:
                return self._summaries[start:stop]
            ids = self._ids()[start:stop]
            if not ids:
                return []
            rows: list[Any] = self._read(
                lambda db: db.execute(
                    f"SELECT {SUMMARY_COLUMNS} FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(ids.tolist()),),
                ).fetchall(),
                [],
            )
        by_id = {row[0]: row for row in rows}
        return [make_summary(by_id[i]) for i in ids if i in by_id]

    def position(self, article_id: int) -> int | None:
        """Where the article with this id is in `articles()`, or None."""
        with self._lock:
            table = self._position_table()
            count = len(self._ids())
        position = table[article_id] if 0 <= article_id < len(table) else count
        return position if position < count else None

    def refresh(self) -> None:
        """Forget the loaded list, so that changes written by another process show (next call reloads)."""
        with self._lock:
            self._invalidate()
            self._forget_entity_table()

    def _ids(self) -> array[int]:
        with self._lock:
            if self._order is None:
                listed = self._read(
                    lambda db: db.execute(
                        f"SELECT json_group_array(id) FROM (SELECT id FROM articles ORDER BY {ORDER})"
                    ).fetchone()[0],
                    "[]",
                )
                self._set_order(array("q", json.loads(listed)), None)
            assert self._order is not None
            return self._order

    def _position_table(self) -> array[int]:
        """Sidebar position by article id (len(order): no such article), for mapping many ids at C speed.

        An array, not a list: 4 bytes an entry, and nothing for the garbage collector to walk.
        """
        with self._lock:
            if self._table is None:
                order = self._ids()
                table = array("i", [len(order)]) * ((max(order) if order else 0) + 1)
                for position, article_id in enumerate(order):
                    table[article_id] = position
                self._table = table
            return self._table

    def _set_order(self, order: array[int], summaries: list[IndexedArticle] | None) -> None:
        if self._order is None or order != self._order:
            self.generation += 1
            self._table = None
        self._order = order
        self._summaries = summaries

    def _invalidate(self) -> None:
        self._order = None
        self._summaries = None
        self._table = None

    # ----- reading ---------------------------------------------------------------------------

    def article(self, article_id: int) -> Article | None:
        """The full article: its row from the cache, its paragraphs from the file (read again).

        The file is read through its source format and the article with the row's item key is
        returned: as it is now when the file changed since it was indexed, None when the file no
        longer holds that item; when the file is gone or unreadable, the cached metadata without
        paragraphs. Whenever the file is not as indexed, its path goes into `stale` and the next
        `sync` re-reads it.
        """
        with self._lock:
            row: Any = self._read(
                lambda db: db.execute(
                    f"SELECT {SUMMARY_COLUMNS}, span_start, span_length FROM articles WHERE id = ?", (article_id,)
                ).fetchone(),
                None,
            )
        if row is None:
            return None
        summary = make_summary(row[:-2])
        if row[-2] is not None:
            found = read_at_span(summary, row[-2], row[-1])
            if found is not None:
                return found
        by_item = self._file_articles(summary.path)
        if by_item is None:
            self.stale.add(summary.path)
            return article_from(summary)
        article = by_item.get(summary.item)
        if article is None or (article.size, article.mtime_ns) != (summary.size, summary.mtime_ns):
            self.stale.add(summary.path)
        return article

    def _file_articles(self, path: str) -> dict[str, Article] | None:
        """A file's articles by item key (None: it has none now). The last few files of many
        articles are kept while their size and mtime stay the same: reading a dataset, a feed or
        a mailbox again for each record opened would take up to a second each time."""
        from reader.ingest.files import load_articles

        kept = self._many.get(path)
        if kept is not None:
            try:
                info = os.stat(path)
            except OSError:
                info = None
            if info is not None and (info.st_size, info.st_mtime_ns) == kept[0]:
                self._many.move_to_end(path)
                return kept[1]
        articles, _ = load_articles(Path(path))
        if not articles:
            return None
        by_item = {article.item: article for article in articles}
        if len(articles) > 1:
            self._many[path] = ((articles[0].size, articles[0].mtime_ns), by_item)
            while len(self._many) > FILES_KEPT:
                self._many.popitem(last=False)
        return by_item

    def article_id(self, path: str, item: str = "") -> int | None:
        """The id of the article stored for (``path``, ``item``); None when there is none or the cache
        cannot answer (a caller asking about one article never has to handle cache errors)."""
        stored = db_path(path)
        try:
            with self._lock:
                row: Any = self._read(
                    lambda db: db.execute(
                        "SELECT id FROM articles WHERE path = ? AND item = ?", (stored, item)
                    ).fetchone(),
                    None,
                )
        except sqlite3.Error:
            return None
        return None if row is None else int(row[0])

    def find_file(self, path: str) -> list[tuple[int, str]]:
        """(id, item) of the articles of the file at ``path`` however it is written (relative,
        through a link): the stored files of the same name that are the same file."""
        name = os.path.basename(path)
        if not name:
            return []
        rows: list[Any] = self._read(
            lambda db: db.execute(
                "SELECT id, path, item FROM articles WHERE path = ? OR path LIKE ? ESCAPE '\\' ORDER BY id",
                (db_path(path), "%/" + db_path(name).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")),
            ).fetchall(),
            [],
        )
        found = []
        for article_id, stored, item in rows:
            try:
                if os.path.samefile(path_from_db(stored), path):
                    found.append((int(article_id), str(item)))
            except OSError:
                continue
        return found

    def problems(self) -> list[Problem]:
        """Files that could not be used (errors) or were used with a caveat (warnings)."""
        with self._lock:
            nothing: tuple[list[Any], list[Any]] = ([], [])
            failures, warnings = self._read(
                lambda db: (
                    db.execute("SELECT path, reason FROM failures ORDER BY path").fetchall(),
                    db.execute(
                        "SELECT DISTINCT path, warning FROM articles WHERE warning IS NOT NULL ORDER BY path"
                    ).fetchall(),
                ),
                nothing,
            )
        # A file's warnings are stored with each of its articles, one per line (reader.index.ingest).
        return [Problem(path_from_db(path), reason) for path, reason in failures] + [
            Problem(path_from_db(path), reason, "warning")
            for path, joined in warnings
            for reason in dict.fromkeys(joined.split("\n"))
        ]

    def search(self, query: Query, limit: int | None = None) -> list[int]:
        """Positions in `articles()` of the matching articles, ascending (sidebar order).

        ``limit`` keeps only the first positions. Raises QueryTooComplex for a query the
        search engine cannot take.
        """
        with self._lock:
            table = self._position_table()
            count = len(self._ids())
        if query.root is None:
            found = list(range(count))
            return found if limit is None else found[: int(limit)]
        from reader.index.search_sql import compile_query  # not needed for the first frame
        from reader.query.parser import QueryTooComplex

        try:
            sql, params = compile_query(query.root, self._entity_ids)
        except RecursionError:  # (a tree no parsed query has: the parser limits nesting)
            raise QueryTooComplex("query too complex: nested too deeply") from None
        # One JSON array instead of a Python row per match: 40 % less time for 90,000 matches.
        sql = f"SELECT json_group_array(id) FROM ({sql})"
        try:
            with self._lock:
                ids = json.loads(self._read(lambda db: db.execute(sql, params).fetchone()[0], "[]"))
        except sqlite3.Error as error:
            # Not the cache's fault (_read recovers from that): the engine cannot take this query,
            # e.g. "fts5: parser stack overflow" or too many terms. Tell the user; touch nothing.
            raise QueryTooComplex(f"query too complex for the search engine ({error})") from None
        if ids and max(ids) >= len(table):  # ids of rows this object has not loaded (or orphans)
            table = table + array("i", [count]) * (max(ids) + 1 - len(table))
        # Sorting without sorting: flag each position (in C: map, not a Python loop), then list the flags.
        flags = bytearray(count + 1)  # the last one catches ids that have no position
        any(map(flags.__setitem__, map(table.__getitem__, ids), repeat(1)))
        found = list(compress(range(count), flags))
        return found if limit is None else found[: int(limit)]

    # ----- state and entities, which other parts of the app own and push here ------------------

    def set_flagged(self, flag: str, paths: Iterable[str]) -> None:
        """Which articles carry ``flag`` ("read", "starred") for is: filters, named by
        `reader.model.article_key` (the path of a one-article file); the state store owns these
        and pushes them here (they live only for this session)."""
        listed = [split_article_key(key) for key in paths]

        def write(db: sqlite3.Connection) -> None:
            with transaction(db, "BEGIN"):  # temp tables only: no lock on the cache file
                db.execute("DELETE FROM temp.flagged_items WHERE flag = ?", (flag,))
                db.executemany(
                    "INSERT OR IGNORE INTO temp.flagged_items VALUES (?, ?, ?)",
                    ((flag, db_path(path), item) for path, item in listed),
                )

        with self._lock:
            self._read(write, None)

    def set_entities(self, path: str, entities: Iterable[tuple[str, str]], item: str = "") -> None:
        """Replace an article's entities with (label, canonical name) pairs, e.g. ("PERSON", "Sergei Lavrov")."""
        from reader.index.entity_store import store_entities

        pairs = sorted(set(entities))
        stored = db_path(path)

        def write(db: sqlite3.Connection) -> None:
            found = db.execute("SELECT id FROM articles WHERE path = ? AND item = ?", (stored, item)).fetchone()
            if found is not None:
                store_entities(db, [(found[0], pairs)], {})

        self._write(write)
        self._forget_entity_table()

    def entities_of(self, path: str, item: str = "") -> list[tuple[str, str]]:
        """An article's (label, canonical name) pairs, as stored."""
        stored = db_path(path)

        def read(db: sqlite3.Connection) -> list[tuple[str, str]]:
            found = db.execute("SELECT entities FROM articles WHERE path = ? AND item = ?", (stored, item)).fetchone()
            if found is None or not found[0]:
                return []
            return db.execute(
                "SELECT label, canonical FROM entity_names WHERE id IN (SELECT value FROM json_each(?)) "
                "ORDER BY label, canonical",
                (json.dumps([int(i) for i in found[0].split()]),),
            ).fetchall()

        with self._lock:
            return self._read(read, [])

    def person_aliases(self) -> dict[str, str]:
        """PERSON canonical name → the collection's representative spelling, where they differ
        (after `sync_entities`: "Sergey Lavrov" → "Sergei Lavrov")."""
        with self._lock:
            rows: list[tuple[str, str]] = self._read(
                lambda db: db.execute(
                    "SELECT canonical, representative FROM entity_names "
                    "WHERE label = 'PERSON' AND representative != canonical"
                ).fetchall(),
                [],
            )
        return dict(rows)

    def entity_counts(self) -> EntityCounts:
        """Every article's entities as numbers to count (reader.stories.facets), in `articles()`'s
        order; people under the collection's one spelling of each. Built once per list and entity
        state (~1 s at 100,000 articles: callers ask from a worker)."""
        from reader.stories.facets import EntityCounts

        with self._lock:
            table = self._position_table()
            count = len(self._ids())
            generation = self.generation
            if self._counts is not None and self._counts[0] == (generation, self._entity_state):
                return self._counts[1]
            state = self._entity_state

            def read(db: sqlite3.Connection) -> tuple[list[Any], list[Any]]:
                with transaction(db, "BEGIN"):
                    names = db.execute("SELECT id, label, canonical, representative FROM entity_names").fetchall()
                    return names, db.execute("SELECT id, entities FROM articles WHERE entities != ''").fetchall()

            empty: tuple[list[Any], list[Any]] = ([], [])
            names, rows = self._read(read, empty)
        by_position: list[str | None] = [None] * count
        for article_id, text in rows:
            position = table[article_id] if article_id < len(table) else count
            if position < count:
                by_position[position] = text
        del rows
        counts = EntityCounts.build(
            {
                entity_id: (label, representative if label == "PERSON" else canonical)
                for entity_id, label, canonical, representative in names
            },
            by_position,
        )
        with self._lock:
            if self.generation == generation and self._entity_state == state:
                self._counts = ((generation, state), counts)
        return counts

    def sort_keys(self) -> array[int]:
        """Every article's packed date (records.sort_key; -1 undated) in `articles()`'s order, 8
        bytes an article: what the timeline counts, without reading the sidebar's rows (a chart
        built from pages of rows kept tens of MB of them alive at 100,000 articles)."""
        with self._lock:
            self._ids()
            generation = self.generation
            if self._sort_keys is not None and self._sort_keys[0] == generation:
                return self._sort_keys[1]
            # Straight from the cursor into the array: no list of 100,000 ints beside it (the
            # timeline asks for each snapshot while a cold build goes on).
            keys = self._read(
                lambda db: array(
                    "q", map(itemgetter(0), db.execute(f"SELECT sort_key FROM articles ORDER BY {ORDER}"))
                ),
                array("q"),
            )
            self._sort_keys = (generation, keys)
            return keys

    def story_ids(self) -> dict[int, int]:
        """Article id → the id of its same-story group, for the articles in a group (after the
        entity pass grouped them; reader.index.story_store): one indexed read, not every row."""
        with self._lock:
            rows: list[tuple[int, int]] = self._read(
                lambda db: db.execute("SELECT id, story FROM articles WHERE story IS NOT NULL").fetchall(), []
            )
        return dict(rows)

    def related(self, article_id: int, limit: int = 10) -> list[Related]:
        """The ``limit`` articles most related to this one, best first (reader.index.story_store),
        from its entities and sketch as the entity pass stored them and its rarest words."""
        from reader.index.story_store import related_articles
        from reader.query.folding import fts_may_split, tokens

        article = self.article(article_id)
        words = [word for word in dict.fromkeys(tokens(article.text)) if not fts_may_split(word)] if article else []
        with self._lock:
            total = len(self._ids())
            found: list[Related] = self._read(lambda db: related_articles(db, article_id, words, limit, total), [])
        return found

    def content_keys(self) -> dict[str, str]:
        """`reader.model.article_key` (the path of a one-article file) → reader.state.store.content_key
        of every article, from the cache (computed while parsing), so that marks are keyed without
        re-reading the files. Straight from the cursor into the dict: no list of 100,000 rows
        alongside it (SQLite joins path and item as article_key does)."""
        with self._lock:
            keys: dict[str, str] = self._read(
                lambda db: dict(
                    db.execute(
                        "SELECT CASE item WHEN '' THEN path ELSE path || char(0) || item END, content_key "
                        "FROM articles WHERE content_key IS NOT NULL"
                    )
                ),
                {},
            )
        if any(ESCAPE in key for key in keys):  # (file names that are not UTF-8: rare)
            keys = {_key_from_db(key): content for key, content in keys.items()}
        return keys

    def _entity_ids(self, term: Text) -> list[int]:
        table = self._entities
        if table is None:
            from reader.index.entity_store import EntityTable

            with self._lock:
                rows: list[Any] = self._read(
                    lambda db: db.execute(
                        "SELECT id, label, canonical, representative, key FROM entity_names"
                    ).fetchall(),
                    [],
                )
            table = self._entities = EntityTable(rows)
        return table.ids(term)

    # ----- the passes over the files -------------------------------------------------------------

    def sync(
        self,
        progress: Callable[[int, int], None] | None = None,
        workers: int | None = None,
        before_processes: Callable[[], None] | None = None,
    ) -> SyncReport:
        """Bring the cache up to date with the files: parse only new or changed ones, drop vanished ones.

        ``progress(done, total)`` is called after each committed batch (total = files to parse).
        Parses in worker processes when there are many files: by default one fewer than the
        cores (this process inserts); ``workers=N`` asks for N, ``workers=1`` parses here.
        ``before_processes()`` is called first if worker processes are to start (the app waits
        there until multiprocessing's resource tracker runs with a real stderr).
        """
        from reader.index import indexer

        return indexer.sync(self, progress, workers, before_processes)

    def sync_entities(
        self,
        progress: Callable[[int, int], None] | None = None,
        workers: int | None = None,
        before_processes: Callable[[], None] | None = None,
    ) -> int:
        """Find the entities of every article that has none yet (on every core), store them, and
        group one person's spellings ("Sergey Lavrov", "Sergei Lavrov") across the collection.

        ``progress(done, total)`` after each committed batch; ``before_processes`` as in `sync`.
        Returns how many articles were done. Interruptible like `sync`: what was committed stays done.
        """
        from reader.index import entity_store

        return entity_store.sync_entities(self, progress, workers, before_processes)

    # ----- connections and recovery (also used by indexer and entity_store) -----------------------

    def _forget_loaded(self) -> None:
        """Drop the loaded sidebar list after a write changed the articles (the next call reloads)."""
        with self._lock:
            self._invalidate()

    def _forget_entity_table(self) -> None:
        """Drop the entity names loaded for queries and counts after a write changed them."""
        self._entities = None
        self._entity_state += 1
        self._counts = None

    def _read(self, run: Callable[[sqlite3.Connection], Answer], default: Answer) -> Answer:
        """``run(reader connection)``; on a damaged or unusable cache, recover and run it again once."""
        with self._lock:
            try:
                return run(self._db)
            except sqlite3.DatabaseError as error:
                if not cache_db.is_cache_trouble(error):
                    raise  # the statement's own error (a query the engine can't take): the cache is fine
                self._recover(error)
            try:
                return run(self._db)
            except sqlite3.DatabaseError:  # pragma: no cover - a fresh database failed too
                return default

    def _write(self, run: Callable[[sqlite3.Connection], Answer], atomic: bool = True) -> Answer:
        """``run(writer connection)``, by default in one IMMEDIATE transaction (rolled back on any
        exception); ``atomic=False`` for pragmas and reads that need no transaction."""
        with self._write_lock:
            if self._writer is None:
                assert self.location is not None  # (in memory, the writer is the reader connection)
                self._writer = cache_db.connect_again(self.location)
            db = self._writer
            if not atomic:
                return run(db)
            with transaction(db):
                return run(db)

    def _recover(self, error: sqlite3.DatabaseError) -> None:
        """Replace a damaged cache with a fresh one (or, failing that, a database in memory).

        Lock order: the reader lock, then the writer lock (a reader may call this while holding
        its lock; a writer never takes the reader lock while it holds its own).
        """
        with self._lock, self._write_lock:
            for connection in {id(c): c for c in (self._db, self._writer) if c is not None}.values():
                try:
                    connection.close()
                except sqlite3.Error:
                    pass
            self._writer = None
            self._invalidate()
            self._forget_entity_table()
            if self.location is not None and is_damage(error):
                self.notices.append(f"cache was damaged ({error}); rebuilding it")
                try:
                    if cache_db.remove(self.location):
                        self._db, more = cache_db.connect_file(self.location)
                        self.notices.extend(more)
                        return
                except cache_db.CacheUnusable:
                    pass
            self.notices.append(f"cache unavailable ({error}); working without a cache")
            self.location = None
            self._db = cache_db.connect_memory()
            self._writer = self._db
            self._write_lock = self._lock


def _key_from_db(key: str) -> str:
    """An article_key read from the cache: only its path part was stored escaped (records.db_path)."""
    path, item = split_article_key(key)
    return article_key(path_from_db(path), item)


def read_at_span(summary: IndexedArticle, start: int, length: int) -> Article | None:
    """The article read from its item's own bytes in the file, when the file is as indexed (same
    size and time) and those bytes still hold the item; None otherwise (then the whole file is read)."""
    from reader.ingest.files import read_spans

    stamp = (summary.size, summary.mtime_ns)
    article = read_spans(summary.path, stamp, [(summary.item, start, length)]).get(summary.item)
    if article is not None:
        article.encoding = summary.encoding
    return article
