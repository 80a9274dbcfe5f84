"""Transactions, WAL and error classification shared by every SQLite file the reader keeps."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

# Primary result codes (the low byte of an extended code): https://sqlite.org/rescode.html
CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB
READONLY_CODES = frozenset({3, 8})  # SQLITE_PERM, SQLITE_READONLY
BUSY_CODES = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED
UNAVAILABLE_CODES = frozenset({10, 13, 14})  # SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN


def error_code(error: BaseException) -> int | None:
    """The primary SQLite result code of ``error``, or None for anything else."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_damage(error: BaseException) -> bool:
    """The file is damaged or not a database at all: only replacing it helps."""
    return isinstance(error, sqlite3.DatabaseError) and error_code(error) in CORRUPT_CODES


def is_unavailable(error: BaseException) -> bool:
    """The file can't be used now (locked, read-only, I/O trouble, disk full), though it may be sound."""
    return isinstance(error, sqlite3.Error) and error_code(error) in (BUSY_CODES | READONLY_CODES | UNAVAILABLE_CODES)


def describe(error: BaseException) -> str:
    """A short lower-case reason for a message: "permission denied", "database is locked"."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower() if error.strerror[:1].isupper() else error.strerror
    return str(error) or type(error).__name__


@contextmanager
def transaction(db: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> Iterator[sqlite3.Connection]:
    """``begin`` … COMMIT, rolled back on any exception (KeyboardInterrupt included).

    BEGIN IMMEDIATE takes the write lock up front (waiting busy_timeout), so a read-then-write
    inside is atomic across processes too; plain BEGIN suits reads that want one snapshot.
    Connections must be in autocommit mode (``isolation_level=None``).
    """
    db.execute(begin)
    try:
        yield db
    except BaseException:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # (SQLite may have rolled back already, e.g. after SQLITE_FULL)
        raise
    db.execute("COMMIT")


def use_wal(connection: sqlite3.Connection, wait_seconds: float) -> str:
    """Ask for write-ahead logging, waiting up to ``wait_seconds`` out a busy file; return the mode in force.

    ``PRAGMA journal_mode = WAL`` needs a moment alone with the file. When another connection
    is setting up the same new file, SQLite answers SQLITE_BUSY at once instead of calling the
    busy handler, so ``busy_timeout`` alone does not cover it: two readers started together
    would see "database is locked". The mode may stay "delete" where WAL is impossible (some
    network file systems); that is for the caller to accept. Other errors are raised.
    """
    deadline = time.monotonic() + wait_seconds
    pause = 0.001
    while True:
        try:
            return str(connection.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as error:
            if error_code(error) not in BUSY_CODES or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
