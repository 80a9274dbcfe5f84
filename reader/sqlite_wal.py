"""Switching an SQLite file to write-ahead logging when other processes may be opening it too.

``PRAGMA journal_mode = WAL`` needs a moment alone with the file. When another connection is
setting up the same new file, SQLite answers SQLITE_BUSY straight away instead of calling the
busy handler, so ``busy_timeout`` alone does not cover it: two readers started together would
see "database is locked" and lose their marks to memory. We wait here instead.
"""

from __future__ import annotations

import sqlite3
import time

_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED


def use_wal(connection: sqlite3.Connection, wait_seconds: float) -> str:
    """Ask for WAL, retrying a busy answer for up to ``wait_seconds``; return the mode in force.

    The mode may stay "delete" where WAL is impossible (some network file systems); that is
    for the caller to accept. Any other error, or a lock that outlasts the wait, is raised.
    """
    deadline = time.monotonic() + wait_seconds
    pause = 0.001
    while True:
        try:
            return str(connection.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as error:
            code = getattr(error, "sqlite_errorcode", 0) & 0xFF
            if code not in _BUSY_CODES or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
