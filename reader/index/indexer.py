"""The collection index: a cached, searchable copy of every article under the opened paths.

Typical use::

    index = Index.open(paths)              # never raises for cache trouble: see index.notices
    shown = index.articles()               # instantly, from the cache (may be stale)
    index.sync(progress=callback)          # re-reads only new or changed files
    positions = index.search(parse_query("iran rus"))   # indexes into index.articles()

All methods may be called from several threads; each call holds a lock for one short
transaction, and `sync` commits in batches of about a quarter of a second, so searching
while indexing waits at most that long. ctrl+c at any moment leaves a consistent cache:
a batch is committed whole (rows, full-text entries and sidebar ranks) or not at all.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from reader.article import Article, Problem
from reader.index import cache_db
from reader.index.records import (
    ARTICLE_COLUMNS,
    SUMMARY_COLUMNS,
    IndexedArticle,
    Prepared,
    article_from,
    prepare,
    searchable,
    paragraphs_from,
    summary_from_row,
)
from reader.index.search_sql import compile_query, returns_ids
from reader.query.folding import token_string
from reader.query.matching import entity_names_match
from reader.query.nodes import ENTITY_FIELDS, Text

BATCH_SECONDS = 0.25
PARALLEL_FROM = 200  # files to parse before worker processes are worth their start-up


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
        self._lock = threading.RLock()
        self._entity_names: dict[str, list[tuple[int, str]]] | None = None
        self._summaries: list[IndexedArticle] | None = None
        self._ranks: dict[int, int] | None = None

    # ----- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, paths: Iterable[str | os.PathLike], cache_dir: str | os.PathLike | None = None,
             no_cache: bool = False) -> Index:
        """Open the cache for ``paths`` (rebuilding or bypassing it with a notice when unusable)."""
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
        with self._lock:
            self._db.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----- reading -------------------------------------------------------------------------

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def articles(self) -> list[IndexedArticle]:
        """Every article in sidebar order (newest first, undated last by path), without bodies."""
        with self._lock:
            if self._summaries is None:
                rows = self._db.execute(f"SELECT {SUMMARY_COLUMNS} FROM articles ORDER BY rank").fetchall()
                self._summaries = [summary_from_row(row) for row in rows]
            return self._summaries

    def summaries(self, start: int, stop: int) -> list[IndexedArticle]:
        """Rows ``start`` to ``stop`` of `articles()` (by rank), read from the database each call:
        for a virtual list that loads only what it shows, so a warm start needs no full scan."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM articles WHERE rank >= ? AND rank < ? ORDER BY rank",
                (start, stop),
            ).fetchall()
        return [summary_from_row(row) for row in rows]

    def position(self, article_id: int) -> int | None:
        """Where article ``article_id`` stands in `articles()` now (ranks shift while syncing)."""
        with self._lock:
            row = self._db.execute("SELECT rank FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else row[0]

    def article(self, article_id: int) -> Article | None:
        """The full article (with paragraphs) from the cache, without re-reading the file."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {SUMMARY_COLUMNS}, body FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
        if row is None:
            return None
        return article_from(summary_from_row(row[:-1]), row[-1])

    def problems(self) -> list[Problem]:
        """Files that could not be used (errors) or were used with a caveat (warnings)."""
        with self._lock:
            failures = self._db.execute("SELECT path, reason FROM failures ORDER BY path").fetchall()
            warnings = self._db.execute(
                "SELECT path, warning FROM articles WHERE warning IS NOT NULL ORDER BY path"
            ).fetchall()
        return [Problem(path, reason) for path, reason in failures] + [
            Problem(path, reason, "warning") for path, reason in warnings
        ]

    def search(self, query, limit: int | None = None) -> list[int]:
        """Positions in `articles()` of the matching articles, in sidebar order.

        ``query`` is a reader.query.Query; ``limit`` keeps only the first positions.
        """
        sql, params = compile_query(query.root, self._entity_ids)
        with self._lock:
            if returns_ids(sql):
                rank_of = self._rank_of()
                positions = sorted(rank_of[row[0]] for row in self._db.execute(sql, params))
                return positions if limit is None else positions[: int(limit)]
            if limit is not None:
                sql += f" LIMIT {int(limit)}"
            return [row[0] for row in self._db.execute(sql, params)]

    def _rank_of(self) -> dict[int, int]:
        if self._ranks is None:
            self._ranks = dict(self._db.execute("SELECT id, rank FROM articles"))
        return self._ranks

    # ----- state and entities (filled by other parts of the app) ---------------------------

    def set_flagged(self, flag: str, paths: Iterable[str]) -> None:
        """Which articles carry ``flag`` ("read", "starred") for is: filters; the state store
        owns these and pushes them here (they live only for this session)."""
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM temp.flagged WHERE flag = ?", (flag,))
            self._db.executemany("INSERT OR IGNORE INTO temp.flagged VALUES (?, ?)", ((flag, p) for p in paths))

    def set_entities(self, path: str, entities: Iterable[tuple[str, str]]) -> None:
        """Replace an article's entities with (label, canonical name) pairs, e.g. ("PERSON", "Sergei Lavrov")."""
        pairs = sorted(set(entities))
        with self._lock, self._transaction():
            found = self._db.execute("SELECT id FROM articles WHERE path = ?", (path,)).fetchone()
            if found is None:
                return
            article_id = found[0]
            self._db.execute("DELETE FROM article_entities WHERE article_id = ?", (article_id,))
            for label, canonical in pairs:
                self._db.execute("INSERT OR IGNORE INTO entity_names(label, canonical) VALUES (?, ?)", (label, canonical))
                self._db.execute(
                    "INSERT OR IGNORE INTO article_entities SELECT ?, id FROM entity_names WHERE label = ? AND canonical = ?",
                    (article_id, label, canonical),
                )
            self._db.execute("UPDATE articles SET entities_done = 1 WHERE id = ?", (article_id,))
            self._entity_names = None

    def entities_of(self, path: str) -> list[tuple[str, str]]:
        with self._lock:
            return self._db.execute(
                "SELECT n.label, n.canonical FROM articles a JOIN article_entities e ON e.article_id = a.id "
                "JOIN entity_names n ON n.id = e.entity_id WHERE a.path = ? ORDER BY n.label, n.canonical",
                (path,),
            ).fetchall()

    def paths_without_entities(self) -> list[str]:
        """Articles the entity pass has not done yet (new or changed since), in sidebar order."""
        with self._lock:
            return [row[0] for row in self._db.execute("SELECT path FROM articles WHERE entities_done = 0 ORDER BY rank")]

    def _entity_ids(self, term: Text) -> list[int]:
        with self._lock:
            if self._entity_names is None:
                names: dict[str, list[tuple[int, str]]] = {}
                for entity_id, label, canonical in self._db.execute("SELECT id, label, canonical FROM entity_names"):
                    names.setdefault(label, []).append((entity_id, token_string(canonical)))
                self._entity_names = names
            labels = ENTITY_FIELDS[term.field]
            return [
                entity_id
                for label, entries in self._entity_names.items()
                if labels is None or label in labels
                for entity_id, folded in entries
                if entity_names_match(term, (folded,))
            ]

    # ----- syncing with the files -----------------------------------------------------------

    def sync(self, progress: Callable[[int, int], None] | None = None, workers: int | None = None) -> SyncReport:
        """Bring the cache up to date with the files: parse only new or changed ones, drop vanished ones.

        ``progress(done, total)`` is called after each committed batch (total = files to parse).
        Uses worker processes for large batches of new files (``workers=1`` disables them).
        """
        from reader.loading import check_paths, discover, seeds_dir

        report = SyncReport()
        roots = check_paths(self.roots) if self.roots else [seeds_dir()]
        found: dict[str, tuple[int, int]] = {}
        for item in discover(roots):
            if isinstance(item, Problem):
                report.problems.append(item)
                continue
            try:
                info = os.stat(item)
            except OSError:
                report.problems.append(Problem(str(item), "file vanished while loading"))
                continue
            found[str(item)] = (info.st_size, info.st_mtime_ns)
        with self._lock:
            known = {path: (size, mtime) for path, size, mtime in
                     self._db.execute("SELECT path, size, mtime_ns FROM articles")}
            failed = {path: (size, mtime) for path, size, mtime in
                      self._db.execute("SELECT path, size, mtime_ns FROM failures")}
        vanished = [path for path in known.keys() | failed.keys() if path not in found]
        todo = []
        for path, stamp in found.items():
            if known.get(path) == stamp or failed.get(path) == stamp:
                report.unchanged += 1
            else:
                todo.append((path, *stamp))
        if vanished:
            with self._lock, self._transaction():
                for path in vanished:
                    self._forget(path)
                self._rerank()
            report.removed = len(vanished)
        self._parse_and_store(todo, known.keys() | failed.keys(), report, progress, workers)
        report.problems.extend(self.problems())
        return report

    def _parse_and_store(self, todo, cached_paths, report, progress, workers) -> None:
        total = len(todo)
        if progress is not None:
            progress(0, total)
        if not todo:
            return
        if workers is None:
            workers = min(os.cpu_count() or 1, 4) if total >= PARALLEL_FROM else 1
        pending: list[Prepared] = []
        deadline = time.monotonic() + BATCH_SECONDS
        done = 0

        def flush() -> None:
            nonlocal pending, deadline, done
            with self._lock, self._transaction():
                for prepared in pending:
                    cached = prepared.path in cached_paths
                    self._store(prepared, maybe_cached=cached)
                    if prepared.row is not None:
                        if cached:
                            report.updated += 1
                        else:
                            report.added += 1
                self._rerank()
            done += len(pending)
            pending = []
            deadline = time.monotonic() + BATCH_SECONDS
            if progress is not None:
                progress(done, total)

        if workers <= 1:
            results = (prepare(*job) for job in todo)
            executor = None
        else:
            executor = ProcessPoolExecutor(max_workers=workers)
            results = _windowed_map(executor, todo)
        try:
            for prepared in results:
                pending.append(prepared)
                if time.monotonic() >= deadline:
                    flush()
            if pending:
                flush()
        finally:
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)

    def _store(self, prepared: Prepared, maybe_cached: bool) -> bool:
        """Insert or replace one file's row; True when the path was not in the cache before.

        Paths unknown at the start of the sync skip the lookup (the cold-build case) unless
        another process added them meanwhile, which the UNIQUE constraint reveals.
        """
        existed = self._forget(prepared.path) if maybe_cached else False
        if prepared.row is None:
            self._db.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)", prepared.failure)
            return not existed
        marks = ",".join("?" * len(prepared.row))
        insert = f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({marks})"
        try:
            cursor = self._db.execute(insert, prepared.row)
        except sqlite3.IntegrityError:
            existed = self._forget(prepared.path)
            cursor = self._db.execute(insert, prepared.row)
        self._db.execute(
            "INSERT INTO text_index(rowid, title, body, dateline) VALUES (?, ?, ?, ?)",
            (cursor.lastrowid, *prepared.fts),
        )
        return not existed

    def _forget(self, path: str) -> bool:
        """Remove a path's article (with its full-text entries and entities) or failure."""
        self._db.execute("DELETE FROM failures WHERE path = ?", (path,))
        row = self._db.execute(
            "SELECT id, title, subtitle, dateline, body FROM articles WHERE path = ?", (path,)
        ).fetchone()
        if row is None:
            return False
        article_id, title, subtitle, dateline, body = row
        # A contentless FTS5 row is deleted by handing back exactly the text it was given.
        self._db.execute(
            "INSERT INTO text_index(text_index, rowid, title, body, dateline) VALUES ('delete', ?, ?, ?, ?)",
            (article_id, *searchable(title, subtitle, dateline, paragraphs_from(body))),
        )
        self._db.execute("DELETE FROM article_entities WHERE article_id = ?", (article_id,))
        self._db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return True

    def _rerank(self) -> None:
        """Sidebar positions: newest first (unknown parts count as earlier), undated last, ties by path."""
        self._db.execute(
            """
            UPDATE articles SET rank = ordered.position
            FROM (SELECT id, row_number() OVER (ORDER BY
                    year IS NULL, year DESC, coalesce(month, 0) DESC, coalesce(day, 0) DESC,
                    coalesce(hour, -1) DESC, coalesce(minute, -1) DESC, path) - 1 AS position
                  FROM articles) AS ordered
            WHERE articles.id = ordered.id AND articles.rank IS NOT ordered.position
            """
        )
        self._summaries = None
        self._ranks = None

    def _transaction(self):
        return _Transaction(self._db)


def _windowed_map(executor: ProcessPoolExecutor, todo: list, window: int = 1024):
    """executor.map in slices, so parsed-but-unstored articles never pile up in memory."""
    for start in range(0, len(todo), window):
        yield from executor.map(prepare, *zip(*todo[start : start + window]), chunksize=32)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (KeyboardInterrupt included)."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self):
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.connection.execute("COMMIT")
        else:
            self.connection.execute("ROLLBACK")
        return False
