"""Bringing the cache up to date with the files: `sync` parses only new or changed files (in
worker processes when there are many), stores them in batches and forgets vanished ones.

Each batch is one transaction holding the rows and their full-text entries, so ctrl+c or
kill -9 at any moment leaves a consistent cache (batches: reader.index.passes).

Everything here writes through the index's writer connection (`PassHost._write`).
"""

from __future__ import annotations

import json
import os
import sqlite3
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reader.index import passes
from reader.index.entity_store import entity_words
from reader.index.ingest import Job, PreparedFile
from reader.index.records import ARTICLE_COLUMNS, STAMP_COLUMNS, db_path, path_from_db
from reader.index.story_store import forget_sketches
from reader.model import Problem, path_text

if TYPE_CHECKING:
    from reader.index.passes import PassHost

ORPHANS_FLOOR = 5000  # rebuild the text index when orphans exceed this and the live rows
BUILD_CACHE_KIB = 12 * 1024  # SQLite page cache of the writer during a sync (8: ~20 % slower builds)


@dataclass(slots=True)
class SyncReport:
    """What one `Index.sync` did: articles added, changed and removed, files left alone (not read
    again), and the problems."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def sync(
    index: PassHost,
    progress: Callable[[int, int], None] | None,
    workers: int | None,
    before_processes: Callable[[], None] | None,
) -> SyncReport:
    """`Index.sync`; a cache found damaged or unavailable on the way is recovered from, then synced again."""
    try:
        return _sync(index, progress, workers, before_processes)
    except sqlite3.DatabaseError as error:
        from reader.index import cache_db

        if not cache_db.is_cache_trouble(error):
            raise
        index._recover(error)
        return _sync(index, progress, workers, before_processes)


def _sync(
    index: PassHost,
    progress: Callable[[int, int], None] | None,
    workers: int | None,
    before_processes: Callable[[], None] | None,
) -> SyncReport:
    from reader.ingest.files import check_paths, discover_stats, seeds_dir
    from reader.ingest.formats import settings_key, workers_know_every_format

    report = SyncReport()
    roots = check_paths(index.roots) if index.roots else [seeds_dir()]
    stale, index.stale = index.stale, set()

    def read_stamps(db: sqlite3.Connection) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]], int]:
        known = {
            path_from_db(path): (size, mtime)
            for path, size, mtime in db.execute("SELECT path, size, mtime_ns FROM articles")
        }
        failed = {
            path_from_db(path): (size, mtime)
            for path, size, mtime in db.execute("SELECT path, size, mtime_ns FROM failures")
        }
        orphans = int(db.execute("SELECT value FROM meta WHERE key = 'orphans'").fetchone()[0])
        return known, failed, orphans

    known, failed, orphans = index._write(read_stamps, atomic=False)
    if orphans > max(ORPHANS_FLOOR, len(known)):
        index._write(clear_text_index)
        index.notices.append(f"rebuilt the search index ({orphans} out-of-date entries)")
        known, failed = {}, {}
    settings = settings_key()
    if index._read(read_settings_key, settings) != settings:  # files read otherwise now: read each again
        stale = stale | set(known) | set(failed)
    # Files are compared as they are found; what is left in known/failed has vanished.
    # The files to parse: paths in a list, (size, mtime_ns) pairs in an array (8 bytes a
    # number, not a tuple of int objects per file: ~13 MB less at 100,000 files).
    todo: list[str | None] = []
    stamps = array("q")
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
        todo.append(path)
        stamps.extend(stamp)
    vanished = [*known, *failed]
    del known, failed
    if vanished:
        report.removed = index._write(lambda db: forget(db, vanished))
        index._forget_loaded()
    if not workers_know_every_format():
        workers = 1
    _parse_and_store(index, todo, stamps, report, progress, workers, before_processes)
    index._write(lambda db: db.execute("INSERT OR REPLACE INTO meta VALUES ('settings', ?)", (settings,)))
    report.problems.extend(index.problems())
    return report


def read_settings_key(db: sqlite3.Connection) -> int:
    """The format settings (`settings_key`) the stored articles were read with (0: none)."""
    row = db.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
    return int(row[0]) if row is not None else 0


#: A file of a format read in pieces (JSON Lines) is indexed a piece at a time from this size:
#: its records reach the sidebar while the rest is read, and workers share it.
PIECED_FROM = 8 * 1024 * 1024
#: Pieces handed to the workers ahead of those being stored, at most.
PIECES_AHEAD = 12


def _parse_and_store(
    index: PassHost,
    todo: list[str | None],
    stamps: array[int],
    report: SyncReport,
    progress: Callable[[int, int], None] | None,
    workers: int | None,
    before_processes: Callable[[], None] | None,
) -> None:
    """Parse the files ``todo`` (paths; ``stamps`` their sizes and mtimes, two numbers a file)
    and store them in batches. Each path is dropped from ``todo`` as it is handed out. A big file
    of a format read in pieces is handed out a piece at a time."""
    from reader import processes
    from reader.index import ingest  # (not needed to open the index for the first frame)
    from reader.ingest.files import PIECE_BYTES
    from reader.ingest.formats import worker_settings

    total = len(todo)
    if progress is not None:
        progress(0, total)
    if not todo:
        return
    pieced = {i for i in range(total) if stamps[2 * i] >= PIECED_FROM and _read_in_pieces(todo[i])}
    extra_pieces = sum(stamps[2 * i] // PIECE_BYTES for i in pieced)
    if workers is None:
        # This process inserts (SQLite is the bottleneck), the others parse: on 2 cores one
        # parsing process beside it is ~5 % faster than two for text files (measured), but
        # feeds and web pages cost more to parse than to store: two are 45 % faster for them.
        # (A piece of a big file is work enough to be worth them on its own.)
        cores = os.cpu_count() or 1
        parsers = cores if cores > 1 and _any_costly(todo) else cores - 1
        worker_processes = parsers if pieced or total >= passes.PARALLEL_FROM else 0
    else:
        worker_processes = workers if workers > 1 else 0
    done = 0
    # Which results are pieces: None for a whole file, else whether it is the file's last piece
    # (results come back in the order jobs are handed out).
    handed_out: deque[bool | None] = deque()
    pieces_seen: dict[str, set[str]] = {}

    def flush(batch: list[PreparedFile]) -> None:
        nonlocal done
        tagged = [(prepared, handed_out.popleft()) for prepared in batch]
        added, updated, removed = index._write(lambda db: store(db, tagged, pieces_seen))
        report.added += added
        report.updated += updated
        report.removed += removed
        index._forget_loaded()
        done += sum(1 for _, last in tagged if last is not False)
        if progress is not None:
            progress(done, total)

    def jobs() -> Iterator[ingest.Job]:
        from reader.ingest.files import pieces, separator_of
        from reader.ingest.formats import reader_for

        for i in range(total):
            path, todo[i] = todo[i], None
            assert path is not None
            size, mtime_ns = stamps[2 * i], stamps[2 * i + 1]
            if i not in pieced:
                handed_out.append(None)
                yield path, size, mtime_ns, None
                continue
            try:
                separator = separator_of(path, reader_for(path))
                cut = list(pieces(path, separator)) if separator is not None else []
            except OSError:  # gone or unreadable since it was found: read whole, to say why
                cut = []
            for number, piece in enumerate(cut, 1):
                handed_out.append(number == len(cut))
                yield path, size, mtime_ns, piece
            if not cut:
                handed_out.append(None)
                yield path, size, mtime_ns, None

    with processes.in_order(
        processes.unpacked(ingest.prepare),
        jobs(),
        processes=worker_processes,
        count=total + extra_pieces,
        # (A piece is a lot of work: no piece waits behind 31 others, and few are parsed ahead of
        # the storing: each one's rows take ~6 MB until stored.)
        window=PIECES_AHEAD if pieced else 1024,
        chunksize=1 if pieced else 32,
        on_error=prepare_failed,
        before_start=before_processes,
        worker_setup=worker_settings(),
    ) as results:
        try:
            _bulk(index, True)
            passes.batched(results, flush)
        finally:
            _bulk(index, False)


def _any_costly(todo: list[str | None]) -> bool:
    """Whether any of these files is of a format that costs more to read than to store."""
    from reader.ingest.formats import reader_for

    return any(path is not None and reader_for(path).costly for path in todo)


def _read_in_pieces(path: str | None) -> bool:
    """Whether the file's format can read it in pieces (the file itself decides when it is read)."""
    from reader.ingest.formats import reader_for

    return path is not None and not path.lower().endswith(".gz") and reader_for(path).reads_in_pieces


