"""What the user did with each article — read (and when), starred — kept safe in SQLite.

The store lives in the user *data* directory (``platformdirs.user_data_dir("reader")``,
so XDG_DATA_HOME is respected), never in the cache: deleting the cache loses nothing.

Articles are keyed by :func:`content_key`, a hash of their words, not by path: moving
or renaming a file keeps its marks, and identical copies share them.

Durability: every change is its own committed transaction before the call returns,
in WAL mode with ``synchronous=FULL``. The commit is in the WAL (in the OS, and with
FULL also fsynced to disk) before ``set_starred`` returns, so ``kill -9`` — and even a
power cut — loses nothing the UI has shown. The price is one fsync per keypress, which
nobody can type fast enough to notice.

Never crashing, never destroying: a damaged database is moved aside to a timestamped
``.corrupt`` file (the marks are still in it) and a fresh one started; a read-only or
locked one is used in memory only. Every such event becomes a line in ``notices``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from reader.storage.private_files import private_database, private_folder
from reader.storage.sqlite import BUSY_CODES, READONLY_CODES, describe, error_code, is_damage, transaction, use_wal

if TYPE_CHECKING:
    from reader.model import Article

Row = tuple[Any, ...]  # a row as sqlite3 returns it, typed by its columns' values
SCHEMA_VERSION = 1
STATE_FILE_NAME = "state.sqlite3"
BUSY_TIMEOUT_MS = 5000  # another reader process holds the write lock for microseconds

#: ``MIGRATIONS[n]``: the statements that turn a version n-1 database into version n,
#: run in one transaction. Times are Unix seconds; a NULL time means "not marked".
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE marks ("
        " key TEXT PRIMARY KEY,"  # content_key() of the article
        " read_at INTEGER,"  # when first marked read
        " starred_at INTEGER,"
        " updated_at INTEGER NOT NULL"
        ") WITHOUT ROWID",
        "CREATE INDEX marks_starred ON marks(key) WHERE starred_at IS NOT NULL",
        "CREATE INDEX marks_read ON marks(key) WHERE read_at IS NOT NULL",
    ),
}

_KEY_PERSON = b"reader.content1"  # the hashing scheme's version: change it and every key changes
_MEMORY_ONLY = "read and starred marks are kept in memory only and will be lost on exit"


class Marks(NamedTuple):
    read: bool
    starred: bool


UNMARKED = Marks(False, False)
_MARKS = {(read, starred): Marks(bool(read), bool(starred)) for read in (0, 1) for starred in (0, 1)}
_MARKS_SQL = "SELECT key, read_at IS NOT NULL, starred_at IS NOT NULL FROM marks"
_SCAN_ABOVE = 2000  # keys asked for in flags(); above this, scanning every mark is faster


def default_state_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("reader")) / STATE_FILE_NAME


def content_key(article: Article) -> str:
    """A 32-hex-digit key for an article's content, independent of its path and file.

    The key hashes (BLAKE2b, 128 bits) the article's words in reading order — title,
    subtitle, byline, written date, dateline, body — after Unicode NFC and with all
    whitespace runs collapsed to one space. So it survives moving, renaming, touching,
    re-encoding, CRLF↔LF and re-wrapping a file, and text moving between fields when
    the parser's rules change; any change to the words themselves makes a new article.
    A title derived from the lead sentence is left out: it repeats the body.

    Memoised in ``article.extra["content_key"]``: rows are drawn often.
    """
    cached = article.extra.get("content_key")
    if isinstance(cached, str):
        return cached
    date = article.date
    parts = [
        "" if article.title_derived else article.title,
        article.subtitle,
        article.byline,
        date.written if date is not None else None,
        article.dateline,
        *article.paragraphs,
    ]
    key = content_key_of_text(" ".join(part for part in parts if part))
    article.extra["content_key"] = key
    return key


def content_key_of_text(text: str) -> str:
    """The key for already-joined article text (see :func:`content_key`)."""
    words = " ".join(unicodedata.normalize("NFC", text).split())
    data = words.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16, person=_KEY_PERSON).hexdigest()


class _Damaged(Exception):
    """The database file is not a usable SQLite database; it should be moved aside."""


class _TooNew(Exception):
    """Written by a newer reader: leave it alone."""


class StateStore:
    """Read/starred marks by content key. Safe to share between threads.

    Reads return "unmarked" and writes leave the state unchanged (with a notice)
    if the database fails mid-session; nothing here raises on a database problem.
    """

    def __init__(self, connection: sqlite3.Connection, *, path: Path | None, notices: list[str]) -> None:
        self._db = connection
        self._lock = threading.RLock()
        self.path = path  # None when in memory only
        self.notices: list[str] = notices
        self._taken = 0

    # -- opening ------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> StateStore:
        """Open (creating or upgrading) the store; never raises. See ``notices`` for trouble."""
        try:
            return cls._open(Path(path) if path is not None else default_state_path())
        except Exception as error:  # noqa: BLE001 - e.g. no home folder, a NUL in the path
            return cls.in_memory([f"cannot open the state database: {describe(error)}; {_MEMORY_ONLY}"])

    @classmethod
    def _open(cls, path: Path) -> StateStore:
        notices: list[str] = []
        try:
            private_folder(path.parent)
        except OSError as error:
            notices.append(f"cannot create {path.parent}: {describe(error)}; {_MEMORY_ONLY}")
            return cls.in_memory(notices)
        if path.is_file() and not os.access(path, os.R_OK):
            notices.append(f"{path} cannot be read (permission denied) and is left untouched; {_MEMORY_ONLY}")
            return cls.in_memory(notices)
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            if path.exists():
                return cls._read_only_copy(path, notices, "is read-only")
            notices.append(f"{path.parent} is read-only; {_MEMORY_ONLY}")
            return cls.in_memory(notices)
        for _attempt in range(2):
            try:
                return cls(_connect_file(path), path=path, notices=notices)
            except _Damaged as damage:
                try:
                    moved = move_aside(path)
                except OSError as error:
                    where = (
                        f"part of it is now {error.left.name} in the same folder"
                        if isinstance(error, PartlyMovedAside)
                        else "it is left untouched"
                    )
                    notices.append(
                        f"{path} is damaged ({damage}) and could not be moved aside ({describe(error)}); "
                        f"{where}; {_MEMORY_ONLY}"
                    )
                    return cls.in_memory(notices)
                notices.append(
                    f"{path} was damaged ({damage}); moved it to {moved.name} in the same folder "
                    "and started a fresh state database (the old marks may be recoverable from that file)"
                )
            except _TooNew as error:
                return cls._read_only_copy(path, notices, str(error))
            except (sqlite3.Error, OSError) as error:
                code = error_code(error)
                if code in READONLY_CODES:
                    return cls._read_only_copy(path, notices, "is read-only")
                if code in BUSY_CODES:
                    notices.append(f"{path} is locked by another program: {describe(error)}; {_MEMORY_ONLY}")
                else:
                    notices.append(f"cannot open {path}: {describe(error)}; {_MEMORY_ONLY}")
                return cls.in_memory(notices)
        notices.append(f"{path} is still damaged after starting afresh; {_MEMORY_ONLY}")
        return cls.in_memory(notices)

    @classmethod
    def in_memory(cls, notices: list[str] | None = None) -> StateStore:
        notices = list(notices or [])
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        try:
            _migrate(connection)
        except sqlite3.Error as error:  # a bug in a migration must not stop the app
            notices.append(f"cannot set up read/starred marks: {describe(error)}")
        return cls(connection, path=None, notices=notices)

    @classmethod
    def _read_only_copy(cls, path: Path, notices: list[str], why: str) -> StateStore:
        """The saved marks stay visible; changes live in memory only."""
        store = cls.in_memory(notices)
        try:
            rows = _read_marks(path)
            store._db.executemany("INSERT OR REPLACE INTO marks VALUES (?, ?, ?, ?)", rows)
            store.notices.append(f"{path} {why}: showing its marks, but changes are kept in memory only")
        except (sqlite3.Error, OSError) as error:
            store.notices.append(f"{path} {why} and cannot be read ({describe(error)}); {_MEMORY_ONLY}")
        return store

    def close(self) -> None:
        with self._lock:
            try:
                self._db.close()
            except sqlite3.Error:
                pass

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def persistent(self) -> bool:
        return self.path is not None

    @property
    def schema_version(self) -> int:
        with self._lock:
            version: int = self._db.execute("PRAGMA user_version").fetchone()[0]
            return version

    def take_notices(self) -> list[str]:
        """Notices added since the last call, for the UI to show once each."""
        with self._lock:
            new = self.notices[self._taken :]
            self._taken = len(self.notices)
            return new

    # -- reading ------------------------------------------------------------------

    def marks(self, key: str) -> Marks:
        row = self._query_one("SELECT read_at IS NOT NULL, starred_at IS NOT NULL FROM marks WHERE key = ?", (key,))
        return Marks(bool(row[0]), bool(row[1])) if row else UNMARKED

    def read_at(self, key: str) -> datetime | None:
        """When the article was (first) marked read, in UTC."""
        row = self._query_one("SELECT read_at FROM marks WHERE key = ?", (key,))
        return datetime.fromtimestamp(row[0], UTC) if row and row[0] is not None else None

    def starred_at(self, key: str) -> datetime | None:
        row = self._query_one("SELECT starred_at FROM marks WHERE key = ?", (key,))
        return datetime.fromtimestamp(row[0], UTC) if row and row[0] is not None else None

    def flags(self, keys: Iterable[str]) -> dict[str, Marks]:
        """Marks for every key given (unmarked ones too), in one query however many keys.

        Many keys: one scan of all marks beats as many index lookups (30 ms for 100,000).
        """
        result = dict.fromkeys(keys, UNMARKED)
        if len(result) > _SCAN_ABOVE:
            rows = self._query_all(_MARKS_SQL)
            result.update((key, _MARKS[read, starred]) for key, read, starred in rows if key in result)
        elif result:
            wanted = json.dumps(list(result))
            rows = self._query_all(f"{_MARKS_SQL} WHERE key IN (SELECT value FROM json_each(?))", (wanted,))
            result.update((key, _MARKS[read, starred]) for key, read, starred in rows)
        return result

    def marked(self, keys: Iterable[str]) -> dict[str, Marks]:
        """Like `flags`, but only the keys that are read or starred (at 100,000 articles, most
        are neither: the app keeps this small dict, absent meaning unmarked)."""
        return {key: mark for key, mark in self.flags(keys).items() if mark != UNMARKED}

    def read_keys(self) -> set[str]:
        return {row[0] for row in self._query_all("SELECT key FROM marks WHERE read_at IS NOT NULL")}

    def starred_keys(self) -> set[str]:
        return {row[0] for row in self._query_all("SELECT key FROM marks WHERE starred_at IS NOT NULL")}

    # -- writing: each call is one committed transaction ------------------------------

    def set_read(self, key: str, read: bool = True) -> bool:
        """Mark read (keeping the first time it was read) or unread. Returns the stored state."""
        self.set_read_many([key], read)
        return self.marks(key).read

    def toggle_read(self, key: str) -> bool:
        return self._toggle(key, "read_at")

    def set_starred(self, key: str, starred: bool = True) -> bool:
        """Returns the stored state: once this returns True, the star survives kill -9."""
        self._write(lambda db: _set(db, [key], "starred_at", starred))
        return self.marks(key).starred

    def toggle_starred(self, key: str) -> bool:
        return self._toggle(key, "starred_at")

    def set_read_many(self, keys: Iterable[str], read: bool = True) -> int:
        """Mark many at once ("mark all read"), in one transaction. Returns how many were given."""
        keys = list(dict.fromkeys(keys))
        if keys:
            self._write(lambda db: _set(db, keys, "read_at", read))
        return len(keys)

    def carry_marks(self, old_key: str, new_key: str) -> bool:
        """Give ``new_key`` the marks of ``old_key`` (an article whose words were updated), in
        one transaction; marks ``new_key`` has already stay, with the earlier time of each. The
        old key keeps its marks: another copy may still have those words. Returns whether it
        was saved."""
        if old_key == new_key:
            return True
        return self._write(lambda db: _carry(db, old_key, new_key))

    def _toggle(self, key: str, column: str) -> bool:
        def toggle(db: sqlite3.Connection) -> None:
            row = db.execute(f"SELECT {column} IS NOT NULL FROM marks WHERE key = ?", (key,)).fetchone()
            _set(db, [key], column, not (row and row[0]))

        self._write(toggle)
        return self.marks(key).read if column == "read_at" else self.marks(key).starred

    # -- plumbing -----------------------------------------------------------------

    def _write(self, change: Callable[[sqlite3.Connection], object]) -> bool:
        with self._lock:
            try:
                with transaction(self._db):
                    change(self._db)
                return True
            except sqlite3.Error as error:
                self.notices.append(f"could not save read/starred marks: {describe(error)}")
                return False

    def _query_one(self, sql: str, params: tuple[object, ...]) -> Row | None:
        with self._lock:
            try:
                row: Row | None = self._db.execute(sql, params).fetchone()
                return row
            except sqlite3.Error as error:
                self._note_read_error(error)
                return None

    def _query_all(self, sql: str, params: tuple[object, ...] = ()) -> list[Row]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                self._note_read_error(error)
                return []

    def _note_read_error(self, error: sqlite3.Error) -> None:
        message = f"could not read read/starred marks: {describe(error)}"
        if not self.notices or self.notices[-1] != message:
            self.notices.append(message)


def _read_marks(path: Path) -> list[Row]:
    """Every mark, creating no file. After a clean exit the WAL is folded into the main
    file, which is then read as immutable: a plain read-only open would leave behind a
    read-only -shm file that blocks writing once the permissions are fixed. Only a WAL
    with commits in it (a crashed writer) needs SQLite's read-only WAL machinery."""
    uri = path.resolve().as_uri()
    wal = Path(f"{path}-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    attempts = ("mode=ro", "mode=ro&immutable=1") if pending else ("mode=ro&immutable=1", "mode=ro")
    error: sqlite3.Error | None = None
    for options in attempts:
        try:
            source = sqlite3.connect(f"{uri}?{options}", uri=True)
        except sqlite3.Error as failure:
            error = failure
            continue
        try:
            return source.execute("SELECT key, read_at, starred_at, updated_at FROM marks").fetchall()
        except sqlite3.Error as failure:
            error = failure
        finally:
            source.close()
    assert error is not None
    raise error


def _set(db: sqlite3.Connection, keys: list[str], column: str, on: bool) -> None:
    now = int(time.time())
    if on:  # COALESCE keeps the first time it was marked
        db.executemany(
            f"INSERT INTO marks (key, {column}, updated_at) VALUES (?, ?, ?) "
            f"ON CONFLICT(key) DO UPDATE SET {column} = COALESCE({column}, excluded.{column}), "
            "updated_at = excluded.updated_at",
            ((key, now, now) for key in keys),
        )
    else:
        db.executemany(f"UPDATE marks SET {column} = NULL, updated_at = ? WHERE key = ?", ((now, key) for key in keys))
        db.executemany(
            "DELETE FROM marks WHERE key = ? AND read_at IS NULL AND starred_at IS NULL", ((key,) for key in keys)
        )


def _carry(db: sqlite3.Connection, old_key: str, new_key: str) -> None:
    db.execute(
        "INSERT INTO marks (key, read_at, starred_at, updated_at) "
        "SELECT ?, read_at, starred_at, ? FROM marks WHERE key = ? "
        "ON CONFLICT(key) DO UPDATE SET "  # (min() of a NULL is NULL: then whichever is set)
        "read_at = COALESCE(min(read_at, excluded.read_at), read_at, excluded.read_at), "
        "starred_at = COALESCE(min(starred_at, excluded.starred_at), starred_at, excluded.starred_at), "
        "updated_at = excluded.updated_at",
        (new_key, int(time.time()), old_key),
    )


def _connect_file(path: Path) -> sqlite3.Connection:
    """Open, check and upgrade; raises _Damaged, _TooNew or sqlite3.Error."""
    _check_header(path)
    private_database(path)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _check(db)
        # Where WAL is impossible (some network file systems) SQLite keeps its rollback
        # journal: slower for concurrent readers, but just as atomic and durable with FULL.
        use_wal(db, BUSY_TIMEOUT_MS / 1000)
        db.execute("PRAGMA synchronous = FULL")
        _migrate(db)
        _check_tables(db)
        return db
    except BaseException as error:
        db.close()
        if is_damage(error):
            raise _Damaged(describe(error)) from error
        raise


def _check_header(path: Path) -> None:
    """Reject a non-database before SQLite opens it (and discards its -wal as stale)."""
    try:
        with open(path, "rb") as file:
            header = file.read(16)
    except FileNotFoundError:
        return
    if header and header != b"SQLite format 3\x00":
        raise _Damaged("file is not a database")


def _check(db: sqlite3.Connection) -> None:
    """Structural check: a few milliseconds for a state database of 100,000 marks."""
    problems = [row[0] for row in db.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        raise _Damaged("; ".join(str(p) for p in problems)[:200])


def _check_tables(db: sqlite3.Connection) -> None:
    columns = {row[1] for row in db.execute("PRAGMA table_info(marks)")}
    if not {"key", "read_at", "starred_at", "updated_at"} <= columns:
        raise _Damaged("the marks table is missing or incomplete")


def _migrate(db: sqlite3.Connection) -> None:
    """Bring the schema to SCHEMA_VERSION, one step per transaction.

    The version is re-read inside each transaction, so two processes upgrading at
    once do each step exactly once.
    """
    while True:
        with transaction(db):
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _TooNew(
                    f"was written by a newer version of reader (schema {version}, this one knows {SCHEMA_VERSION})"
                )
            if version == SCHEMA_VERSION:
                return
            for statement in MIGRATIONS[version + 1]:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {version + 1}")


class PartlyMovedAside(OSError):
    """A rename failed and so did undoing an earlier one: ``left`` is where a file now is."""

    def __init__(self, error: OSError, left: Path) -> None:
        super().__init__(error.errno, describe(error))
        self.left = left


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its -wal and -shm files) to ``NAME.YYYYMMDD-HHMMSS.corrupt``.

    The WAL must go with it: left behind, SQLite could replay its pages into the fresh
    database. So it is all or nothing: if any rename fails, those already done are undone
    and the OSError is raised, and the files are where they were. Never deletes anything.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{stamp}.corrupt")
    n = 1
    while any(os.path.lexists(f"{target}{suffix}") for suffix in ("", "-wal", "-shm")):
        target = path.with_name(f"{path.name}.{stamp}-{n}.corrupt")
        n += 1
    # Companions first: the database is the last to go, so a failure never leaves a
    # WAL behind beside a missing database.
    moves = [(f"{path}{suffix}", f"{target}{suffix}") for suffix in ("-wal", "-shm", "")]
    done: list[tuple[str, str]] = []
    try:
        for source, destination in moves:
            if os.path.lexists(source):
                os.rename(source, destination)
                done.append((source, destination))
    except OSError as error:
        for source, destination in reversed(done):
            try:
                os.rename(destination, source)
            except OSError:
                raise PartlyMovedAside(error, Path(destination)) from error
        raise
    return target
