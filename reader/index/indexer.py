"""The collection index: a cached, searchable copy of every article's metadata and words.

Typical use::

    index = Index.open(paths)              # never raises for cache trouble: see index.notices
    index.count(); index.summaries(0, 50)  # the first screen, from the cache, touching no file
    index.sync(progress=callback)          # afterwards, in the background: re-reads only new or changed files
    positions = index.search(parse_query("iran rus"))   # indexes into index.articles()
    index.sync_entities()                  # people, organisations and places, on every core

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
import time
from array import array
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from dataclasses import dataclass, field
from collections import Counter, deque
from itertools import chain, compress, islice, repeat
from operator import itemgetter
from pathlib import Path

from reader.model import Article, Problem, path_text
from reader.index import cache_db
from reader.index.records import (
    ARTICLE_COLUMNS,
    ESCAPE,
    ORDER,
    SUMMARY_COLUMNS,
    IndexedArticle,
    article_from,
    db_path,
    make_summary,
    path_from_db,
)

if TYPE_CHECKING:
    from reader.query.nodes import Text

BATCH_SECONDS = 0.25  # the first batch, so that a cold start shows articles quickly
MAX_BATCH_SECONDS = 1.0  # later batches grow to this (fewer, bigger FTS5 segments)
MAX_BATCH_ITEMS = 250  # ... or hold this many articles (their text is in memory until committed)
PARALLEL_FROM = 200  # files to parse before worker processes are worth their start-up
ORPHANS_FLOOR = 5000  # rebuild the text index when orphans exceed this and the live rows
BUILD_CACHE_KIB = 12 * 1024  # SQLite page cache of the writer during a sync (8: ~20 % slower builds)
ENTITY_PATHS_AT_ONCE = 1024  # the entity pass reads its articles' paths this many at a time
#: Labels the entity pass stores (dates are everywhere and no query field asks for them).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "PLACE", "MISC"})


@dataclass(slots=True)
class SyncReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


class Index:
    def __init__(self, connection: sqlite3.Connection, roots: list[Path], notices: list[str], location: Path | None):
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
        self._order: array | None = None  # ids in sidebar order
        self._table: array | None = None
        self._summaries: list[IndexedArticle] | None = None
        self._entities: _EntityTable | None = None

    # ----- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, paths: Iterable[str | os.PathLike], cache_dir: str | os.PathLike | None = None,
             no_cache: bool = False) -> Index:
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
        except Exception as error:  # anything unexpected: still never crash on the cache
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

    def __exit__(self, *exc) -> None:
        self.close()

    # ----- the sidebar list ------------------------------------------------------------------

    def count(self) -> int:
        """How many articles `articles()` has."""
        return len(self._ids())

    def articles(self) -> list[IndexedArticle]:
        """Every article in sidebar order (newest first, undated last by path), without bodies."""
        with self._lock:
            if self._summaries is None:
                # Unordered (a table scan), then put in the order the index gives: twice as fast.
                def read(db):
                    with _Transaction(db, "BEGIN"):  # one snapshot for both
                        order = db.execute(
                            f"SELECT json_group_array(id) FROM (SELECT id FROM articles ORDER BY {ORDER})").fetchone()[0]
                        return json.loads(order), db.execute(f"SELECT {SUMMARY_COLUMNS} FROM articles").fetchall()

                order, rows = self._read(read, ([], []))
                by_id = dict(zip(map(itemgetter(0), rows), map(make_summary, rows)))
                del rows
                self._set_order(array("q", order), list(map(by_id.__getitem__, order)))
            return self._summaries

    def summaries(self, start: int, stop: int) -> list[IndexedArticle]:
        """Rows ``start:stop`` of `articles()`, reading only those (for a lazily drawn sidebar)."""
        with self._lock:
            if self._summaries is not None:
                return self._summaries[start:stop]
            ids = self._ids()[start:stop]
            if not ids:
                return []
            rows = self._read(lambda db: db.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids.tolist()),)).fetchall(), [])
        by_id = {row[0]: row for row in rows}
        return [make_summary(by_id[i]) for i in ids if i in by_id]

    def position(self, article_id: int) -> int | None:
        """Where the article with this id is in `articles()`, or None."""
        with self._lock:
            table = self._position_table()
            count = len(self._order)
        position = table[article_id] if 0 <= article_id < len(table) else count
        return position if position < count else None

    def refresh(self) -> None:
        """Forget the loaded list, so that changes written by another process show (next call reloads)."""
        with self._lock:
            self._invalidate()
            self._entities = None

    def _ids(self) -> array:
        with self._lock:
            if self._order is None:
                listed = self._read(lambda db: db.execute(
                    f"SELECT json_group_array(id) FROM (SELECT id FROM articles ORDER BY {ORDER})").fetchone()[0], "[]")
                self._set_order(array("q", json.loads(listed)), None)
            return self._order

    def _position_table(self) -> array:
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

    def _set_order(self, order: array, summaries: list[IndexedArticle] | None) -> None:
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

        When the file changed since it was indexed, the article as it is now; when it is gone
        or unreadable, the cached metadata without paragraphs. Either way the path goes into
        `stale` and the next `sync` re-reads it.
        """
        from reader.ingest.files import load_file

        with self._lock:
            row = self._read(lambda db: db.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone(), None)
        if row is None:
            return None
        summary = make_summary(row)
        article, _ = load_file(Path(summary.path))
        if article is None:
            self.stale.add(summary.path)
            return article_from(summary)
        if (article.size, article.mtime_ns) != (summary.size, summary.mtime_ns):
            self.stale.add(summary.path)
        return article

    def article_id(self, path: str) -> int | None:
        """The id of the article stored for ``path``; None when there is none or the cache
        cannot answer (a caller asking about one file never has to handle cache errors)."""
        stored = db_path(path)
        try:
            with self._lock:
                row = self._read(lambda db: db.execute(
                    "SELECT id FROM articles WHERE path = ?", (stored,)).fetchone(), None)
        except sqlite3.Error:
            return None
        return None if row is None else int(row[0])

    def problems(self) -> list[Problem]:
        """Files that could not be used (errors) or were used with a caveat (warnings)."""
        with self._lock:
            failures, warnings = self._read(lambda db: (
                db.execute("SELECT path, reason FROM failures ORDER BY path").fetchall(),
                db.execute("SELECT path, warning FROM articles WHERE warning IS NOT NULL ORDER BY path").fetchall(),
            ), ([], []))
        return [Problem(path_from_db(path), reason) for path, reason in failures] + [
            Problem(path_from_db(path), reason, "warning") for path, reason in warnings
        ]

    def search(self, query, limit: int | None = None) -> list[int]:
        """Positions in `articles()` of the matching articles, ascending (sidebar order).

        ``query`` is a reader.query.Query; ``limit`` keeps only the first positions.
        """
        with self._lock:
            table = self._position_table()
            count = len(self._order)
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

    # ----- state and entities (filled by other parts of the app) ---------------------------

    def set_flagged(self, flag: str, paths: Iterable[str]) -> None:
        """Which articles carry ``flag`` ("read", "starred") for is: filters; the state store
        owns these and pushes them here (they live only for this session)."""
        paths = list(paths)

        def write(db):
            with _Transaction(db, "BEGIN"):  # temp tables only: no lock on the cache file
                db.execute("DELETE FROM temp.flagged WHERE flag = ?", (flag,))
                db.executemany("INSERT OR IGNORE INTO temp.flagged VALUES (?, ?)", ((flag, db_path(p)) for p in paths))

        with self._lock:
            self._read(write, None)

    def set_entities(self, path: str, entities: Iterable[tuple[str, str]]) -> None:
        """Replace an article's entities with (label, canonical name) pairs, e.g. ("PERSON", "Sergei Lavrov")."""
        pairs = sorted(set(entities))
        stored = db_path(path)

        def write(db):
            found = db.execute("SELECT id FROM articles WHERE path = ?", (stored,)).fetchone()
            if found is not None:
                _store_entities(db, [(found[0], pairs)], {})

        self._write(write)
        self._entities = None

    def entities_of(self, path: str) -> list[tuple[str, str]]:
        """An article's (label, canonical name) pairs, as stored."""
        stored = db_path(path)

        def read(db):
            found = db.execute("SELECT entities FROM articles WHERE path = ?", (stored,)).fetchone()
            if found is None or not found[0]:
                return []
            return db.execute(
                "SELECT label, canonical FROM entity_names WHERE id IN (SELECT value FROM json_each(?)) "
                "ORDER BY label, canonical", (json.dumps([int(i) for i in found[0].split()]),)).fetchall()

        with self._lock:
            return self._read(read, [])

    def person_aliases(self) -> dict[str, str]:
        """PERSON canonical name → the collection's representative spelling, where they differ
        (after `sync_entities`: "Sergey Lavrov" → "Sergei Lavrov")."""
        with self._lock:
            rows = self._read(lambda db: db.execute(
                "SELECT canonical, representative FROM entity_names "
                "WHERE label = 'PERSON' AND representative != canonical").fetchall(), [])
        return dict(rows)

    def content_keys(self) -> dict[str, str]:
        """path → reader.state.store.content_key of every article, from the cache (computed while
        parsing), so that marks are keyed without re-reading the files. Straight from the cursor
        into the dict: no list of 100,000 rows alongside it."""
        with self._lock:
            keys = self._read(lambda db: dict(db.execute(
                "SELECT path, content_key FROM articles WHERE content_key IS NOT NULL")), {})
        if any(ESCAPE in path for path in keys):  # (file names that are not UTF-8: rare)
            keys = {path_from_db(path): key for path, key in keys.items()}
        return keys

    def paths_without_entities(self) -> list[str]:
        """Articles the entity pass has not done yet (new or changed since), in sidebar order."""
        with self._lock:
            return [path_from_db(row[0]) for row in self._read(lambda db: db.execute(
                f"SELECT path FROM articles WHERE entities IS NULL ORDER BY {ORDER}").fetchall(), [])]

    def sync_entities(self, progress: Callable[[int, int], None] | None = None, workers: int | None = None,
                      before_processes: Callable[[], None] | None = None) -> int:
        """Find the entities of every article that has none yet (on every core), store them, and
        group one person's spellings ("Sergey Lavrov", "Sergei Lavrov") across the collection.

        ``progress(done, total)`` after each committed batch; ``before_processes`` as in `sync`.
        Returns how many articles were done. Interruptible like `sync`: what was committed stays done.
        """
        def read(db):
            # Ids only, straight from the cursor into an array (8 bytes each); the paths are read
            # a chunk at a time as jobs are handed out (no 100,000 rows or paths held meanwhile).
            ids = array("q")
            for (article_id,) in db.execute(f"SELECT id FROM articles WHERE entities IS NULL ORDER BY {ORDER}"):
                ids.append(article_id)
            return ids

        with self._lock:
            ids = self._read(read, array("q"))
        total = len(ids)
        if progress is not None:
            progress(0, total)
        if not ids:
            return 0
        if workers is None:
            workers = (os.cpu_count() or 1) if total >= PARALLEL_FROM else 1
        processes = workers if workers > 1 else 0
        names: dict[tuple[str, str], int] = {}
        done = 0

        def flush(batch) -> None:
            nonlocal done
            self._write(lambda db: _store_entities(db, batch, names))
            self._entities = None
            done += len(batch)
            if progress is not None:
                progress(done, total)

        taken: deque[int] = deque()  # ids of the jobs handed out, in order (results come in that order)

        def jobs():
            for start in range(0, total, ENTITY_PATHS_AT_ONCE):
                chunk = ids[start : start + ENTITY_PATHS_AT_ONCE]
                listed = json.dumps(chunk.tolist())
                with self._lock:
                    paths = dict(self._read(lambda db: db.execute(
                        "SELECT id, path FROM articles WHERE id IN (SELECT value FROM json_each(?))", (listed,)).fetchall(), []))
                for article_id in chunk:
                    path = paths.get(article_id)
                    if path is not None:  # else re-synced or removed meanwhile: nothing to do
                        taken.append(article_id)
                        yield (path_from_db(path),)

        results = _results(entity_job, jobs(), processes, window=512, chunksize=16, before=before_processes,
                           count=total, on_error=entity_job_failed)
        try:
            _batched(((taken.popleft(), result) for result in results), flush)
        finally:
            results.close()
        self._write(_group_people)
        self._entities = None
        return done

    def _entity_ids(self, term: Text) -> list[int]:
        table = self._entities
        if table is None:
            with self._lock:
                rows = self._read(lambda db: db.execute(
                    "SELECT id, label, canonical, representative, key FROM entity_names").fetchall(), [])
            table = self._entities = _EntityTable(rows)
        return table.ids(term)

    # ----- syncing with the files -----------------------------------------------------------

    def sync(self, progress: Callable[[int, int], None] | None = None, workers: int | None = None,
             before_processes: Callable[[], None] | None = None) -> SyncReport:
        """Bring the cache up to date with the files: parse only new or changed ones, drop vanished ones.

        ``progress(done, total)`` is called after each committed batch (total = files to parse).
        Parses in worker processes when there are many files: by default one fewer than the
        cores (this process inserts); ``workers=N`` asks for N, ``workers=1`` parses here.
        ``before_processes()`` is called first if worker processes are to start (the app waits
        there until multiprocessing's resource tracker runs with a real stderr).
        """
        try:
            return self._sync(progress, workers, before_processes)
        except sqlite3.DatabaseError as error:
            if not cache_db.is_cache_trouble(error):
                raise
            self._recover(error)
            return self._sync(progress, workers, before_processes)

    def _sync(self, progress, workers, before_processes=None) -> SyncReport:
        from reader.ingest.files import check_paths, discover_stats, seeds_dir

        report = SyncReport()
        roots = check_paths(self.roots) if self.roots else [seeds_dir()]
        stale, self.stale = self.stale, set()

        def read_stamps(db):
            known = {path_from_db(path): (size, mtime) for path, size, mtime in
                     db.execute("SELECT path, size, mtime_ns FROM articles")}
            failed = {path_from_db(path): (size, mtime) for path, size, mtime in
                      db.execute("SELECT path, size, mtime_ns FROM failures")}
            orphans = db.execute("SELECT value FROM meta WHERE key = 'orphans'").fetchone()[0]
            return known, failed, orphans

        known, failed, orphans = self._write(read_stamps, transaction=False)
        if orphans > max(ORPHANS_FLOOR, len(known)):
            self._write(_clear_text_index)
            self.notices.append(f"rebuilt the search index ({orphans} out-of-date entries)")
            known, failed = {}, {}
        # Files are compared as they are found; what is left in known/failed has vanished.
        # The files to parse: paths in a list, (size, mtime_ns) pairs in an array (8 bytes a
        # number, not a tuple of int objects per file: ~13 MB less at 100,000 files).
        todo: list[str | None] = []
        stamps = array("q")
        cached: set[str] = set()
        for item in discover_stats(roots):
            if isinstance(item, Problem):
                report.problems.append(item)
                continue
            path, info = item
            stamp = (info.st_size, info.st_mtime_ns)
            was = known.pop(path, None)
            if (was == stamp or failed.pop(path, None) == stamp) and path not in stale:
                report.unchanged += 1
                continue
            if was is not None:
                cached.add(path)
            todo.append(path)
            stamps.extend(stamp)
        vanished = [*known, *failed]
        del known, failed
        if vanished:
            self._write(lambda db: _forget(db, vanished))
            report.removed = len(vanished)
            with self._lock:
                self._invalidate()
        self._parse_and_store(todo, stamps, cached, report, progress, workers, before_processes)
        report.problems.extend(self.problems())
        return report

    def _parse_and_store(self, todo, stamps, cached_paths, report, progress, workers, before_processes=None) -> None:
        """Parse the files ``todo`` (paths; ``stamps`` their sizes and mtimes, two numbers a file)
        and store them in batches. Each path is dropped from ``todo`` as it is handed out."""
        total = len(todo)
        if progress is not None:
            progress(0, total)
        if not todo:
            return
        if workers is None:
            # This process inserts (SQLite is the bottleneck), the others parse: on 2 cores one
            # parsing process beside it is ~5 % faster than two (measured).
            processes = (os.cpu_count() or 1) - 1 if total >= PARALLEL_FROM else 0
        else:
            processes = workers if workers > 1 else 0
        done = 0

        def flush(batch) -> None:
            nonlocal done
            self._write(lambda db: _store(db, batch))
            for row, texts in batch:
                if texts is not None:
                    if row[0] in cached_paths:
                        report.updated += 1
                    else:
                        report.added += 1
            with self._lock:
                self._invalidate()
            done += len(batch)
            if progress is not None:
                progress(done, total)

        def jobs():
            for i in range(total):
                path, todo[i] = todo[i], None
                yield path, stamps[2 * i], stamps[2 * i + 1]

        from reader.index.ingest import prepare  # (not needed to open the index for the first frame)

        results = _results(prepare, jobs(), processes, window=1024, chunksize=32, before=before_processes,
                           count=total, on_error=prepare_failed)
        try:
            self._bulk(True)
            _batched(results, flush)
        finally:
            results.close()
            self._bulk(False)

    def _bulk(self, on: bool) -> None:
        """While inserting: a bigger page cache, and no fsync (synchronous=OFF; with WAL every
        commit is still atomic, so a killed process leaves a consistent cache: only a power
        loss could damage it, and damage found by any later query is recovered from by a rebuild). Both given back afterwards."""

        def switch(db):
            db.execute(f"PRAGMA cache_size = {-BUILD_CACHE_KIB if on else -2000}")
            db.execute(f"PRAGMA synchronous = {'OFF' if on else 'NORMAL'}")

        try:
            self._write(switch, transaction=False)
        except sqlite3.Error:
            pass

    # ----- connections and recovery --------------------------------------------------------

    def _read(self, run, default):
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

    def _write(self, run, transaction: bool = True):
        """``run(writer connection)`` in one IMMEDIATE transaction (rolled back on any exception)."""
        with self._write_lock:
            if self._writer is None:
                self._writer = cache_db.connect_again(self.location)
            db = self._writer
            if not transaction:
                return run(db)
            with _Transaction(db):
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
            self._entities = None
            if self.location is not None and cache_db.is_damage(error):
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