def prepare_failed(job: Job, error: BaseException) -> PreparedFile:
    """`ingest.prepare`'s result for a file whose parsing raised: a failure row."""
    from reader.ingest.files import describe_error

    path, size, mtime_ns, _ = job
    return [((path, size, mtime_ns, f"could not be parsed: {describe_error(error)}"), None)]


def _bulk(index: PassHost, on: bool) -> None:
    """While inserting: a bigger page cache, and no fsync (synchronous=OFF; with WAL every
    commit is still atomic, so a killed process leaves a consistent cache: only a power loss
    could damage it, and damage found by any later query is recovered from by a rebuild).
    Both given back afterwards."""

    def switch(db: sqlite3.Connection) -> None:
        db.execute(f"PRAGMA cache_size = {-BUILD_CACHE_KIB if on else -2000}")
        db.execute(f"PRAGMA synchronous = {'OFF' if on else 'NORMAL'}")

    try:
        index._write(switch, atomic=False)
    except sqlite3.Error:
        pass


# ----- writing (each runs inside one transaction on the writer connection) --------------------


def store(
    db: sqlite3.Connection,
    batch: list[tuple[PreparedFile, bool | None]],
    pieces_seen: dict[str, set[str]] | None = None,
) -> tuple[int, int, int]:
    """Insert parsed files' articles and failures (paths as records.db_path); returns how many
    articles were (added, updated, removed). A file read again keeps the rows of the items that did
    not change (their ids, entities and text entries: only the file's size, time and the item's
    span are updated); changed items get a new row, vanished items are forgotten.

    Each entry of ``batch`` is a file's result and None, or a piece's and whether it is its file's
    last: the items of a file read in pieces are gathered in ``pieces_seen`` (path to item keys)
    until its last piece, and only then are the items it no longer holds forgotten. An item key
    met again in a later piece is left out, as within one file."""
    pieces_seen = {} if pieces_seen is None else pieces_seen
    whole = [prepared for prepared, last in batch if last is None and prepared]
    in_pieces = [(prepared, last) for prepared, last in batch if last is not None]
    paths = json.dumps([db_path(prepared[0][0][0]) for prepared, _ in batch if prepared])
    db.execute("DELETE FROM failures WHERE path IN (SELECT value FROM json_each(?))", (paths,))
    whole_paths = json.dumps([db_path(prepared[0][0][0]) for prepared in whole])
    old = {
        (stored[1], stored[-1]): stored
        for stored in db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE path IN (SELECT value FROM json_each(?))", (whole_paths,)
        )
    }
    old_pieces = _stored_items(db, [prepared for prepared, _ in in_pieces])
    next_id = db.execute("SELECT value FROM meta WHERE key = 'next_id'").fetchone()[0]
    rows, texts, failures, kept, replaced = [], [], [], [], []
    for prepared, last in batch:
        seen = pieces_seen.setdefault(prepared[0][0][0], set()) if last is not None and prepared else None
        stored_items = old if last is None else old_pieces
        for row, text in prepared:
            if text is None:
                path, size, mtime_ns, reason = row
                failures.append((db_path(path), size, mtime_ns, path_text(reason)))
                continue
            if seen is not None:
                if row[-1] in seen:  # (a key met in an earlier piece)
                    continue
                seen.add(row[-1])
            stored_path = db_path(row[0])
            was = stored_items.pop((stored_path, row[-1]), None)
            if was is not None and tuple(was[STAMP_COLUMNS + 2 :]) == tuple(row[STAMP_COLUMNS + 1 :]):  # unchanged
                kept.append((*row[1 : STAMP_COLUMNS + 1], was[0]))
                continue
            if was is not None:
                replaced.append(was[0])  # forgotten before its replacement goes in
            rows.append((next_id, stored_path, *row[1:]))
            texts.append((next_id, *text))
            next_id += 1
    vanished = [stored[0] for stored in old.values()]
    for prepared, last in in_pieces:
        if last and prepared:
            vanished.extend(_items_not_in(db, prepared[0][0][0], pieces_seen.pop(prepared[0][0][0], set())))
    if replaced or vanished:
        forget_ids(db, replaced + vanished)
    marks = ",".join("?" * len(ARTICLE_COLUMNS.split(",")))  # (not from rows[0]: a batch may hold failures only)
    db.executemany(
        "UPDATE articles SET size = ?, mtime_ns = ?, span_start = ?, span_length = ?, warning = ? WHERE id = ?", kept
    )
    db.executemany(f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({marks})", rows)
    db.executemany(
        "INSERT INTO text_index(rowid, title, body, dateline, source, author, site) VALUES (?, ?, ?, ?, ?, ?, ?)", texts
    )
    # word_index: the words a term without a field finds (title, body, dateline; not source, author, site)
    db.executemany("INSERT INTO word_index(rowid, words) VALUES (?, ? || ' ' || ? || ' ' || ?)", [t[:4] for t in texts])
    db.executemany("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)", failures)
    db.execute("UPDATE meta SET value = ? WHERE key = 'next_id'", (next_id,))
    return len(rows) - len(replaced), len(replaced), len(vanished)


def _stored_items(db: sqlite3.Connection, prepared_pieces: list[PreparedFile]) -> dict[tuple[str, str], Any]:
    """The stored rows of the items these pieces hold (looked up by key: a big file's other rows
    are not read for each piece)."""
    wanted = json.dumps([[db_path(row[0]), row[-1]] for prepared in prepared_pieces for row, text in prepared if text])
    return {
        (stored[1], stored[-1]): stored
        for stored in db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE (path, item) IN "
            "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))",
            (wanted,),
        )
    }


