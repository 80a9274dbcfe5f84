"""Folders and databases only their owner can read, whatever the umask.

The cache holds titles and paths, the state file holds what the user read and starred:
other local users have no business reading either. SQLite creates a database with
0644 less the umask and gives its -wal and -shm files the database's own mode, so the
database file is created here first, 0600, and SQLite inherits that.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
_COMPANIONS = ("", "-wal", "-shm", "-journal")


def private_folder(path: Path) -> None:
    """Create ``path`` (and missing parents) as 0700, and tighten ``path`` if it is looser.

    Only the folder itself is tightened: its parents (``~/.cache``) are the user's to set.
    Raises OSError as ``mkdir`` does.
    """
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    _tighten(path, FOLDER_MODE)


def private_database(path: Path) -> bool:
    """Make sure the SQLite file at ``path`` (and its companions) are 0600 before SQLite opens it.

    A missing database is created empty (SQLite takes an empty file for a new database);
    an existing one, from an older version that left it 0644, is tightened. Returns whether
    the file was created here (see :func:`remove_if_unused`). Never raises: a file we
    cannot create or change is left for SQLite to report.
    """
    created = False
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    except FileExistsError:
        pass
    except OSError:
        return False
    else:
        os.close(fd)
        created = True
    for suffix in _COMPANIONS:
        _tighten(Path(f"{path}{suffix}"), FILE_MODE)
    return created


def write_private_file(path: Path, text: str) -> None:
    """Replace the file at ``path`` with ``text`` at once: a new file (0600, in a private folder)
    written and fsynced beside it, then renamed over it, so that a crash leaves the old file or the
    new one, never half of either."""
    import tempfile

    private_folder(path.parent)
    handle, temporary = tempfile.mkstemp(prefix=".new-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_if_unused(path: Path) -> None:
    """Remove the empty file :func:`private_database` created when SQLite could not use it after all."""
    try:
        if os.lstat(path).st_size == 0:
            os.unlink(path)
    except OSError:
        pass


def _tighten(path: Path, mode: int) -> None:
    """Drop group and other bits from a file or folder we own; leave anything else alone."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode) or (hasattr(os, "geteuid") and info.st_uid != os.geteuid()):
            return
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(path, stat.S_IMODE(info.st_mode) & mode)
    except OSError:
        pass