# ----- writing (all run inside one transaction on the writer connection) ----------------------


def _store(db: sqlite3.Connection, batch: list) -> None:
    """Insert parsed files (replacing any row they had) and failures (paths as records.db_path)."""
    paths = json.dumps([db_path(row[0]) for row, _ in batch])
    db.execute("DELETE FROM failures WHERE path IN (SELECT value FROM json_each(?))", (paths,))
    old = [row[0] for row in db.execute(
        "SELECT id FROM articles WHERE path IN (SELECT value FROM json_each(?))", (paths,))]
    if old:
        _forget_ids(db, old)
    next_id = db.execute("SELECT value FROM meta WHERE key = 'next_id'").fetchone()[0]
    rows, texts, failures = [], [], []
    for row, text in batch:
        if text is None:
            path, size, mtime_ns, reason = row
            failures.append((db_path(path), size, mtime_ns, path_text(reason)))
            continue
        rows.append((next_id, db_path(row[0]), *row[1:]))
        texts.append((next_id, *text))
        next_id += 1
    marks = ",".join("?" * len(ARTICLE_COLUMNS.split(",")))  # (not from rows[0]: a batch may hold failures only)
    db.executemany(f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({marks})", rows)
    db.executemany("INSERT INTO text_index(rowid, title, body, dateline) VALUES (?, ?, ?, ?)", texts)
    db.executemany("INSERT INTO word_index(rowid, words) VALUES (?, ? || ' ' || ? || ' ' || ?)", texts)
    db.executemany("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)", failures)
    db.execute("UPDATE meta SET value = ? WHERE key = 'next_id'", (next_id,))


def _forget(db: sqlite3.Connection, paths: list[str]) -> None:
    """Remove these paths' articles (their full-text entries become orphans) and failures."""
    listed = json.dumps([db_path(path) for path in paths])
    db.execute("DELETE FROM failures WHERE path IN (SELECT value FROM json_each(?))", (listed,))
    ids = [row[0] for row in db.execute(
        "SELECT id FROM articles WHERE path IN (SELECT value FROM json_each(?))", (listed,))]
    _forget_ids(db, ids)


def _forget_ids(db: sqlite3.Connection, ids: list[int]) -> None:
    listed = json.dumps(ids)
    entities = db.execute(
        "SELECT id, entities FROM articles WHERE id IN (SELECT value FROM json_each(?)) AND entities != ''",
        (listed,)).fetchall()
    db.executemany("INSERT INTO entity_index(entity_index, rowid, entities) VALUES ('delete', ?, ?)",
                   [(article_id, _entity_words(text)) for article_id, text in entities])
    db.execute("DELETE FROM articles WHERE id IN (SELECT value FROM json_each(?))", (listed,))
    db.execute("UPDATE meta SET value = value + ? WHERE key = 'orphans'", (len(ids),))


def _entity_words(ids: str) -> str:
    """"12 345" → "e12 e345": an article's entity_index text."""
    return " ".join(f"e{entity_id}" for entity_id in ids.split())


def _clear_text_index(db: sqlite3.Connection) -> None:
    """Start over: FTS5 has only orphans' and live entries mixed, and no way to drop the orphans alone."""
    db.execute("INSERT INTO text_index(text_index) VALUES ('delete-all')")
    db.execute("INSERT INTO word_index(word_index) VALUES ('delete-all')")
    db.execute("INSERT INTO entity_index(entity_index) VALUES ('delete-all')")
    db.execute("DELETE FROM articles")
    db.execute("DELETE FROM failures")
    db.execute("UPDATE meta SET value = 0 WHERE key = 'orphans'")


def _store_entities(db: sqlite3.Connection, batch, names: dict[tuple[str, str], int]) -> None:
    """``batch``: (article id, (label, canonical) pairs, or None when the file could not be read,
    or the reason (a str) the recogniser failed on it: no entities, and the reason as a warning)."""
    from reader.entities import canonical_key

    updates, deletes, inserts = [], [], []
    for article_id, pairs in batch:
        if pairs is None:
            continue
        if isinstance(pairs, str):
            db.execute("UPDATE articles SET warning = coalesce(warning || '; ', '') || ? WHERE id = ?",
                       (path_text(pairs), article_id))
            pairs = ()
        found = db.execute("SELECT entities FROM articles WHERE id = ?", (article_id,)).fetchone()
        if found is None:
            continue  # re-synced or removed meanwhile
        if found[0]:
            deletes.append((article_id, _entity_words(found[0])))
        ids = []
        for pair in pairs:
            entity_id = names.get(pair)
            if entity_id is None:
                row = db.execute("SELECT id FROM entity_names WHERE label = ? AND canonical = ?", pair).fetchone()
                if row is None:
                    label, canonical = pair
                    key = canonical_key(canonical)
                    same = db.execute(
                        "SELECT representative FROM entity_names WHERE label = ? AND key = ? LIMIT 1", (label, key)
                    ).fetchone()
                    row = (db.execute(
                        "INSERT INTO entity_names(label, canonical, representative, key) VALUES (?, ?, ?, ?)",
                        (label, canonical, same[0] if same else canonical, key)).lastrowid,)
                entity_id = names[pair] = row[0]
            ids.append(entity_id)
        text = " ".join(map(str, sorted(set(ids))))
        updates.append((text, article_id))
        if text:
            inserts.append((article_id, _entity_words(text)))
    db.executemany("INSERT INTO entity_index(entity_index, rowid, entities) VALUES ('delete', ?, ?)", deletes)
    db.executemany("INSERT INTO entity_index(rowid, entities) VALUES (?, ?)", inserts)
    db.executemany("UPDATE articles SET entities = ? WHERE id = ?", updates)


def _group_people(db: sqlite3.Connection) -> None:
    """One representative spelling per person across the collection (reader.entities.resolve_aliases)."""
    from reader.entities import canonical_key, resolve_aliases

    rows = db.execute("SELECT id, key, canonical, representative FROM entity_names WHERE label = 'PERSON'").fetchall()
    # How often each spelling occurs picks the representative spelling of a group, and
    # resolve_aliases counts repetitions: hand it each name as often as its count's rank among
    # the spellings with the same canonical_key (same choice, ~50 names instead of millions).
    texts = db.execute("SELECT entities FROM articles WHERE entities != ''")
    counts = Counter(chain.from_iterable(map(str.split, map(itemgetter(0), texts))))
    by_key: dict[str, list[tuple[int, str]]] = {}
    for entity_id, key, name, _ in rows:
        by_key.setdefault(key or canonical_key(name), []).append((counts[str(entity_id)], name))
    names = []
    for spellings in by_key.values():
        rank = {count: place for place, count in enumerate(sorted({count for count, _ in spellings}), 1)}
        names.extend(name for count, name in spellings for _ in range(rank[count]))
    aliases = resolve_aliases(names)
    changes = [(aliases.get(name, name), entity_id) for entity_id, _, name, now in rows if aliases.get(name, name) != now]
    db.executemany("UPDATE entity_names SET representative = ? WHERE id = ?", changes)


class _EntityTable:
    """Entity names folded once, to match query terms in Python.

    A term selects groups (label, representative): every spelling of one person goes together.
    A group matches when the term matches its representative or any spelling's name, or, for a
    complete name (not a prefix being typed), when the term's canonical_key equals a spelling's,
    so that entity:"Sergey Lavrov" finds the articles filed under "Sergei Lavrov".
    """

    def __init__(self, rows):
        from reader.query.folding import token_string

        self.names = []  # (label, folded canonical, folded representative, group)
        self.groups: dict[tuple[str, str], list[int]] = {}
        self.by_key: dict[str, set[tuple[str, str]]] = {}
        for entity_id, label, canonical, representative, key in rows:
            group = (label, representative)
            self.groups.setdefault(group, []).append(entity_id)
            self.by_key.setdefault(key, set()).add(group)
            folded = token_string(canonical)
            rep = folded if representative == canonical else token_string(representative)
            self.names.append((label, folded, rep, group))
        self.cache: dict[Text, list[int]] = {}

    def ids(self, term: Text) -> list[int]:
        found = self.cache.get(term)
        if found is None:
            from reader.query.matching import entity_names_match
            from reader.query.nodes import ENTITY_FIELDS

            labels = ENTITY_FIELDS[term.field]
            groups = {
                group
                for label, folded, rep, group in self.names
                if (labels is None or label in labels) and entity_names_match(term, (folded, rep))
            }
            if not term.prefix and self.by_key:
                from reader.entities import canonical_key

                groups.update(group for group in self.by_key.get(canonical_key(" ".join(term.tokens)), ())
                              if labels is None or group[0] in labels)
            found = sorted(entity_id for group in groups for entity_id in self.groups[group])
            if len(self.cache) > 256:
                self.cache.clear()
            self.cache[term] = found
        return found


# ----- worker processes ----------------------------------------------------------------------


def entity_job(path: str):
    """The (label, canonical) pairs of one file's entities, None when it cannot be read, or the
    reason (a str) when the recogniser fails on it."""
    from reader.entities import find_entities
    from reader.ingest.files import load_file

    article, _ = load_file(Path(path))
    if article is None:
        return None
    try:
        found = find_entities(article.text)
    except Exception as error:  # one article's bad luck: the others still get theirs
        return entity_job_failed(path, error)
    return sorted({(e.label, e.canonical) for e in found if e.label in ENTITY_LABELS})


def entity_job_failed(path: str, error: BaseException) -> str:
    from reader.ingest.files import describe_error

    return f"entities could not be found: {describe_error(error)}"


def prepare_failed(path: str, size: int, mtime_ns: int, error: BaseException):
    """`ingest.prepare`'s result for a file whose parsing raised: a failure row."""
    from reader.ingest.files import describe_error

    return (path, size, mtime_ns, f"could not be parsed: {describe_error(error)}"), None


def _guarded(function, job, on_error):
    """``function(*job)``; an exception becomes ``on_error(*job, error)`` (one job's result),
    so that one bad file never stops the others."""
    try:
        return function(*job)
    except Exception as error:
        if on_error is None:
            raise
        return on_error(*job, error)


def _run_chunk(function, jobs: list, on_error=None) -> list:
    return [_guarded(function, job, on_error) for job in jobs]


class _results:
    """``function(*job)`` for each job, in order: in this process, or in worker processes.

    ``jobs`` is a list, or any iterable of ``count`` jobs: it is read only as jobs are handed
    out, so a generator can let go of each job's data once it is taken (a cold build's 100,000
    paths and stamps do not all stay in memory until the last one is parsed).
    """

    def __init__(self, function, jobs: Iterable, processes: int, window: int, chunksize: int,
                 before: Callable[[], None] | None = None, count: int | None = None, on_error=None):
        self.executor = None
        self.on_error = on_error
        if processes < 1 or (len(jobs) if count is None else count) < 2:
            self.iterator = (_guarded(function, job, on_error) for job in jobs)
        else:
            if before is not None:
                before()
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("forkserver")
            self.executor = ProcessPoolExecutor(max_workers=processes, mp_context=context)
            self.iterator = self._windowed(function, jobs, window, chunksize)

    def _windowed(self, function, jobs, window, chunksize):
        """Chunks of jobs submitted ahead, at most ``window`` jobs in flight (so that results never
        pile up in memory), results in order; a sliding window keeps the workers busy throughout.

        Each job's exception is its own result (``on_error``). Should the pool itself fail (a
        worker killed, say), the chunks in flight and every later job run in this process."""
        pending: deque = deque()
        ahead = max(2, window // chunksize)
        jobs = iter(jobs)
        while chunk := list(islice(jobs, chunksize)):
            if self.executor is None:
                yield from _run_chunk(function, chunk, self.on_error)
                continue
            pending.append((self.executor.submit(_run_chunk, function, chunk, self.on_error), chunk))
            del chunk
            if len(pending) >= ahead:
                yield from self._collect(function, *pending.popleft())
        while pending:
            yield from self._collect(function, *pending.popleft())

    def _collect(self, function, future, chunk) -> list:
        try:
            return future.result()
        except Exception:  # noqa: BLE001 - the pool broke (BrokenProcessPool) or a result did not pickle
            self.close()
            self.executor = None
            return _run_chunk(function, chunk, self.on_error)

    def __iter__(self):
        return self.iterator

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)


def _batched(results, flush: Callable[[list], None]) -> None:
    """Hand results to ``flush`` in batches of growing duration (BATCH_SECONDS up to MAX_BATCH_SECONDS)."""
    pending: list = []
    interval = BATCH_SECONDS
    deadline = time.monotonic() + interval
    for result in results:
        pending.append(result)
        if len(pending) >= MAX_BATCH_ITEMS or time.monotonic() >= deadline:
            flush(pending)
            pending = []
            interval = min(MAX_BATCH_SECONDS, interval * 2)
            deadline = time.monotonic() + interval
    if pending:
        flush(pending)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (KeyboardInterrupt included)."""

    def __init__(self, connection: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE"):
        self.connection = connection
        self.begin = begin

    def __enter__(self):
        self.connection.execute(self.begin)
        return self.connection

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.connection.execute("COMMIT")
        else:
            self.connection.execute("ROLLBACK")
        return False