def _items_not_in(db: sqlite3.Connection, path: str, items: set[str]) -> list[int]:
    """The ids of the stored items of ``path`` whose keys are not ``items`` (a file read in pieces: gone from it)."""
    stored = db.execute("SELECT id, item FROM articles WHERE path = ?", (db_path(path),))
    return [article_id for article_id, item in stored if item not in items]


def forget(db: sqlite3.Connection, paths: list[str]) -> int:
    """Remove these paths' articles (their full-text entries become orphans) and failures;
    returns how many articles went."""
    listed = json.dumps([db_path(path) for path in paths])
    db.execute("DELETE FROM failures WHERE path IN (SELECT value FROM json_each(?))", (listed,))
    ids = [
        row[0]
        for row in db.execute("SELECT id FROM articles WHERE path IN (SELECT value FROM json_each(?))", (listed,))
    ]
    forget_ids(db, ids)
    return len(ids)


def forget_ids(db: sqlite3.Connection, ids: list[int]) -> None:
    """Remove these articles. Their text_index and word_index entries stay behind as orphans
    (contentless FTS5 can drop an entry only given its exact text, which the cache does not
    keep), counted so that `sync` rebuilds once they outnumber the live rows; their entity
    entries and their sketches' band words are dropped, since what they hold is stored."""
    listed = json.dumps(ids)
    entities = db.execute(
        "SELECT id, entities FROM articles WHERE id IN (SELECT value FROM json_each(?)) AND entities != ''", (listed,)
    ).fetchall()
    db.executemany(
        "INSERT INTO entity_index(entity_index, rowid, entities) VALUES ('delete', ?, ?)",
        [(article_id, entity_words(text)) for article_id, text in entities],
    )
    forget_sketches(db, listed)
    db.execute("DELETE FROM articles WHERE id IN (SELECT value FROM json_each(?))", (listed,))
    db.execute("UPDATE meta SET value = value + ? WHERE key = 'orphans'", (len(ids),))


def clear_text_index(db: sqlite3.Connection) -> None:
    """Start over: FTS5 has only orphans' and live entries mixed, and no way to drop the orphans alone."""
    db.execute("INSERT INTO text_index(text_index) VALUES ('delete-all')")
    db.execute("INSERT INTO word_index(word_index) VALUES ('delete-all')")
    db.execute("INSERT INTO entity_index(entity_index) VALUES ('delete-all')")
    db.execute("INSERT INTO story_index(story_index) VALUES ('delete-all')")
    db.execute("DELETE FROM articles")
    db.execute("DELETE FROM failures")
    db.execute("UPDATE meta SET value = 0 WHERE key = 'orphans'")
