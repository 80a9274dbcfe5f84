"""Asking for WAL waits out another connection's moment alone with the file."""

import sqlite3
import threading

import pytest

from reader.storage.sqlite import use_wal


@pytest.fixture
def locked_file(tmp_path):
    """A rollback-journal file another connection holds exclusively until released."""
    path = tmp_path / "file.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    yield path, holder
    holder.close()


def impatient(path):
    """busy_timeout 0: SQLite answers SQLITE_BUSY at once, as it does to WAL switches that race."""
    return sqlite3.connect(path, isolation_level=None, timeout=0)


def test_waits_until_the_lock_is_released(locked_file):
    path, holder = locked_file
    threading.Timer(0.2, holder.execute, args=("COMMIT",)).start()
    connection = impatient(path)
    assert use_wal(connection, wait_seconds=5) == "wal"
    connection.close()


def test_gives_up_after_the_wait(locked_file):
    path, _holder = locked_file
    connection = impatient(path)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        use_wal(connection, wait_seconds=0.1)
    connection.close()


def test_other_errors_are_not_retried(tmp_path):
    connection = sqlite3.connect(tmp_path / "file.sqlite3")
    connection.close()
    with pytest.raises(sqlite3.ProgrammingError):
        use_wal(connection, wait_seconds=5)
